/**
 * Data augmentation: each training image is moved a little (and optionally turned and
 * resized) before the network sees it, so it learns that a 3 drawn two pixels to the left is
 * still a 3. Students' own drawings are never centred as carefully as MNIST's digits.
 */
import type { Rng } from '../data/random';
import { IMAGE_SIDE } from '../model/config';
import { pixelScale } from './input';

export interface AugmentOptions {
  /** Whole pixels, in each direction: a shift of up to ±n along x and, separately, along y. */
  maxShiftPixels: number;
  /** Turned by up to ±this many degrees about the centre. */
  maxRotationDegrees: number;
  /** Resized by a factor between 1 − maxScale and 1 + maxScale about the centre. */
  maxScale: number;
}

export interface ImageTransform {
  shiftX: number;
  shiftY: number;
  rotationDegrees: number;
  scale: number;
}

export const IDENTITY_TRANSFORM: ImageTransform = { shiftX: 0, shiftY: 0, rotationDegrees: 0, scale: 1 };

/**
 * MNIST fits each digit into a 20×20 box centred in 28×28, leaving 4 pixels of margin: a
 * larger shift pushes ink off the edge. Beyond 45° a 1 and a 7, or a 6 and a 9, trade places.
 */
export const AUGMENT_LIMITS = { maxShiftPixels: 4, maxRotationDegrees: 45, maxScale: 0.5 } as const;

const PIXELS = IMAGE_SIDE * IMAGE_SIDE;
/** Rotation and scaling happen about the middle of the image, between pixels 13 and 14. */
const CENTRE = (IMAGE_SIDE - 1) / 2;

/**
 * Writes `count` augmented 28×28 images from `pixels` into `target` (a new array unless one is
 * given), as numbers from 0 to 1: bytes are divided by 255, floats are taken to be 0..1
 * already. With `options` null every image is copied unchanged. Returns `target`.
 */
export function augmentBatch(
  pixels: Uint8Array | Float32Array,
  count: number,
  options: AugmentOptions | null,
  rng: Rng,
  target: Float32Array = new Float32Array(count * PIXELS),
): Float32Array {
  if (pixels.length < count * PIXELS || target.length < count * PIXELS) {
    throw new RangeError(`augmentBatch: ${count} images of 28×28 need ${count * PIXELS} values, got ${pixels.length} in and ${target.length} out`);
  }
  const scale = pixelScale(pixels);
  if (!options) {
    // No augmentation (the tutorial's recipe): one pass over the batch.
    for (let i = 0, end = count * PIXELS; i < end; i++) target[i] = pixels[i]! * scale;
    return target;
  }
  for (let image = 0; image < count; image++) {
    const transform = randomTransform(options, rng);
    transformImage(pixels, target, image * PIXELS, transform, scale);
  }
  return target;
}

export function randomTransform(options: AugmentOptions, rng: Rng): ImageTransform {
  const between = (limit: number) => (2 * rng() - 1) * limit;
  return {
    // Whole-pixel shifts move the ink without blurring it, so shifted training images stay
    // as sharp as the test images.
    shiftX: randomWholeNumber(options.maxShiftPixels, rng),
    shiftY: randomWholeNumber(options.maxShiftPixels, rng),
    rotationDegrees: between(options.maxRotationDegrees),
    scale: 1 + between(options.maxScale),
  };
}

/**
 * One image, from `source` to `target` at the same offset. Each output pixel asks where it
 * came from (the inverse transform) and reads the source there, blending the four nearest
 * pixels (bilinear); outside the image is background (0). A pure whole-pixel shift lands
 * exactly on source pixels, so it copies values unchanged.
 */
export function transformImage(
  source: Uint8Array | Float32Array,
  target: Float32Array,
  offset: number,
  transform: ImageTransform,
  valueScale = pixelScale(source),
): void {
  if (transform.rotationDegrees === 0 && transform.scale === 1 && Number.isInteger(transform.shiftX) && Number.isInteger(transform.shiftY)) {
    shiftImage(source, target, offset, transform.shiftX, transform.shiftY, valueScale);
    return;
  }
  const angle = (transform.rotationDegrees * Math.PI) / 180;
  const cos = Math.cos(angle) / transform.scale;
  const sin = Math.sin(angle) / transform.scale;
  for (let y = 0; y < IMAGE_SIDE; y++) {
    for (let x = 0; x < IMAGE_SIDE; x++) {
      const dx = x - CENTRE - transform.shiftX;
      const dy = y - CENTRE - transform.shiftY;
      const sourceX = cos * dx + sin * dy + CENTRE;
      const sourceY = -sin * dx + cos * dy + CENTRE;
      target[offset + y * IMAGE_SIDE + x] = bilinear(source, offset, sourceX, sourceY) * valueScale;
    }
  }
}

/**
 * A whole-pixel shift (or none: a training step without augmentation), pixel for pixel: what
 * bilinear gives there (its weights are exactly 1 and 0), without its arithmetic, which costs
 * a batch of 256 several milliseconds.
 */
function shiftImage(source: Uint8Array | Float32Array, target: Float32Array, offset: number, shiftX: number, shiftY: number, valueScale: number): void {
  // The columns that land inside the image; the others are background.
  const [x0, x1] = [Math.max(0, shiftX), Math.min(IMAGE_SIDE, IMAGE_SIDE + shiftX)];
  for (let y = 0; y < IMAGE_SIDE; y++) {
    const sourceY = y - shiftY;
    const row = offset + y * IMAGE_SIDE;
    if (sourceY < 0 || sourceY >= IMAGE_SIDE || x0 >= x1) {
      target.fill(0, row, row + IMAGE_SIDE);
      continue;
    }
    const from = offset + sourceY * IMAGE_SIDE - shiftX;
    for (let x = 0; x < x0; x++) target[row + x] = 0;
    for (let x = x0; x < x1; x++) target[row + x] = source[from + x]! * valueScale;
    for (let x = x1; x < IMAGE_SIDE; x++) target[row + x] = 0;
  }
}

export function validateAugmentOptions(options: AugmentOptions): string[] {
  const problems: string[] = [];
  const { maxShiftPixels, maxRotationDegrees, maxScale } = AUGMENT_LIMITS;
  if (!Number.isInteger(options.maxShiftPixels) || options.maxShiftPixels < 0 || options.maxShiftPixels > maxShiftPixels) {
    problems.push(`augment.maxShiftPixels must be a whole number from 0 to ${maxShiftPixels}, got ${options.maxShiftPixels}`);
  }
  if (!(options.maxRotationDegrees >= 0 && options.maxRotationDegrees <= maxRotationDegrees)) {
    problems.push(`augment.maxRotationDegrees must be from 0 to ${maxRotationDegrees}, got ${options.maxRotationDegrees}`);
  }
  if (!(options.maxScale >= 0 && options.maxScale <= maxScale)) {
    problems.push(`augment.maxScale must be from 0 to ${maxScale} (a ${maxScale * 100}% size change), got ${options.maxScale}`);
  }
  return problems;
}

/** A whole number from −limit to limit, each equally likely. */
function randomWholeNumber(limit: number, rng: Rng): number {
  return Math.floor(rng() * (2 * limit + 1)) - limit;
}

function bilinear(source: Uint8Array | Float32Array, offset: number, x: number, y: number): number {
  const left = Math.floor(x);
  const top = Math.floor(y);
  const right = x - left;
  const down = y - top;
  return (
    pixelAt(source, offset, left, top) * (1 - right) * (1 - down) +
    pixelAt(source, offset, left + 1, top) * right * (1 - down) +
    pixelAt(source, offset, left, top + 1) * (1 - right) * down +
    pixelAt(source, offset, left + 1, top + 1) * right * down
  );
}

function pixelAt(source: Uint8Array | Float32Array, offset: number, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= IMAGE_SIDE || y >= IMAGE_SIDE) return 0;
  return source[offset + y * IMAGE_SIDE + x] ?? 0;
}
