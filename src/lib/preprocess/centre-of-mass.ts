/**
 * The intensity-weighted centre of an image — the point MNIST moved to the middle of
 * every digit. Measured in grid coordinates: pixel (col, row) counts as the point
 * (col, row), the same convention as array indices, `scipy.ndimage.center_of_mass` and
 * rasterize.ts.
 */
import type { Point } from './strokes';

/** Σ intensity · position / Σ intensity over a width × height grid, or null when the grid holds no ink. */
export function centreOfMass(pixels: Float32Array, width: number, height: number): Point | null {
  if (pixels.length !== width * height) {
    throw new RangeError(`Expected ${width}×${height} = ${width * height} pixels, got ${pixels.length}`);
  }
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const value = pixels[row * width + col]!;
      mass += value;
      sumX += value * col;
      sumY += value * row;
    }
  }
  if (!(mass > 0)) return null;
  return { x: sumX / mass, y: sumY / mass };
}
