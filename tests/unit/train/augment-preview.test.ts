import { describe, expect, it } from 'vitest';
import { AUGMENT_LIMITS } from '../../../src/lib/train/augment';
import { augmentControlValues, augmentVariants, readAugmentControls, readImageIndex } from '../../../src/lib/train/augment-preview';
import { DEFAULT_AUGMENT_OPTIONS } from '../../../src/lib/train/augment-setting';
import { realMnist } from './real-mnist';

const image = realMnist(1, 1).image('test', 0);
const PIXELS = 784;

describe('augmentVariants', () => {
  it('makes different, non-blank copies of one digit, the same ones for the same seed', () => {
    const variants = augmentVariants(image, 24, DEFAULT_AUGMENT_OPTIONS, 1);
    expect(variants).toHaveLength(24 * PIXELS);
    const pictures = Array.from({ length: 24 }, (_, i) => variants.subarray(i * PIXELS, (i + 1) * PIXELS));
    expect(pictures.every((p) => p.some((v) => v > 0.5))).toBe(true);
    expect(new Set(pictures.map((p) => p.join(','))).size).toBeGreaterThan(20);
    expect(Array.from(augmentVariants(image, 24, DEFAULT_AUGMENT_OPTIONS, 1))).toEqual(Array.from(variants));
    expect(Array.from(augmentVariants(image, 24, DEFAULT_AUGMENT_OPTIONS, 2))).not.toEqual(Array.from(variants));
  });

  it('copies the digit unchanged (as 0..1) when every limit is 0', () => {
    const still = augmentVariants(image, 3, { maxShiftPixels: 0, maxRotationDegrees: 0, maxScale: 0 }, 5);
    for (let i = 0; i < 3; i++) {
      expect(Array.from(still.subarray(i * PIXELS, (i + 1) * PIXELS)).map((v) => Math.round(v * 255))).toEqual(Array.from(image));
    }
  });

  it('needs exactly one 28×28 image', () => {
    expect(() => augmentVariants(new Uint8Array(10), 2, DEFAULT_AUGMENT_OPTIONS, 1)).toThrow(/784/);
  });
});

describe('readAugmentControls', () => {
  it('reads shift in pixels, rotation in degrees and scale in percent', () => {
    expect(readAugmentControls({ shift: '3', rotation: '12.5', scale: '20' })).toEqual({
      ok: true,
      options: { maxShiftPixels: 3, maxRotationDegrees: 12.5, maxScale: 0.2 },
    });
  });

  it('accepts the limits themselves', () => {
    const atLimits = readAugmentControls({ shift: String(AUGMENT_LIMITS.maxShiftPixels), rotation: String(AUGMENT_LIMITS.maxRotationDegrees), scale: String(AUGMENT_LIMITS.maxScale * 100) });
    expect(atLimits).toEqual({ ok: true, options: { ...AUGMENT_LIMITS } });
  });

  it('gives a sentence for each control outside AUGMENT_LIMITS, and none for the others', () => {
    const reading = readAugmentControls({ shift: '5', rotation: '10', scale: '51' });
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems.shift).toMatch(/whole number of pixels from 0 to 4/);
    expect(reading.problems.rotation).toBeUndefined();
    expect(reading.problems.scale).toMatch(/from 0 to 50%/);
  });

  it('refuses empty, negative, fractional shifts and words', () => {
    for (const [values, field] of [
      [{ shift: '', rotation: '0', scale: '0' }, 'shift'],
      [{ shift: '1.5', rotation: '0', scale: '0' }, 'shift'],
      [{ shift: '0', rotation: '-1', scale: '0' }, 'rotation'],
      [{ shift: '0', rotation: '0', scale: 'lots' }, 'scale'],
    ] as const) {
      const reading = readAugmentControls(values);
      expect(reading.ok ? [] : Object.keys(reading.problems)).toEqual([field]);
    }
  });

  it('writes the options back into the controls’ units', () => {
    expect(augmentControlValues(DEFAULT_AUGMENT_OPTIONS)).toEqual({ shift: '2', rotation: '10', scale: '10' });
    expect(readAugmentControls(augmentControlValues(DEFAULT_AUGMENT_OPTIONS))).toEqual({ ok: true, options: DEFAULT_AUGMENT_OPTIONS });
  });
});

describe('readImageIndex', () => {
  it('accepts 0 to count − 1', () => {
    expect(readImageIndex('0', 10_000, 'test')).toEqual({ ok: true, index: 0 });
    expect(readImageIndex(' 9999 ', 10_000, 'test')).toEqual({ ok: true, index: 9999 });
  });

  it('refuses anything else with a sentence naming the range', () => {
    for (const text of ['10000', '-1', '2.5', '', 'seven']) {
      const reading = readImageIndex(text, 10_000, 'test');
      expect(reading.ok).toBe(false);
      if (!reading.ok) expect(reading.problem).toMatch(/choose a whole number from 0 to 9999/);
    }
  });
});
