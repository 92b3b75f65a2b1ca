/**
 * A student's digits as files, so a class can pool its handwriting: IDX (the MNIST format
 * lesson 1 teaches: an images file and a labels file), a PNG sprite with a labels JSON, and the
 * strokes as JSON (from which the 28×28 pixels are drawn again). Each import checks what it reads
 * and says in one sentence what is wrong; nothing is half-imported.
 */
import { encodeIdx, IdxError, parseImages, parseLabels } from '../data/idx';
import type { Drawing } from '../preprocess/strokes';
import { decodeGreyPng, encodeGreyPng, PngError } from './png';
import { hasInk, isDigit, isDrawing, newSampleId, SAMPLE_PIXELS, SAMPLE_SIDE, type DigitSample } from './sample';

/** More than a class will draw; keeps a hostile file from filling the browser. */
export const MAX_IMPORTED_SAMPLES = 20_000;
export const SPRITE_COLUMNS = 10;
const FORMAT = 'digit-lab-samples';
const VERSION = 1;

export class SampleFileError extends Error {
  override name = 'SampleFileError';
}

export function samplesToIdx(samples: readonly DigitSample[]): { images: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(samples.length * SAMPLE_PIXELS);
  samples.forEach((sample, i) => pixels.set(sample.pixels, i * SAMPLE_PIXELS));
  return {
    images: encodeIdx([samples.length, SAMPLE_SIDE, SAMPLE_SIDE], pixels),
    labels: encodeIdx([samples.length], Uint8Array.from(samples, (sample) => sample.digit)),
  };
}

export function samplesFromIdx(imageBytes: Uint8Array, labelBytes: Uint8Array, now = Date.now()): DigitSample[] {
  let images: ReturnType<typeof parseImages>;
  let labels: Uint8Array;
  try {
    images = parseImages(imageBytes);
  } catch (error) {
    throw new SampleFileError(`The images file is not an IDX image file: ${idxReason(error)}.`);
  }
  try {
    labels = parseLabels(labelBytes);
  } catch (error) {
    throw new SampleFileError(`The labels file is not an IDX label file: ${idxReason(error)}.`);
  }
  if (images.rows !== SAMPLE_SIDE || images.cols !== SAMPLE_SIDE) {
    throw new SampleFileError(`The images are ${images.rows}×${images.cols} pixels; digits here are ${SAMPLE_SIDE}×${SAMPLE_SIDE}, as in MNIST.`);
  }
  if (images.count !== labels.length) {
    throw new SampleFileError(`The images file holds ${images.count} digits and the labels file ${labels.length}: they do not belong together.`);
  }
  checkCount(images.count);
  return Array.from({ length: images.count }, (_, i) =>
    importedSample(labels[i]!, images.pixels.slice(i * SAMPLE_PIXELS, (i + 1) * SAMPLE_PIXELS), now, i),
  );
}

export interface SpriteFiles {
  png: Uint8Array;
  /** JSON: the format, the grid and the label of each cell, row by row. */
  labels: string;
}

/** The digits as one PNG, SPRITE_COLUMNS to a row, each cell 28×28, with their labels beside it. */
export async function samplesToSprite(samples: readonly DigitSample[]): Promise<SpriteFiles> {
  const columns = SPRITE_COLUMNS;
  const rows = Math.max(1, Math.ceil(samples.length / columns));
  const width = columns * SAMPLE_SIDE;
  const pixels = new Uint8Array(width * rows * SAMPLE_SIDE);
  samples.forEach((sample, i) => {
    const left = (i % columns) * SAMPLE_SIDE;
    const top = Math.floor(i / columns) * SAMPLE_SIDE;
    for (let y = 0; y < SAMPLE_SIDE; y++) {
      pixels.set(sample.pixels.subarray(y * SAMPLE_SIDE, (y + 1) * SAMPLE_SIDE), (top + y) * width + left);
    }
  });
  const png = await encodeGreyPng({ width, height: rows * SAMPLE_SIDE, pixels });
  const labels = JSON.stringify({ format: `${FORMAT}-sprite`, version: VERSION, side: SAMPLE_SIDE, columns, count: samples.length, labels: samples.map((s) => s.digit) });
  return { png, labels };
}

export async function samplesFromSprite(png: Uint8Array, labelsJson: string, now = Date.now()): Promise<DigitSample[]> {
  const meta = parseJson(labelsJson, 'The labels file');
  const { format, side, columns, count, labels } = meta as { format?: unknown; side?: unknown; columns?: unknown; count?: unknown; labels?: unknown };
  if (format !== `${FORMAT}-sprite`) throw new SampleFileError('The labels file is not a Digit Lab sprite labels file (it has no "format": "digit-lab-samples-sprite").');
  if (side !== SAMPLE_SIDE || !Number.isInteger(columns) || (columns as number) < 1) throw new SampleFileError(`The labels file describes a grid this page cannot read (cells must be ${SAMPLE_SIDE}×${SAMPLE_SIDE}).`);
  if (!Array.isArray(labels) || labels.length !== count || !labels.every(isDigit)) throw new SampleFileError('The labels file must list one digit (0–9) per image, as many as its "count".');
  checkCount(labels.length);
  let image: Awaited<ReturnType<typeof decodeGreyPng>>;
  try {
    image = await decodeGreyPng(png);
  } catch (error) {
    throw new SampleFileError(error instanceof PngError ? error.message : 'The image is not a PNG file this page can read.');
  }
  const cols = columns as number;
  const rows = Math.ceil(labels.length / cols);
  if (image.width !== cols * SAMPLE_SIDE || image.height < rows * SAMPLE_SIDE) {
    throw new SampleFileError(`The PNG is ${image.width}×${image.height} pixels, but ${labels.length} digits ${cols} to a row need ${cols * SAMPLE_SIDE}×${rows * SAMPLE_SIDE}: the image and the labels do not belong together.`);
  }
  return labels.map((digit: number, i) => {
    const left = (i % cols) * SAMPLE_SIDE;
    const top = Math.floor(i / cols) * SAMPLE_SIDE;
    const pixels = new Uint8Array(SAMPLE_PIXELS);
    for (let y = 0; y < SAMPLE_SIDE; y++) {
      pixels.set(image.pixels.subarray((top + y) * image.width + left, (top + y) * image.width + left + SAMPLE_SIDE), y * SAMPLE_SIDE);
    }
    return importedSample(digit, pixels, now, i);
  });
}

/** The strokes, with their digits: the richest form, since the pixels can be drawn again from it. */
export function samplesToStrokesJson(samples: readonly DigitSample[]): string {
  const drawn = samples.filter((sample) => hasInk(sample.strokes));
  return JSON.stringify({ format: `${FORMAT}-strokes`, version: VERSION, samples: drawn.map(({ digit, strokes, createdAt }) => ({ digit, strokes, createdAt })) });
}

/** Reads strokes back; `render` turns strokes into the 784 pixel bytes (the pad's own preprocessing). */
export function samplesFromStrokesJson(text: string, render: (strokes: Drawing) => Uint8Array, now = Date.now()): DigitSample[] {
  const parsed = parseJson(text, 'The strokes file') as { format?: unknown; samples?: unknown };
  if (parsed.format !== `${FORMAT}-strokes` || !Array.isArray(parsed.samples)) {
    throw new SampleFileError('The strokes file is not a Digit Lab strokes file (it has no "format": "digit-lab-samples-strokes").');
  }
  checkCount(parsed.samples.length);
  return parsed.samples.map((entry: unknown, i) => {
    const { digit, strokes, createdAt } = (entry ?? {}) as { digit?: unknown; strokes?: unknown; createdAt?: unknown };
    if (!isDigit(digit)) throw new SampleFileError(`Sample ${i + 1} in the strokes file has no digit 0–9.`);
    if (!isDrawing(strokes) || !hasInk(strokes)) throw new SampleFileError(`Sample ${i + 1} in the strokes file has no strokes (lists of points with finite x and y).`);
    return {
      id: newSampleId(now + i),
      digit,
      strokes,
      pixels: render(strokes),
      createdAt: typeof createdAt === 'number' && Number.isFinite(createdAt) ? createdAt : now + i,
      source: 'drawn',
    };
  });
}

function importedSample(digit: number, pixels: Uint8Array, now: number, index: number): DigitSample {
  return { id: newSampleId(now + index), digit, strokes: [], pixels, createdAt: now + index, source: 'imported' };
}

function checkCount(count: number): void {
  if (count === 0) throw new SampleFileError('The file holds no digits.');
  if (count > MAX_IMPORTED_SAMPLES) throw new SampleFileError(`The file holds ${count} digits; at most ${MAX_IMPORTED_SAMPLES} can be imported at once.`);
}

function parseJson(text: string, what: string): object {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null) return value;
  } catch {
    // fall through to the sentence below
  }
  throw new SampleFileError(`${what} is not JSON.`);
}


function idxReason(error: unknown): string {
  const message = error instanceof IdxError ? error.message : String(error);
  return message.charAt(0).toLowerCase() + message.slice(1).replace(/\.$/, '');
}
