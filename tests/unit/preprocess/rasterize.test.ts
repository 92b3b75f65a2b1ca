import { describe, expect, it } from 'vitest';
import { penCoverage, rasterizeDrawing } from '../../../src/lib/preprocess/rasterize';
import type { Drawing } from '../../../src/lib/preprocess/strokes';

const SIZE = 16;
const at = (pixels: Float32Array, col: number, row: number) => pixels[row * SIZE + col]!;
const column = (pixels: Float32Array, col: number) => Array.from({ length: SIZE }, (_, row) => at(pixels, col, row));
const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);

describe('penCoverage', () => {
  it('is full inside the pen, half on its edge, and falls to 0 over one pixel', () => {
    expect(penCoverage(0, 1)).toBe(1);
    expect(penCoverage(0.5, 1)).toBe(1);
    expect(penCoverage(1, 1)).toBe(0.5);
    expect(penCoverage(1.25, 1)).toBe(0.25);
    expect(penCoverage(1.5, 1)).toBe(0);
    expect(penCoverage(7, 1)).toBe(0);
  });

  it('never exceeds what a pen thinner than a pixel can cover', () => {
    expect(penCoverage(0, 0.2)).toBeCloseTo(0.4);
    expect(penCoverage(0, 0)).toBe(0);
  });
});

describe('rasterizeDrawing', () => {
  it('puts as much ink across a line as the pen is wide, wherever the line falls between pixels', () => {
    for (const y of [7, 7.25, 7.5, 7.8]) {
      const pixels = rasterizeDrawing([[{ x: -5, y }, { x: 20, y }]], SIZE, SIZE, 2.2);
      expect(sum(column(pixels, 8))).toBeCloseTo(2.2, 5);
      expect(Math.max(...column(pixels, 8))).toBe(1);
    }
  });

  it('draws a one-point stroke as a round dot of the pen', () => {
    const pixels = rasterizeDrawing([[{ x: 8, y: 8 }]], SIZE, SIZE, 6);
    expect(at(pixels, 8, 8)).toBe(1);
    expect(at(pixels, 11, 8)).toBe(0.5); // on the edge, 3 px away
    expect(at(pixels, 8, 5)).toBe(0.5);
    expect(at(pixels, 10, 10)).toBeCloseTo(penCoverage(Math.SQRT2 * 2, 3), 6); // round, not square
    expect(at(pixels, 11, 11)).toBe(0);
    expect(sum(pixels)).toBeCloseTo(Math.PI * 3 * 3, 0);
  });

  it('takes the darkest value where strokes overlap, never the sum', () => {
    const cross: Drawing = [
      [{ x: 2, y: 8 }, { x: 14, y: 8 }],
      [{ x: 8, y: 2 }, { x: 8, y: 14 }],
    ];
    const pixels = rasterizeDrawing(cross, SIZE, SIZE, 2);
    expect(Math.max(...pixels)).toBe(1);
    const twice = rasterizeDrawing([...cross, ...cross], SIZE, SIZE, 2);
    expect(twice).toEqual(pixels);
    // a stroke doubling back on itself is drawn once
    const backAndForth = rasterizeDrawing([[{ x: 2, y: 8 }, { x: 14, y: 8 }, { x: 2, y: 8 }]], SIZE, SIZE, 2);
    expect(backAndForth).toEqual(rasterizeDrawing([[{ x: 2, y: 8 }, { x: 14, y: 8 }]], SIZE, SIZE, 2));
  });

  it('keeps every value in 0..1 and clips ink outside the grid', () => {
    const scribble: Drawing = [[{ x: -10, y: -10 }, { x: 30, y: 4 }, { x: 3.3, y: 12.7 }, { x: 9, y: 40 }]];
    const pixels = rasterizeDrawing(scribble, SIZE, SIZE, 3.7);
    expect(pixels.length).toBe(SIZE * SIZE);
    expect(pixels.every((value) => value >= 0 && value <= 1)).toBe(true);
    expect(sum(pixels)).toBeGreaterThan(0);
    expect(sum(rasterizeDrawing([[{ x: 100, y: 100 }]], SIZE, SIZE, 4))).toBe(0);
  });

  it('skips empty strokes and refuses a bad grid or pen', () => {
    expect(sum(rasterizeDrawing([[], []], SIZE, SIZE, 2))).toBe(0);
    expect(() => rasterizeDrawing([], 0, SIZE, 2)).toThrow(RangeError);
    expect(() => rasterizeDrawing([], 2.5, SIZE, 2)).toThrow(RangeError);
    expect(() => rasterizeDrawing([], SIZE, SIZE, -1)).toThrow(/Pen width/);
    expect(() => rasterizeDrawing([], SIZE, SIZE, NaN)).toThrow(/Pen width/);
  });
});
