import { describe, expect, it } from 'vitest';
import { centreOfMass } from '../../../src/lib/preprocess/centre-of-mass';
import {
  DEFAULT_PEN_WIDTH_FRACTION,
  MNIST_CENTRE_OF_MASS,
  MNIST_FIT_SIZE,
  MNIST_SIZE,
  toMnistInput,
  type MnistInput,
} from '../../../src/lib/preprocess/mnist-input';
import { inkBounds, scaleAndTranslate, type Drawing } from '../../../src/lib/preprocess/strokes';
import { loadPenDigits } from '../pendigits/pendigits-file';
import { inkExtent, inkMass, maxAbsDifference, pathLength } from './image-measures';

const digits = loadPenDigits();
const firstOf = (label: number): Drawing => digits.find((d) => d.label === label)!.strokes;
/** The pen's width at 28×28 for the default fraction: 20 · 0.11 / 1.11 ≈ 1.98 px. */
const PEN_AT_28 = (MNIST_FIT_SIZE * DEFAULT_PEN_WIDTH_FRACTION) / (1 + DEFAULT_PEN_WIDTH_FRACTION);

/** The pixels' own centre of mass, measured here rather than trusted from the result. */
function measuredCentre(input: MnistInput) {
  return centreOfMass(input.pixels, MNIST_SIZE, MNIST_SIZE)!;
}

function expectWellFormed(input: MnistInput): void {
  expect(input.pixels.length).toBe(MNIST_SIZE * MNIST_SIZE);
  expect(input.pixels.every((value) => Number.isFinite(value) && value >= 0 && value <= 1)).toBe(true);
  expect(input.empty).toBe(false);
  expect(inkMass(input.pixels)).toBeGreaterThan(0);
  const centre = measuredCentre(input);
  expect(Math.abs(centre.x - MNIST_CENTRE_OF_MASS)).toBeLessThan(0.05);
  expect(Math.abs(centre.y - MNIST_CENTRE_OF_MASS)).toBeLessThan(0.05);
}

/** Moves a drawing so its box starts at (left, top) with its longer side `size` long. */
function redraw(drawing: Drawing, size: number, left: number, top: number): Drawing {
  const bounds = inkBounds(drawing)!;
  const scale = size / Math.max(bounds.width, bounds.height);
  return scaleAndTranslate(drawing, scale, left - bounds.minX * scale, top - bounds.minY * scale);
}

describe('toMnistInput', () => {
  it('gives all zeros, flagged empty, when nothing was drawn', () => {
    for (const drawing of [[], [[]]]) {
      const input = toMnistInput(drawing);
      expect(input.empty).toBe(true);
      expect(input.pixels.length).toBe(784);
      expect(input.pixels.every((value) => value === 0)).toBe(true);
      expect(input.centreOfMass).toEqual({ x: 14, y: 14 });
    }
  });

  it('reads a real pen digit as MNIST draws one: saturated ink, 20 px box, centre of mass at (14, 14)', () => {
    const input = toMnistInput(firstOf(9));
    expectWellFormed(input);
    expect(Math.max(...input.pixels)).toBe(1);
    expect(Math.max(input.box.width, input.box.height)).toBeCloseTo(MNIST_FIT_SIZE, 9);
    expect(input.centreOfMass.x).toBeCloseTo(measuredCentre(input).x, 9);
    expect(input.penWidth).toBeCloseTo(PEN_AT_28, 9);
  });

  it('gives the same input for a digit drawn small in a corner or large in the middle', () => {
    const seven = firstOf(7);
    const small = toMnistInput(redraw(seven, 30, 5, 12));
    const large = toMnistInput(redraw(seven, 900, 400, 350));
    const asWritten = toMnistInput(seven); // where the writer put it in the 500 × 500 box
    expectWellFormed(small);
    // Every step scales with the ink, so only floating-point rounding could tell them apart.
    expect(maxAbsDifference(small.pixels, large.pixels)).toBeLessThan(1e-4);
    expect(maxAbsDifference(small.pixels, asWritten.pixels)).toBeLessThan(1e-4);
  });

  it('keeps the aspect ratio: a wide dash stays wide and thin, a tall bar tall and thin', () => {
    const dash = toMnistInput([[{ x: 40, y: 200 }, { x: 240, y: 203 }]]);
    expectWellFormed(dash);
    expect(inkExtent(dash.pixels).width).toBeCloseTo(MNIST_FIT_SIZE, 0);
    expect(inkExtent(dash.pixels).height).toBeLessThan(3.5);

    const one = toMnistInput([[{ x: 120, y: 30 }, { x: 120, y: 330 }]]);
    expectWellFormed(one);
    expect(inkExtent(one.pixels).height).toBeCloseTo(MNIST_FIT_SIZE, 0);
    expect(inkExtent(one.pixels).width).toBeCloseTo(PEN_AT_28, 1);
    expect(one.box.width).toBeCloseTo(PEN_AT_28, 9);
    expect(one.box.height).toBeCloseTo(MNIST_FIT_SIZE, 9);
    expect(one.box.left + one.box.width / 2).toBeCloseTo(MNIST_CENTRE_OF_MASS, 2);
  });

  it('draws strokes about 2 px wide at 28×28 whatever size they were drawn', () => {
    for (const height of [0.5, 40, 3000]) {
      const line = toMnistInput([[{ x: 10, y: 10 }, { x: 10, y: 10 + height }]]);
      const crossSection = line.pixels.subarray(14 * MNIST_SIZE, 15 * MNIST_SIZE);
      expect(inkMass(crossSection)).toBeCloseTo(PEN_AT_28, 5);

      for (const label of [0, 4, 8]) {
        const drawing = redraw(firstOf(label), height, 10, 10);
        const input = toMnistInput(drawing);
        // The pen's path at 28×28: the ink box without the pen, over the drawing's box.
        const bounds = inkBounds(drawing)!;
        const scale = (Math.max(input.box.width, input.box.height) - input.penWidth) / Math.max(bounds.width, bounds.height);
        const strokeWidth = inkMass(input.pixels) / (pathLength(drawing) * scale);
        expect(strokeWidth).toBeGreaterThan(1.5);
        expect(strokeWidth).toBeLessThan(3.5);
      }
    }
  });

  it('makes a dot, or a point tapped twice, a small disc in the centre', () => {
    const dot = toMnistInput([[{ x: 300, y: 20 }]]);
    const tappedTwice = toMnistInput([[{ x: 300, y: 20 }, { x: 300, y: 20 }], [{ x: 300, y: 20 }]]);
    expectWellFormed(dot);
    expect(tappedTwice.pixels).toEqual(dot.pixels);
    expect(dot.pixels[14 * MNIST_SIZE + 14]).toBe(1);
    expect(inkMass(dot.pixels)).toBeGreaterThan(2);
    expect(inkMass(dot.pixels)).toBeLessThan(6);
    dot.pixels.forEach((value, index) => {
      const distance = Math.hypot((index % MNIST_SIZE) - 14, Math.floor(index / MNIST_SIZE) - 14);
      if (distance > PEN_AT_28 / 2 + 0.5) expect(value).toBe(0);
    });
  });

  it('thickens the pen with penWidthFraction, and refuses a fraction that makes no pen', () => {
    const eight = firstOf(8);
    const thin = toMnistInput(eight, { penWidthFraction: 0.08 });
    const thick = toMnistInput(eight, { penWidthFraction: 0.14 });
    expectWellFormed(thin);
    expectWellFormed(thick);
    expect(inkMass(thick.pixels)).toBeGreaterThan(inkMass(thin.pixels));
    expect(() => toMnistInput(eight, { penWidthFraction: 0 })).toThrow(/penWidthFraction/);
    expect(() => toMnistInput(eight, { penWidthFraction: NaN })).toThrow(/penWidthFraction/);
  });

  it('refuses a point that is not a number rather than returning NaN pixels', () => {
    expect(() => toMnistInput([[{ x: 1, y: 1 }, { x: NaN, y: 2 }]])).toThrow(RangeError);
  });

  it('turns 200 real pen digits into finite, centred, non-empty inputs that fit the 20 px box', () => {
    const step = Math.floor(digits.length / 200);
    for (let i = 0; i < 200; i++) {
      const input = toMnistInput(digits[i * step]!.strokes);
      expectWellFormed(input);
      expect(Math.max(input.box.width, input.box.height)).toBeCloseTo(MNIST_FIT_SIZE, 9);
      expect(Math.max(...input.pixels)).toBeGreaterThan(0.99);
    }
  });
});
