import { describe, expect, it } from 'vitest';
import { inkBounds, scaleAndTranslate } from '../../../src/lib/preprocess/strokes';

describe('inkBounds', () => {
  it('boxes every point of every stroke', () => {
    const drawing = [
      [{ x: 10, y: 20 }, { x: 30, y: 5 }],
      [{ x: -4, y: 12 }],
    ];
    expect(inkBounds(drawing)).toEqual({ minX: -4, minY: 5, maxX: 30, maxY: 20, width: 34, height: 15 });
  });

  it('is null when nothing was drawn', () => {
    expect(inkBounds([])).toBeNull();
    expect(inkBounds([[], []])).toBeNull();
  });

  it('has no width for a vertical line and no size for a dot', () => {
    expect(inkBounds([[{ x: 7, y: 1 }, { x: 7, y: 9 }]])).toMatchObject({ width: 0, height: 8 });
    expect(inkBounds([[{ x: 7, y: 1 }]])).toMatchObject({ width: 0, height: 0 });
  });

  it('refuses a coordinate that is not a finite number', () => {
    expect(() => inkBounds([[{ x: 1, y: 1 }], [{ x: 2, y: 2 }, { x: NaN, y: 3 }]])).toThrow(/Stroke 1, point 1/);
    expect(() => inkBounds([[{ x: 1, y: Infinity }]])).toThrow(RangeError);
  });
});

describe('scaleAndTranslate', () => {
  it('scales then moves every point, keeping the strokes apart', () => {
    const drawing = [[{ x: 1, y: 2 }, { x: 3, y: 4 }], [{ x: 0, y: 0 }]];
    expect(scaleAndTranslate(drawing, 2, 10, -1)).toEqual([
      [{ x: 12, y: 3 }, { x: 16, y: 7 }],
      [{ x: 10, y: -1 }],
    ]);
  });
});
