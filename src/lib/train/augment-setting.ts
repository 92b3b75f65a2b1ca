/**
 * The augmentation a student chose in lesson 2 ("use this augmentation when training"), kept in
 * the browser so lesson 4 shows it and sends it with the training request. The storage is passed
 * in, so Node tests run this as a page does. A damaged value, or one saved by an older version,
 * is ignored with a notice: it never breaks lesson 4.
 */
import type { KeyValueStorage } from '../notebook/progress';
import { AUGMENT_LIMITS, validateAugmentOptions, type AugmentOptions } from './augment';

export const AUGMENT_SETTING_KEY = 'digit-lab:augmentation:v1';

export interface AugmentSetting {
  /** "Use this augmentation when training": off keeps the options but trains on the images as they are. */
  enabled: boolean;
  options: AugmentOptions;
}

export interface AugmentSettingRead {
  /** The saved setting, or null when none (or none usable) is saved. */
  setting: AugmentSetting | null;
  /** A sentence for the student when something was saved but had to be ignored. */
  notice?: string;
}

/** What lesson 2 starts from: small moves that keep every digit readable (and in the 20×20 box). */
export const DEFAULT_AUGMENT_OPTIONS: AugmentOptions = { maxShiftPixels: 2, maxRotationDegrees: 10, maxScale: 0.1 };

const IGNORED =
  'A saved augmentation setting from lesson 2 could not be read (it is damaged or from an older version), so it was ignored; choose it again in lesson 2.';

export function readAugmentSetting(storage: KeyValueStorage | undefined): AugmentSettingRead {
  let raw: string | null;
  try {
    raw = storage?.getItem(AUGMENT_SETTING_KEY) ?? null;
  } catch {
    return { setting: null };
  }
  if (raw === null) return { setting: null };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (isAugmentSetting(parsed) && validateAugmentOptions(parsed.options).length === 0) {
      const { maxShiftPixels, maxRotationDegrees, maxScale } = parsed.options;
      return { setting: { enabled: parsed.enabled, options: { maxShiftPixels, maxRotationDegrees, maxScale } } };
    }
  } catch {
    // Unreadable JSON: ignored below, with the same notice as a wrong shape.
  }
  return { setting: null, notice: IGNORED };
}

/** Saves a setting whose options are within AUGMENT_LIMITS; returns the problems (sentences) otherwise. */
export function writeAugmentSetting(storage: KeyValueStorage | undefined, setting: AugmentSetting): string[] {
  const problems = validateAugmentOptions(setting.options);
  if (problems.length > 0) return problems;
  if (!storage) return ['This browser keeps no local storage here (a private window?), so lesson 4 will not see this setting.'];
  try {
    storage.setItem(AUGMENT_SETTING_KEY, JSON.stringify({ enabled: setting.enabled, options: setting.options }));
    return [];
  } catch {
    return ['The browser refused to save this setting (its storage is full or disabled), so lesson 4 will not see it.'];
  }
}

/** The options a training request should carry for this setting: null when there is none or it is off. */
export function augmentForTraining(setting: AugmentSetting | null): AugmentOptions | null {
  return setting?.enabled ? { ...setting.options } : null;
}

/** "shift ±2 px, rotation ±10°, scale ±10%", or "no augmentation". */
export function describeAugmentation(options: AugmentOptions | null): string {
  if (!options) return 'no augmentation';
  const parts = [
    options.maxShiftPixels > 0 ? `shift ±${options.maxShiftPixels} px` : '',
    options.maxRotationDegrees > 0 ? `rotation ±${trim(options.maxRotationDegrees)}°` : '',
    options.maxScale > 0 ? `scale ±${trim(options.maxScale * 100)}%` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'no augmentation';
}

function trim(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function isAugmentSetting(value: unknown): value is AugmentSetting {
  if (typeof value !== 'object' || value === null) return false;
  const { enabled, options } = value as Partial<AugmentSetting>;
  if (typeof enabled !== 'boolean' || typeof options !== 'object' || options === null) return false;
  return (Object.keys(AUGMENT_LIMITS) as (keyof AugmentOptions)[]).every((key) => typeof options[key] === 'number');
}
