/**
 * Lesson 2's augmentation preview: one digit moved, turned and resized many times by the
 * trainer's own augmentBatch, and the controls' typed values checked against AUGMENT_LIMITS
 * with a sentence for each control that is out of range.
 */
import { mulberry32 } from '../data/random';
import { parseTypedNumber } from '../model/edit';
import { AUGMENT_LIMITS, augmentBatch, type AugmentOptions } from './augment';

const PIXELS = 28 * 28;

/**
 * `count` augmented copies of one 28×28 image (bytes 0..255), as 0..1 numbers, image after
 * image: the same code and the same random draws per image as a training batch, so what a
 * student sees here is what the network is shown.
 */
export function augmentVariants(image: Uint8Array, count: number, options: AugmentOptions, seed: number): Float32Array {
  if (image.length !== PIXELS) throw new RangeError(`augmentVariants needs one 28×28 image (784 values), got ${image.length}`);
  const copies = new Uint8Array(count * PIXELS);
  for (let i = 0; i < count; i++) copies.set(image, i * PIXELS);
  return augmentBatch(copies, count, options, mulberry32(seed));
}

/** What the three controls hold, as typed: shift in pixels, rotation in degrees, scale in percent. */
export interface AugmentControlValues {
  shift: string;
  rotation: string;
  scale: string;
}

export type AugmentControlReading =
  | { ok: true; options: AugmentOptions }
  | { ok: false; problems: Partial<Record<keyof AugmentControlValues, string>> };

/** The options the controls ask for, or a sentence for each control whose value is outside AUGMENT_LIMITS. */
export function readAugmentControls(values: AugmentControlValues): AugmentControlReading {
  const problems: Partial<Record<keyof AugmentControlValues, string>> = {};
  const shift = parseTypedNumber(values.shift);
  const rotation = parseTypedNumber(values.rotation);
  const scalePercent = parseTypedNumber(values.scale);
  const maxScalePercent = AUGMENT_LIMITS.maxScale * 100;
  if (!(Number.isInteger(shift) && shift >= 0 && shift <= AUGMENT_LIMITS.maxShiftPixels)) {
    problems.shift = `The shift must be a whole number of pixels from 0 to ${AUGMENT_LIMITS.maxShiftPixels}: MNIST leaves a 4-pixel margin, and a larger shift pushes ink off the image.`;
  }
  if (!(rotation >= 0 && rotation <= AUGMENT_LIMITS.maxRotationDegrees)) {
    problems.rotation = `The rotation must be from 0 to ${AUGMENT_LIMITS.maxRotationDegrees} degrees: turned further, a 6 and a 9 (or a 1 and a 7) trade places.`;
  }
  if (!(scalePercent >= 0 && scalePercent <= maxScalePercent)) {
    problems.scale = `The scale change must be from 0 to ${maxScalePercent}%: beyond that a digit shrinks to a dot or outgrows the image.`;
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, options: { maxShiftPixels: shift, maxRotationDegrees: rotation, maxScale: scalePercent / 100 } };
}

/** The controls' values for some options (the reverse of readAugmentControls). */
export function augmentControlValues(options: AugmentOptions): AugmentControlValues {
  return {
    shift: String(options.maxShiftPixels),
    rotation: String(options.maxRotationDegrees),
    scale: String(Math.round(options.maxScale * 1000) / 10),
  };
}

export type ImageIndexReading = { ok: true; index: number } | { ok: false; problem: string };

/** A typed image index, or the sentence that says why it names no image of a set of `count`. */
export function readImageIndex(text: string, count: number, setName: string): ImageIndexReading {
  const index = parseTypedNumber(text);
  if (Number.isInteger(index) && index >= 0 && index < count) return { ok: true, index };
  return { ok: false, problem: `There is no ${setName} image “${text.trim()}”: choose a whole number from 0 to ${count - 1}.` };
}
