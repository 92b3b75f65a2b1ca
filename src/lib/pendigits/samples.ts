/**
 * Pen digits written into a page at build time and read back there: each stroke as a flat
 * list of tablet coordinates (whole numbers in the 500 × 500 box), which keeps ten samples to
 * a few kilobytes.
 */
import type { PenDigit } from './unipen';

interface EncodedSample {
  label: number;
  writer: number;
  /** x0, y0, x1, y1, … per stroke. */
  strokes: number[][];
}

export function encodePenSamples(samples: readonly PenDigit[]): string {
  const encoded: EncodedSample[] = samples.map(({ label, writer, strokes }) => ({
    label,
    writer,
    strokes: strokes.map((stroke) => stroke.flatMap(({ x, y }) => [Math.round(x), Math.round(y)])),
  }));
  return JSON.stringify(encoded);
}

/** The samples from encodePenSamples' text; throws on anything else. */
export function decodePenSamples(text: string): PenDigit[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('The pen samples are not a list');
  return parsed.map((item: EncodedSample, index) => {
    if (!Number.isInteger(item?.label) || !Number.isInteger(item?.writer) || !Array.isArray(item?.strokes)) {
      throw new Error(`Pen sample ${index} is damaged`);
    }
    return {
      label: item.label,
      writer: item.writer,
      strokes: item.strokes.map((flat) => Array.from({ length: flat.length / 2 }, (_, i) => ({ x: flat[2 * i]!, y: flat[2 * i + 1]! }))),
    };
  });
}
