/**
 * A digit the student drew for "make it yours": what they were asked for, the strokes as drawn
 * (so the 28×28 input can be drawn again if the preprocessing changes) and the 28×28 pixels the
 * model was given (bytes, 0 = background, as in MNIST). Imported samples may have no strokes.
 */
import type { Drawing } from '../preprocess/strokes';

export const SAMPLE_SIDE = 28;
export const SAMPLE_PIXELS = SAMPLE_SIDE * SAMPLE_SIDE;

export interface DigitSample {
  id: string;
  digit: number;
  /** Empty for a sample imported from pixels (IDX or PNG). */
  strokes: Drawing;
  /** 784 bytes, row by row, 0 = background, 255 = full ink. */
  pixels: Uint8Array;
  createdAt: number;
  source: 'drawn' | 'imported';
}

export function isDigit(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 9;
}

/** A sample id that sorts by creation time and does not collide within one page. */
export function newSampleId(now = Date.now(), random = Math.random): string {
  return `sample-${now.toString(36)}-${Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0')}`;
}

/** True when the drawing holds at least one finite point: an empty pad is never a sample. */
export function hasInk(strokes: Drawing): boolean {
  return strokes.some((stroke) => stroke.length > 0);
}

/** Bytes from the model's 0–1 input (as toMnistInput makes it), rounded, clamped. */
export function pixelsToBytes(values: ArrayLike<number>): Uint8Array {
  if (values.length !== SAMPLE_PIXELS) throw new RangeError(`A sample has ${SAMPLE_PIXELS} pixels, got ${values.length}`);
  const bytes = new Uint8Array(SAMPLE_PIXELS);
  for (let i = 0; i < SAMPLE_PIXELS; i++) {
    const value = values[i]!;
    bytes[i] = Number.isFinite(value) ? Math.round(Math.min(1, Math.max(0, value)) * 255) : 0;
  }
  return bytes;
}

/** How many samples of each digit, index = digit. */
export function countByDigit(samples: readonly Pick<DigitSample, 'digit'>[]): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const { digit } of samples) counts[digit]!++;
  return counts;
}

/** A drawing read from storage or a file: lists of points with finite x and y. */
export function isDrawing(value: unknown): value is Drawing {
  return (
    Array.isArray(value) &&
    value.every(
      (stroke) =>
        Array.isArray(stroke) &&
        stroke.every((point: unknown) => {
          const { x, y } = (point ?? {}) as { x?: unknown; y?: unknown };
          return Number.isFinite(x) && Number.isFinite(y);
        }),
    )
  );
}
