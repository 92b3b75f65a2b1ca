import { describe, expect, it } from 'vitest';
import { centreOfMass } from '../../../src/lib/preprocess/centre-of-mass';

describe('centreOfMass', () => {
  it('puts a single pixel at its own column and row', () => {
    const pixels = new Float32Array(4 * 3);
    pixels[2 * 4 + 1] = 0.7; // column 1, row 2
    expect(centreOfMass(pixels, 4, 3)).toEqual({ x: 1, y: 2 });
  });

  it('weights by intensity', () => {
    const pixels = Float32Array.from([1, 0, 0, 3]); // 2×2: (0, 0) weighs 1, (1, 1) weighs 3
    expect(centreOfMass(pixels, 2, 2)).toEqual({ x: 0.75, y: 0.75 });
  });

  it('is null for a blank grid, and refuses a grid of the wrong size', () => {
    expect(centreOfMass(new Float32Array(9), 3, 3)).toBeNull();
    expect(() => centreOfMass(new Float32Array(8), 3, 3)).toThrow(/3×3 = 9 pixels, got 8/);
  });
});
