/**
 * Measures of a 28×28 image that the preprocessing tests compare with what MNIST looks like.
 */
import type { Drawing } from '../../../src/lib/preprocess/strokes';

const SIZE = 28;

/**
 * The ink's width and height in pixels: the sum over columns (rows) of each one's darkest
 * pixel. With a 1-pixel anti-aliased edge that sum is the shape's true extent, edge
 * pixels counting for the fraction they cover.
 */
export function inkExtent(pixels: Float32Array): { width: number; height: number } {
  const columnPeaks = new Float64Array(SIZE);
  const rowPeaks = new Float64Array(SIZE);
  for (let row = 0; row < SIZE; row++) {
    for (let col = 0; col < SIZE; col++) {
      const value = pixels[row * SIZE + col]!;
      columnPeaks[col] = Math.max(columnPeaks[col]!, value);
      rowPeaks[row] = Math.max(rowPeaks[row]!, value);
    }
  }
  const sum = (values: Float64Array) => values.reduce((total, value) => total + value, 0);
  return { width: sum(columnPeaks), height: sum(rowPeaks) };
}

export function inkMass(pixels: Float32Array): number {
  return pixels.reduce((total, value) => total + value, 0);
}

export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - b[i]!)), 0);
}

/** Total length of the pen's path: the "skeleton" whose area times the stroke width is the ink. */
export function pathLength(drawing: Drawing): number {
  let length = 0;
  for (const stroke of drawing) {
    for (let i = 1; i < stroke.length; i++) {
      length += Math.hypot(stroke[i]!.x - stroke[i - 1]!.x, stroke[i]!.y - stroke[i - 1]!.y);
    }
  }
  return length;
}
