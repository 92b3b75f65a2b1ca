import { describe, expect, it } from 'vitest';
import {
  AUGMENT_SETTING_KEY,
  DEFAULT_AUGMENT_OPTIONS,
  augmentForTraining,
  describeAugmentation,
  readAugmentSetting,
  writeAugmentSetting,
} from '../../../src/lib/train/augment-setting';
import type { KeyValueStorage } from '../../../src/lib/notebook/progress';

function memoryStorage(): KeyValueStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

describe('the lesson-2 augmentation setting', () => {
  it('round-trips through the storage', () => {
    const storage = memoryStorage();
    const setting = { enabled: true, options: { maxShiftPixels: 3, maxRotationDegrees: 12.5, maxScale: 0.2 } };
    expect(writeAugmentSetting(storage, setting)).toEqual([]);
    expect(readAugmentSetting(storage)).toEqual({ setting });
  });

  it('is absent, with no notice, when nothing was saved', () => {
    expect(readAugmentSetting(memoryStorage())).toEqual({ setting: null });
    expect(readAugmentSetting(undefined)).toEqual({ setting: null });
  });

  it.each([
    ['not JSON', '{enabled'],
    ['an older shape', JSON.stringify({ shift: 2 })],
    ['a value outside AUGMENT_LIMITS', JSON.stringify({ enabled: true, options: { maxShiftPixels: 9, maxRotationDegrees: 0, maxScale: 0 } })],
    ['a string where a number belongs', JSON.stringify({ enabled: true, options: { maxShiftPixels: '2', maxRotationDegrees: 0, maxScale: 0 } })],
  ])('ignores %s with a notice', (_, raw) => {
    const storage = memoryStorage();
    storage.setItem(AUGMENT_SETTING_KEY, raw);
    const read = readAugmentSetting(storage);
    expect(read.setting).toBeNull();
    expect(read.notice).toMatch(/ignored/);
  });

  it('refuses options outside the limits and saves nothing', () => {
    const storage = memoryStorage();
    const problems = writeAugmentSetting(storage, { enabled: true, options: { ...DEFAULT_AUGMENT_OPTIONS, maxRotationDegrees: 90 } });
    expect(problems.join(' ')).toMatch(/maxRotationDegrees/);
    expect(storage.values.size).toBe(0);
  });

  it('says so when the browser refuses to store it', () => {
    const full: KeyValueStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => {} };
    expect(writeAugmentSetting(full, { enabled: true, options: DEFAULT_AUGMENT_OPTIONS })[0]).toMatch(/refused/);
    expect(writeAugmentSetting(undefined, { enabled: true, options: DEFAULT_AUGMENT_OPTIONS })[0]).toMatch(/no local storage/);
  });

  it('is sent to training only when switched on', () => {
    expect(augmentForTraining(null)).toBeNull();
    expect(augmentForTraining({ enabled: false, options: DEFAULT_AUGMENT_OPTIONS })).toBeNull();
    expect(augmentForTraining({ enabled: true, options: DEFAULT_AUGMENT_OPTIONS })).toEqual(DEFAULT_AUGMENT_OPTIONS);
  });

  it('is described in words', () => {
    expect(describeAugmentation(DEFAULT_AUGMENT_OPTIONS)).toBe('shift ±2 px, rotation ±10°, scale ±10%');
    expect(describeAugmentation({ maxShiftPixels: 0, maxRotationDegrees: 0, maxScale: 0 })).toBe('no augmentation');
    expect(describeAugmentation(null)).toBe('no augmentation');
  });
});
