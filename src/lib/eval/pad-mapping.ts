/**
 * A pen sample from the tablet → the pointer positions a person would make on a drawing pad
 * of a given CSS size. The pen digits were written in a 500 × 500 box, each writer choosing
 * the size and place of the digit (data/pendigits/README.md): that is kept, the box is
 * simply scaled onto the pad (and centred, when the pad is not square). Tablet y points up;
 * parseUnipen has already flipped it, so the strokes here are in screen orientation.
 */
import { UNIPEN_BOX_SIZE } from '../pendigits/unipen';
import type { Drawing, Point, Stroke } from '../preprocess/strokes';

export interface PadSize {
  /** CSS pixels. */
  width: number;
  height: number;
}

export interface PadMappingOptions {
  /** Side of the writing box the strokes live in; the pendigits tablet's by default. */
  boxSize?: number;
  /**
   * When set, points are added along each segment so that no two consecutive positions are
   * further apart than this many CSS pixels: the pointer moves a mouse or finger would make
   * between the tablet's samples. Unset, the tablet's own points are replayed as they are.
   */
  maxStepPx?: number;
}

/** The strokes in pad coordinates (CSS pixels from the pad's top-left corner). */
export function penSampleToPad(strokes: Drawing, pad: PadSize, options: PadMappingOptions = {}): Drawing {
  const { boxSize = UNIPEN_BOX_SIZE, maxStepPx } = options;
  if (!(pad.width > 0 && pad.height > 0)) throw new RangeError(`The pad must have a size, got ${pad.width} × ${pad.height} px`);
  if (!(boxSize > 0)) throw new RangeError(`The writing box must have a size, got ${boxSize}`);
  const side = Math.min(pad.width, pad.height);
  const offsetX = (pad.width - side) / 2;
  const offsetY = (pad.height - side) / 2;
  return strokes.map((stroke) => {
    const placed = stroke.map(({ x, y }) => ({ x: offsetX + (x * side) / boxSize, y: offsetY + (y * side) / boxSize }));
    return maxStepPx === undefined ? placed : resampleStroke(placed, maxStepPx);
  });
}

/** The stroke with points added on each segment longer than `maxStep`, evenly spaced; every original point stays. */
export function resampleStroke(stroke: Stroke, maxStep: number): Stroke {
  if (!(maxStep > 0)) throw new RangeError(`The step between pointer moves must be positive, got ${maxStep}`);
  const first = stroke[0];
  if (first === undefined) return [];
  const points: Point[] = [first];
  for (let i = 1; i < stroke.length; i++) {
    const from = stroke[i - 1]!;
    const to = stroke[i]!;
    const pieces = Math.ceil(Math.hypot(to.x - from.x, to.y - from.y) / maxStep);
    for (let piece = 1; piece < pieces; piece++) {
      const t = piece / pieces;
      points.push({ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t });
    }
    points.push(to);
  }
  return points;
}
