/**
 * The pad captures the pointer, so a stroke can run on past the pad's edge; the canvas shows
 * only the part inside. The model must read what the student sees, so every stroke is cut at
 * the edge (Liang–Barsky clipping of each segment): the parts outside are dropped, and a
 * stroke that leaves and comes back becomes two strokes.
 */
import type { Drawing, Point, Stroke } from '../preprocess/strokes';
import { UNIPEN_BOX_SIZE } from '../pendigits/unipen';
import { SAMPLE_DIGIT_STROKES } from './sample-digits';

/** The strokes cut to the square 0 … side on both axes. */
export function clipToPad(drawing: Drawing, side: number): Drawing {
  const clipped: Stroke[] = [];
  for (const stroke of drawing) {
    if (stroke.length === 1) {
      if (inside(stroke[0]!, side)) clipped.push([{ ...stroke[0]! }]);
      continue;
    }
    let open: Stroke | null = null;
    for (let i = 1; i < stroke.length; i++) {
      const segment = clipSegment(stroke[i - 1]!, stroke[i]!, side);
      if (!segment) {
        open = null;
        continue;
      }
      const [from, to, reachesEnd] = segment;
      if (!open) {
        open = [from];
        clipped.push(open);
      }
      open.push(to);
      if (!reachesEnd) open = null;
    }
  }
  return clipped;
}

function inside({ x, y }: Point, side: number): boolean {
  return x >= 0 && x <= side && y >= 0 && y <= side;
}

/** The visible part of a → b, and whether it reaches b; null when none of it is inside. */
function clipSegment(a: Point, b: Point, side: number): [Point, Point, boolean] | null {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  // Each edge: p·t ≤ q keeps the point inside.
  for (const [p, q] of [[-dx, a.x], [dx, side - a.x], [-dy, a.y], [dy, side - a.y]] as const) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return null;
  }
  const at = (t: number): Point => ({ x: a.x + dx * t, y: a.y + dy * t });
  return [t0 === 0 ? { ...a } : at(t0), t1 === 1 ? { ...b } : at(t1), t1 === 1];
}

/** A pen-written `digit` (0–9) in pad coordinates of a pad `side` units wide: the pad's keyboard path. */
export function sampleDigitOnPad(digit: number, side: number): Drawing {
  const strokes = SAMPLE_DIGIT_STROKES[digit];
  if (!strokes) throw new RangeError(`There is a sample of each digit 0–9, not of ${digit}`);
  return strokes.map((stroke) => stroke.map(([x, y]) => ({ x: (x * side) / UNIPEN_BOX_SIZE, y: (y * side) / UNIPEN_BOX_SIZE })));
}
