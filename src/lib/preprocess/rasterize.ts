/**
 * Strokes → an anti-aliased grayscale grid, in plain TypeScript (no canvas), so the same
 * pixels come out in Node, in a worker and in every browser.
 *
 * Grid coordinates: pixel (col, row) has its centre at the point (col, row), and is stored
 * at index row·width + col. This is the convention of array indices, and so of MNIST's
 * centre of mass (see mnist-input.ts).
 *
 * Anti-aliasing is analytic, not supersampled. A stroke segment is a capsule (a line of
 * the pen's width with round caps); a pixel is treated as a 1-pixel window across the
 * stroke's edge, so its value is the overlap of [d − ½, d + ½] with [−r, r], where d is the
 * distance from the pixel's centre to the segment and r the pen's radius. That is exact for
 * a straight edge, gives a smooth 1-pixel ramp at any sub-pixel position (4×4 supersampling
 * gives only 17 levels and costs 16 distance tests a pixel), and makes overlaps simple:
 * the distance to a union of capsules is the smallest distance, so the union's coverage is
 * the largest coverage — overlapping segments take the max, never the sum, and a stroke
 * crossing itself does not get darker.
 */
import type { Drawing, Point } from './strokes';

/** A pixel's covered fraction, 0..1, for a pen of `radius` whose centre line is `distance` away (both in pixels). */
export function penCoverage(distance: number, radius: number): number {
  const overlap = Math.min(distance + 0.5, radius) - Math.max(distance - 0.5, -radius);
  return overlap > 0 ? overlap : 0;
}

/** Distance from (px, py) to the segment a–b; a zero-length segment is its point. */
function distanceToSegment(px: number, py: number, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  let t = lengthSquared > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / lengthSquared : 0;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (a.x + t * dx), py - (a.y + t * dy));
}

/** Draws one capsule into `pixels`, visiting only the pixels its soft edge can reach. */
function drawCapsule(pixels: Float32Array, width: number, height: number, a: Point, b: Point, radius: number): void {
  const reach = radius + 0.5;
  const firstCol = Math.max(0, Math.ceil(Math.min(a.x, b.x) - reach));
  const lastCol = Math.min(width - 1, Math.floor(Math.max(a.x, b.x) + reach));
  const firstRow = Math.max(0, Math.ceil(Math.min(a.y, b.y) - reach));
  const lastRow = Math.min(height - 1, Math.floor(Math.max(a.y, b.y) + reach));
  for (let row = firstRow; row <= lastRow; row++) {
    for (let col = firstCol; col <= lastCol; col++) {
      const coverage = penCoverage(distanceToSegment(col, row, a, b), radius);
      const index = row * width + col;
      if (coverage > pixels[index]!) pixels[index] = coverage;
    }
  }
}

/**
 * Draws every stroke of `drawing` (already in grid coordinates) with a pen `penWidth`
 * pixels wide onto a blank width × height grid: 0 is background, 1 fully covered.
 * A one-point stroke is a disc; ink outside the grid is clipped.
 */
export function rasterizeDrawing(drawing: Drawing, width: number, height: number, penWidth: number): Float32Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`Grid must be at least 1×1 whole pixels, got ${width}×${height}`);
  }
  if (!(penWidth >= 0) || !Number.isFinite(penWidth)) {
    throw new RangeError(`Pen width must be a finite number ≥ 0, got ${penWidth}`);
  }
  const pixels = new Float32Array(width * height);
  const radius = penWidth / 2;
  for (const stroke of drawing) {
    const first = stroke[0];
    if (first === undefined) continue;
    if (stroke.length === 1) drawCapsule(pixels, width, height, first, first, radius);
    for (let i = 1; i < stroke.length; i++) {
      drawCapsule(pixels, width, height, stroke[i - 1]!, stroke[i]!, radius);
    }
  }
  return pixels;
}
