/**
 * Stroke-level augmentation of pen digits: new drawings of the same digit, made by changing
 * the strokes before they are rendered by toMnistInput — the drawing pad's own code — so
 * every augmented image is one a pad could really produce. Changing an image after
 * rendering (the trainer's affine augmentation) cannot change how a person writes; changing
 * the strokes can: a steeper slant, a narrower or wider hand, a wobblier line, a pen that
 * moved faster (fewer, further-apart points), a slightly thicker or thinner stroke.
 *
 * What is NOT here, on purpose: the drawn size. toMnistInput fits the ink into MNIST's
 * 20×20 box and takes its pen width as a share of the ink's size, so a digit drawn twice as
 * large gives the same 28×28 input (a test checks it); varying the size would change nothing.
 *
 * Every random number comes from the Rng passed in, so a seed gives the same set every time.
 */
import type { Rng } from '../data/random';
import { DEFAULT_PEN_WIDTH_FRACTION } from '../preprocess/mnist-input';
import { inkBounds, type Drawing, type Point, type Stroke } from '../preprocess/strokes';

export interface StrokeAugmentOptions {
  /** Turned by up to ± this many degrees about the ink's centre. */
  maxRotationDegrees: number;
  /** Slant: x moves by shear · (y − centre) for a shear of up to ± this (0.3 ≈ 17°). */
  maxShear: number;
  /** Width relative to height multiplied by a factor from 1 − maxStretch to 1 + maxStretch. */
  maxStretch: number;
  /**
   * A smooth wobble of the pen line: each point moves by up to about this share of the ink's
   * longer side, along two slow random waves (neighbouring points move together, like a hand,
   * not like noise on each sample).
   */
  jitter: number;
  /**
   * Speed: with probability `resampleChance` the strokes are resampled at even steps of
   * spacing × the ink's longer side, the spacing drawn from this range — a fast pen records
   * few points, so its curves become short straight segments.
   */
  resampleSpacing: readonly [number, number];
  resampleChance: number;
  /** The pen width as a share of the ink's longer side, drawn from this range (the pad uses 0.11). */
  penWidthFraction: readonly [number, number];
}

/** No change at all: the drawing as it was and the pad's pen width. */
export const NO_STROKE_AUGMENT: StrokeAugmentOptions = {
  maxRotationDegrees: 0,
  maxShear: 0,
  maxStretch: 0,
  jitter: 0,
  resampleSpacing: [0, 0],
  resampleChance: 0,
  penWidthFraction: [DEFAULT_PEN_WIDTH_FRACTION, DEFAULT_PEN_WIDTH_FRACTION],
};

/** Beyond these a 1 becomes a 7 or a 6 a 9, or the pen fills the loops (HANDWRITING-NOTES.md: thick pens cost most). */
export const STROKE_AUGMENT_LIMITS = {
  maxRotationDegrees: 30,
  maxShear: 0.6,
  maxStretch: 0.5,
  jitter: 0.1,
  resampleSpacing: 0.25,
  penWidthFraction: [0.04, 0.2],
} as const;

/** What is wrong with `options`, one sentence each; empty when they can be used. */
export function validateStrokeAugmentOptions(options: StrokeAugmentOptions): string[] {
  const problems: string[] = [];
  const inRange = (name: string, value: number, max: number) => {
    if (!Number.isFinite(value) || value < 0 || value > max) problems.push(`${name} must be between 0 and ${max}, got ${value}.`);
  };
  inRange('maxRotationDegrees', options.maxRotationDegrees, STROKE_AUGMENT_LIMITS.maxRotationDegrees);
  inRange('maxShear', options.maxShear, STROKE_AUGMENT_LIMITS.maxShear);
  inRange('maxStretch', options.maxStretch, STROKE_AUGMENT_LIMITS.maxStretch);
  inRange('jitter', options.jitter, STROKE_AUGMENT_LIMITS.jitter);
  inRange('resampleChance', options.resampleChance, 1);
  const [spacingLow, spacingHigh] = options.resampleSpacing;
  inRange('resampleSpacing (low)', spacingLow, STROKE_AUGMENT_LIMITS.resampleSpacing);
  inRange('resampleSpacing (high)', spacingHigh, STROKE_AUGMENT_LIMITS.resampleSpacing);
  if (spacingLow > spacingHigh) problems.push(`resampleSpacing must run from low to high, got [${spacingLow}, ${spacingHigh}].`);
  if (options.resampleChance > 0 && !(spacingLow > 0)) problems.push('resampleSpacing must be above 0 when resampleChance is.');
  const [penLow, penHigh] = options.penWidthFraction;
  const [penMin, penMax] = STROKE_AUGMENT_LIMITS.penWidthFraction;
  for (const [name, value] of [['penWidthFraction (low)', penLow], ['penWidthFraction (high)', penHigh]] as const) {
    if (!Number.isFinite(value) || value < penMin || value > penMax) problems.push(`${name} must be between ${penMin} and ${penMax}, got ${value}.`);
  }
  if (penLow > penHigh) problems.push(`penWidthFraction must run from low to high, got [${penLow}, ${penHigh}].`);
  return problems;
}

/** One augmented drawing and the pen width to render it with. */
export interface AugmentedDrawing {
  drawing: Drawing;
  penWidthFraction: number;
}

/**
 * A new drawing of the same digit: resampled (sometimes), wobbled, slanted, stretched and
 * turned about the ink's centre, in that order. The input is not changed. An empty drawing
 * or a single dot comes back as it was (there is no shape to change).
 */
export function augmentDrawing(drawing: Drawing, options: StrokeAugmentOptions, rng: Rng): AugmentedDrawing {
  const problems = validateStrokeAugmentOptions(options);
  if (problems.length > 0) throw new RangeError(`Stroke augmentation: ${problems.join(' ')}`);
  // Drawn first and always, so the pen width does not depend on the drawing's shape.
  const penWidthFraction = between(rng, options.penWidthFraction[0], options.penWidthFraction[1]);
  const rotation = (symmetric(rng, options.maxRotationDegrees) * Math.PI) / 180;
  const shear = symmetric(rng, options.maxShear);
  const stretch = 1 + symmetric(rng, options.maxStretch);
  const waves = [randomWave(rng), randomWave(rng)] as const;
  const resample = rng() < options.resampleChance;
  const spacing = between(rng, options.resampleSpacing[0], options.resampleSpacing[1]);

  const bounds = inkBounds(drawing);
  const size = bounds === null ? 0 : Math.max(bounds.width, bounds.height);
  if (bounds === null || size === 0) return { drawing: drawing.map((stroke) => stroke.map((point) => ({ ...point }))), penWidthFraction };
  const centreX = (bounds.minX + bounds.maxX) / 2;
  const centreY = (bounds.minY + bounds.maxY) / 2;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  // Stretching x by √stretch and y by 1/√stretch changes the aspect ratio, not the size.
  const stretchX = Math.sqrt(stretch);
  const stretchY = 1 / stretchX;

  const strokes = resample ? drawing.map((stroke) => resampleStroke(stroke, spacing * size)) : drawing;
  return {
    penWidthFraction,
    drawing: strokes.map((stroke) =>
      stroke.map(({ x, y }) => {
        // Coordinates relative to the centre, in units of the ink's longer side.
        let u = (x - centreX) / size;
        let v = (y - centreY) / size;
        u += options.jitter * waveAt(waves[0], u, v);
        v += options.jitter * waveAt(waves[1], u, v);
        u += shear * v;
        u *= stretchX;
        v *= stretchY;
        return { x: centreX + (u * cos - v * sin) * size, y: centreY + (u * sin + v * cos) * size };
      }),
    ),
  };
}

/**
 * The stroke's path walked at even steps of `step` (same units as the points), keeping its
 * first and last point: what a pen moving at a steady speed past a tablet sampling at a
 * fixed rate records. A stroke shorter than one step keeps only its ends.
 */
export function resampleStroke(stroke: Stroke, step: number): Stroke {
  if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`resampleStroke: the step must be above 0, got ${step}`);
  const first = stroke[0];
  if (first === undefined || stroke.length === 1) return stroke.map((point) => ({ ...point }));
  const result: Point[] = [{ ...first }];
  let carried = 0; // path length walked since the last kept point
  for (let i = 1; i < stroke.length; i++) {
    const a = stroke[i - 1]!;
    const b = stroke[i]!;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    let along = step - carried; // where the next kept point falls on this segment
    while (along <= length) {
      const t = along / length;
      result.push({ x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) });
      along += step;
    }
    carried = length - (along - step);
  }
  const last = stroke[stroke.length - 1]!;
  const kept = result[result.length - 1]!;
  if (kept.x !== last.x || kept.y !== last.y) result.push({ ...last });
  return result;
}

/** A slow plane wave across the digit: about one to two periods over its longer side. */
interface Wave {
  frequencyU: number;
  frequencyV: number;
  phase: number;
}

function randomWave(rng: Rng): Wave {
  const angle = rng() * 2 * Math.PI;
  const frequency = 2 * Math.PI * between(rng, 0.75, 1.75);
  return { frequencyU: frequency * Math.cos(angle), frequencyV: frequency * Math.sin(angle), phase: rng() * 2 * Math.PI };
}

function waveAt(wave: Wave, u: number, v: number): number {
  return Math.sin(wave.frequencyU * u + wave.frequencyV * v + wave.phase);
}

function symmetric(rng: Rng, max: number): number {
  return (rng() * 2 - 1) * max;
}

function between(rng: Rng, low: number, high: number): number {
  return low + rng() * (high - low);
}
