import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/lib/data/random';
import {
  augmentBatch,
  IDENTITY_TRANSFORM,
  randomTransform,
  transformImage,
  validateAugmentOptions,
  type AugmentOptions,
} from '../../../src/lib/train/augment';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** A filled rectangle of ink (255 unless told) on background (0), as MNIST bytes. */
function rectangleImage(left: number, top: number, width: number, height: number, ink = 255): Uint8Array {
  const image = new Uint8Array(PIXELS);
  for (let y = top; y < top + height; y++) image.fill(ink, y * SIDE + left, y * SIDE + left + width);
  return image;
}

function centreOfMass(image: ArrayLike<number>, offset = 0): { x: number; y: number; ink: number } {
  let ink = 0;
  let x = 0;
  let y = 0;
  for (let p = 0; p < PIXELS; p++) {
    const value = image[offset + p]!;
    ink += value;
    x += value * (p % SIDE);
    y += value * Math.floor(p / SIDE);
  }
  return { x: x / ink, y: y / ink, ink };
}

/**
 * Three images with ink only in columns 8..19 and rows 4..23, inside MNIST's margin, so a
 * shift of up to 4 pixels loses none: a block, a grey bar, a two-level L.
 */
function batchOfThree(): Uint8Array {
  const batch = new Uint8Array(3 * PIXELS);
  batch.set(rectangleImage(10, 10, 8, 8), 0);
  batch.set(rectangleImage(13, 4, 2, 20, 128), PIXELS);
  const l = rectangleImage(8, 6, 3, 16);
  rectangleImage(11, 19, 9, 3, 128).forEach((value, p) => (l[p] ||= value));
  batch.set(l, 2 * PIXELS);
  return batch;
}

const none: AugmentOptions = { maxShiftPixels: 0, maxRotationDegrees: 0, maxScale: 0 };
const everything: AugmentOptions = { maxShiftPixels: 3, maxRotationDegrees: 15, maxScale: 0.15 };

describe('augmentBatch', () => {
  it('with no augmentation only scales bytes to 0..1', () => {
    const batch = batchOfThree();
    const expected = Float32Array.from(batch, (value) => value / 255);
    expect(augmentBatch(batch, 3, null, mulberry32(1))).toEqual(expected);
    expect(augmentBatch(batch, 3, none, mulberry32(1))).toEqual(expected);
  });

  it('takes float images as 0..1 already', () => {
    const floats = Float32Array.from(batchOfThree(), (value) => value / 255);
    expect(augmentBatch(floats, 3, none, mulberry32(1))).toEqual(floats);
  });

  it('writes into the array it is given', () => {
    const target = new Float32Array(3 * PIXELS);
    expect(augmentBatch(batchOfThree(), 3, everything, mulberry32(1), target)).toBe(target);
  });

  it('keeps every value in 0..1, whatever the transform', () => {
    const output = augmentBatch(batchOfThree(), 3, everything, mulberry32(7));
    expect(Math.min(...output)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...output)).toBeLessThanOrEqual(1);
    expect(Math.max(...output)).toBeGreaterThan(0.5);
  });

  it('repeats for the same seed and differs for another', () => {
    const run = (seed: number) => augmentBatch(batchOfThree(), 3, everything, mulberry32(seed));
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('moves each image by whole pixels within the limit, without blurring it', () => {
    const batch = batchOfThree();
    const output = augmentBatch(batch, 3, { ...none, maxShiftPixels: 4 }, mulberry32(11));
    const moves = [0, 1, 2].map((image) => {
      const before = centreOfMass(batch, image * PIXELS);
      const after = centreOfMass(output, image * PIXELS);
      expect(after.ink * 255).toBeCloseTo(before.ink, 2);
      return [after.x - before.x, after.y - before.y];
    });
    for (const move of moves.flat()) {
      expect(Math.abs(move - Math.round(move))).toBeLessThan(1e-4);
      expect(Math.abs(move)).toBeLessThanOrEqual(4);
    }
    expect(moves.flat().some((move) => Math.abs(move) > 0.5)).toBe(true);
    for (const value of output) expect([0, 128 / 255, 1].some((level) => Math.abs(value - level) < 1e-6)).toBe(true);
  });

  it('rejects arrays too small for the count', () => {
    expect(() => augmentBatch(new Uint8Array(PIXELS), 2, null, mulberry32(1))).toThrow(/2 images of 28×28 need 1568 values/);
  });
});

describe('transformImage', () => {
  const image = rectangleImage(10, 9, 5, 7);
  const apply = (transform: typeof IDENTITY_TRANSFORM) => {
    const target = new Float32Array(PIXELS);
    transformImage(image, target, 0, transform);
    return target;
  };

  it('moves the centre of mass by exactly the shift', () => {
    const before = centreOfMass(image);
    const after = centreOfMass(apply({ ...IDENTITY_TRANSFORM, shiftX: 3, shiftY: -2 }));
    expect(after.x - before.x).toBeCloseTo(3, 10);
    expect(after.y - before.y).toBeCloseTo(-2, 10);
  });

  it('shifts by whole pixels exactly as the bilinear path does, ink leaving at the edges, for bytes and floats', () => {
    const random = mulberry32(7);
    const noisy = Uint8Array.from({ length: 2 * PIXELS }, () => Math.floor(random() * 256));
    const floats = Float32Array.from(noisy, (v) => v / 255);
    for (const source of [noisy, floats]) {
      for (const [shiftX, shiftY] of [[0, 0], [3, -2], [-4, 4], [27, 0], [0, -28], [1, 1]] as const) {
        const shifted = new Float32Array(2 * PIXELS).fill(Number.NaN);
        transformImage(source, shifted, PIXELS, { ...IDENTITY_TRANSFORM, shiftX, shiftY });
        // The general path: a full turn is the identity up to rounding in cos and sin.
        const turned = new Float32Array(2 * PIXELS);
        transformImage(source, turned, PIXELS, { ...IDENTITY_TRANSFORM, shiftX, shiftY, rotationDegrees: 360 });
        for (let p = 0; p < PIXELS; p++) {
          const [x, y] = [p % SIDE, Math.floor(p / SIDE)];
          const [fromX, fromY] = [x - shiftX, y - shiftY];
          const inside = fromX >= 0 && fromX < SIDE && fromY >= 0 && fromY < SIDE;
          const expected = inside ? source[PIXELS + fromY * SIDE + fromX]! * (source === noisy ? 1 / 255 : 1) : 0;
          expect(shifted[PIXELS + p], `shift ${shiftX},${shiftY} pixel ${p}`).toBeCloseTo(expected, 6);
          expect(shifted[PIXELS + p]).toBeCloseTo(turned[PIXELS + p]!, 5);
        }
        expect(shifted.subarray(0, PIXELS).every(Number.isNaN), 'the image before is left alone').toBe(true);
      }
    }
  });

  it('turns a quarter turn onto the pixel grid (the centre lies between pixels)', () => {
    const dot = new Uint8Array(PIXELS);
    dot[13 * SIDE + 20] = 255; // x 20, y 13: 6.5 right of the centre, 0.5 above it
    const target = new Float32Array(PIXELS);
    transformImage(dot, target, 0, { ...IDENTITY_TRANSFORM, rotationDegrees: 90 });
    expect(target[20 * SIDE + 14]).toBeCloseTo(1, 6); // now 6.5 below it, 0.5 right
    expect(target.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('grows the ink with the square of the scale, about the centre', () => {
    const centred = rectangleImage(10, 10, 8, 8);
    const target = new Float32Array(PIXELS);
    transformImage(centred, target, 0, { ...IDENTITY_TRANSFORM, scale: 1.25 });
    const before = centreOfMass(centred);
    const after = centreOfMass(target);
    expect((after.ink * 255) / before.ink).toBeCloseTo(1.25 ** 2, 1);
    expect(after.x).toBeCloseTo(13.5, 6);
    expect(after.y).toBeCloseTo(13.5, 6);
  });

  it('lets ink shifted past the edge fall off', () => {
    const after = centreOfMass(apply({ ...IDENTITY_TRANSFORM, shiftX: 20 }));
    expect(after.ink).toBe(0);
  });
});

describe('randomTransform', () => {
  it('draws within the limits and covers both directions', () => {
    const rng = mulberry32(5);
    const draws = Array.from({ length: 500 }, () => randomTransform(everything, rng));
    const shifts = new Set(draws.map((draw) => draw.shiftX));
    expect([...shifts].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    for (const draw of draws) {
      expect(Math.abs(draw.rotationDegrees)).toBeLessThanOrEqual(15);
      expect(Math.abs(draw.scale - 1)).toBeLessThanOrEqual(0.15);
    }
  });
});

describe('validateAugmentOptions', () => {
  it('accepts the limits and rejects what lies beyond', () => {
    expect(validateAugmentOptions({ maxShiftPixels: 4, maxRotationDegrees: 45, maxScale: 0.5 })).toEqual([]);
    expect(validateAugmentOptions({ maxShiftPixels: 1.5, maxRotationDegrees: 90, maxScale: -0.1 })).toEqual([
      'augment.maxShiftPixels must be a whole number from 0 to 4, got 1.5',
      'augment.maxRotationDegrees must be from 0 to 45, got 90',
      'augment.maxScale must be from 0 to 0.5 (a 50% size change), got -0.1',
    ]);
  });
});
