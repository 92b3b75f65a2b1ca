import { describe, expect, it } from 'vitest';
import { penSampleToPad, resampleStroke } from '../../../src/lib/eval/pad-mapping';
import { parseUnipen } from '../../../src/lib/pendigits/unipen';
import { toMnistInput } from '../../../src/lib/preprocess/mnist-input';
import { inkBounds } from '../../../src/lib/preprocess/strokes';
import { loadPenDigits } from '../pendigits/pendigits-file';

/** A "1" written high up on the tablet (y = 450 of 500, pointing up), near the left edge. */
const HIGH_ONE = `.SEGMENT DIGIT 0 ? "1"
.COMMENT 1 21 1
.PEN_DOWN
 50  450
 50  350
.PEN_UP
`;

describe('penSampleToPad', () => {
  it('puts what was written high on the tablet near the top of the pad (y flipped once, not twice)', () => {
    const [sample] = parseUnipen(HIGH_ONE);
    const onPad = penSampleToPad(sample!.strokes, { width: 280, height: 280 });
    expect(onPad).toEqual([[{ x: 28, y: 28 }, { x: 28, y: 84 }]]);
  });

  it("keeps the writer's size and place in the box: the whole box fills the pad", () => {
    const corners = [[{ x: 0, y: 0 }, { x: 500, y: 500 }], [{ x: 250, y: 125 }]];
    expect(penSampleToPad(corners, { width: 300, height: 300 })).toEqual([[{ x: 0, y: 0 }, { x: 300, y: 300 }], [{ x: 150, y: 75 }]]);
  });

  it('centres the square box on a pad that is not square, without stretching', () => {
    const onPad = penSampleToPad([[{ x: 0, y: 0 }, { x: 500, y: 500 }]], { width: 400, height: 200 });
    expect(onPad).toEqual([[{ x: 100, y: 0 }, { x: 300, y: 200 }]]);
  });

  it('scales real samples in proportion to the pad, so the model sees the same input on any pad size', () => {
    const sample = loadPenDigits().find((digit) => digit.writer === 25 && digit.label === 8)!;
    const small = penSampleToPad(sample.strokes, { width: 200, height: 200 });
    const large = penSampleToPad(sample.strokes, { width: 400, height: 400 });
    const smallBox = inkBounds(small)!;
    const largeBox = inkBounds(large)!;
    expect(largeBox.width).toBeCloseTo(smallBox.width * 2, 9);
    expect(largeBox.minY).toBeCloseTo(smallBox.minY * 2, 9);
    const difference = toMnistInput(small).pixels.reduce((most, value, i) => Math.max(most, Math.abs(value - toMnistInput(large).pixels[i]!)), 0);
    expect(difference).toBeLessThan(1e-4);
  });

  it('adds pointer moves when asked, keeping every tablet point', () => {
    const onPad = penSampleToPad([[{ x: 0, y: 0 }, { x: 500, y: 0 }]], { width: 100, height: 100 }, { maxStepPx: 30 });
    expect(onPad[0]!.map(({ x }) => x)).toEqual([0, 25, 50, 75, 100]);
  });

  it('says plainly when the pad has no size', () => {
    expect(() => penSampleToPad([], { width: 0, height: 280 })).toThrow('The pad must have a size, got 0 × 280 px');
  });
});

describe('resampleStroke', () => {
  it('leaves no step longer than the limit and spaces the added points evenly', () => {
    const stroke = resampleStroke([{ x: 0, y: 0 }, { x: 30, y: 40 }, { x: 31, y: 40 }], 10);
    expect(stroke).toHaveLength(7);
    expect(stroke.slice(0, 6).map(({ x, y }) => [x, y])).toEqual([[0, 0], [6, 8], [12, 16], [18, 24], [24, 32], [30, 40]]);
    for (let i = 1; i < stroke.length; i++) {
      expect(Math.hypot(stroke[i]!.x - stroke[i - 1]!.x, stroke[i]!.y - stroke[i - 1]!.y)).toBeLessThanOrEqual(10 + 1e-9);
    }
  });

  it('keeps a dot a dot and an empty stroke empty', () => {
    expect(resampleStroke([{ x: 3, y: 4 }], 5)).toEqual([{ x: 3, y: 4 }]);
    expect(resampleStroke([], 5)).toEqual([]);
  });

  it('refuses a step that is not positive', () => {
    expect(() => resampleStroke([{ x: 0, y: 0 }], 0)).toThrow('must be positive');
  });
});
