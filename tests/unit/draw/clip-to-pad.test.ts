import { describe, expect, it } from 'vitest';
import { clipToPad, sampleDigitOnPad } from '../../../src/lib/draw/clip-to-pad';

describe('the model reads only the ink the pad shows (issue 13)', () => {
  it('keeps strokes inside the pad as they are', () => {
    const stroke = [{ x: 10, y: 10 }, { x: 50, y: 60 }, { x: 100, y: 20 }];
    expect(clipToPad([stroke], 280)).toEqual([stroke]);
    expect(clipToPad([[{ x: 5, y: 5 }]], 280)).toEqual([[{ x: 5, y: 5 }]]);
  });

  it('cuts a stroke at the edge and drops what is outside', () => {
    expect(clipToPad([[{ x: 100, y: 100 }, { x: 500, y: 100 }]], 280)).toEqual([[{ x: 100, y: 100 }, { x: 280, y: 100 }]]);
    expect(clipToPad([[{ x: 300, y: 10 }, { x: 900, y: 900 }], [{ x: -5, y: -5 }]], 280)).toEqual([]);
  });

  it('splits a stroke that leaves the pad and comes back into two', () => {
    const out = clipToPad([[{ x: 200, y: 100 }, { x: 400, y: 100 }, { x: 400, y: 200 }, { x: 200, y: 200 }]], 280);
    expect(out).toEqual([
      [{ x: 200, y: 100 }, { x: 280, y: 100 }],
      [{ x: 280, y: 200 }, { x: 200, y: 200 }],
    ]);
  });

  it('crosses the pad from outside to outside', () => {
    expect(clipToPad([[{ x: -100, y: 140 }, { x: 380, y: 140 }]], 280)).toEqual([[{ x: 0, y: 140 }, { x: 280, y: 140 }]]);
  });

  it('has a pen sample of every digit, inside the pad', () => {
    for (let digit = 0; digit < 10; digit++) {
      const drawing = sampleDigitOnPad(digit, 280);
      expect(drawing.length).toBeGreaterThan(0);
      expect(clipToPad(drawing, 280)).toEqual(drawing);
    }
    expect(() => sampleDigitOnPad(10, 280)).toThrow(RangeError);
  });
});
