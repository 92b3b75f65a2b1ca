import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/lib/data/random';
import { augmentedPenImageSet, isTrainingWriter, penImageSet } from '../../../src/lib/pendigits/dataset';
import {
  augmentDrawing,
  NO_STROKE_AUGMENT,
  resampleStroke,
  validateStrokeAugmentOptions,
  type StrokeAugmentOptions,
} from '../../../src/lib/pendigits/stroke-augment';
import { DEFAULT_PEN_WIDTH_FRACTION, toMnistInput } from '../../../src/lib/preprocess/mnist-input';
import { inkBounds, scaleAndTranslate, type Drawing } from '../../../src/lib/preprocess/strokes';
import { loadPenDigits } from './pendigits-file';

const PIXELS = 28 * 28;
/** A 7: a bar and a long stroke down, 100 units tall. */
const SEVEN: Drawing = [
  [
    { x: 0, y: 0 },
    { x: 30, y: 0 },
    { x: 60, y: 0 },
  ],
  [
    { x: 60, y: 0 },
    { x: 45, y: 50 },
    { x: 30, y: 100 },
  ],
];
/** A vertical line, 100 units long, sampled every 10 units. */
const LINE: Drawing = [Array.from({ length: 11 }, (_, i) => ({ x: 50, y: i * 10 }))];

const only = (change: Partial<StrokeAugmentOptions>): StrokeAugmentOptions => ({ ...NO_STROKE_AUGMENT, ...change });
const points = (drawing: Drawing) => drawing.flat();

describe('augmentDrawing', () => {
  it('gives the same drawing for the same seed and another for another seed, leaving the input as it was', () => {
    const options = only({ maxRotationDegrees: 8, maxShear: 0.3, maxStretch: 0.2, jitter: 0.02, penWidthFraction: [0.09, 0.13] });
    const before = JSON.stringify(SEVEN);
    const a = augmentDrawing(SEVEN, options, mulberry32(5));
    const b = augmentDrawing(SEVEN, options, mulberry32(5));
    const c = augmentDrawing(SEVEN, options, mulberry32(6));
    expect(b).toEqual(a);
    expect(c.drawing).not.toEqual(a.drawing);
    expect(JSON.stringify(SEVEN)).toBe(before);
    expect(a.drawing.map((stroke) => stroke.length)).toEqual([3, 3]);
  });

  it('changes nothing with NO_STROKE_AUGMENT: the same points and the pad’s pen width', () => {
    const { drawing, penWidthFraction } = augmentDrawing(SEVEN, NO_STROKE_AUGMENT, mulberry32(1));
    expect(penWidthFraction).toBe(DEFAULT_PEN_WIDTH_FRACTION);
    points(drawing).forEach((point, i) => {
      expect(point.x).toBeCloseTo(points(SEVEN)[i]!.x, 9);
      expect(point.y).toBeCloseTo(points(SEVEN)[i]!.y, 9);
    });
  });

  it('slants: a vertical line leans by at most maxShear, and by something for most seeds', () => {
    const leans = Array.from({ length: 20 }, (_, seed) => {
      const line = augmentDrawing(LINE, only({ maxShear: 0.3 }), mulberry32(seed)).drawing[0]!;
      const top = line[0]!;
      const bottom = line[line.length - 1]!;
      expect(bottom.y - top.y).toBeCloseTo(100, 6);
      return (bottom.x - top.x) / (bottom.y - top.y);
    });
    for (const lean of leans) expect(Math.abs(lean)).toBeLessThanOrEqual(0.3);
    expect(leans.filter((lean) => Math.abs(lean) > 0.05).length).toBeGreaterThan(10);
    expect(leans.some((lean) => lean > 0) && leans.some((lean) => lean < 0)).toBe(true);
  });

  it('stretches the width against the height within 1 ± maxStretch, keeping the area', () => {
    const original = inkBounds(SEVEN)!;
    for (let seed = 0; seed < 20; seed++) {
      const bounds = inkBounds(augmentDrawing(SEVEN, only({ maxStretch: 0.2 }), mulberry32(seed)).drawing)!;
      const aspectChange = bounds.width / bounds.height / (original.width / original.height);
      expect(aspectChange).toBeGreaterThanOrEqual(0.8 - 1e-9);
      expect(aspectChange).toBeLessThanOrEqual(1.2 + 1e-9);
      expect(bounds.width * bounds.height).toBeCloseTo(original.width * original.height, 6);
    }
  });

  it('turns about the ink’s centre: every distance from it stays, the angle changes by at most the limit', () => {
    const centre = { x: 30, y: 50 };
    for (let seed = 0; seed < 10; seed++) {
      const turned = points(augmentDrawing(SEVEN, only({ maxRotationDegrees: 10 }), mulberry32(seed)).drawing);
      points(SEVEN).forEach((point, i) => {
        const moved = turned[i]!;
        const r = Math.hypot(point.x - centre.x, point.y - centre.y);
        expect(Math.hypot(moved.x - centre.x, moved.y - centre.y)).toBeCloseTo(r, 6);
        if (r > 1) {
          const angle = Math.atan2(moved.y - centre.y, moved.x - centre.x) - Math.atan2(point.y - centre.y, point.x - centre.x);
          const wrapped = Math.atan2(Math.sin(angle), Math.cos(angle));
          expect(Math.abs(wrapped)).toBeLessThanOrEqual((10 * Math.PI) / 180 + 1e-9);
        }
      });
    }
  });

  it('wobbles each point by at most jitter × the longer side, neighbours moving together', () => {
    const wobbled = points(augmentDrawing(LINE, only({ jitter: 0.05 }), mulberry32(3)).drawing);
    const moves = points(LINE).map((point, i) => ({ dx: wobbled[i]!.x - point.x, dy: wobbled[i]!.y - point.y }));
    for (const { dx, dy } of moves) {
      expect(Math.abs(dx)).toBeLessThanOrEqual(5 + 1e-9);
      expect(Math.abs(dy)).toBeLessThanOrEqual(5 + 1e-9);
    }
    expect(moves.some(({ dx }) => Math.abs(dx) > 0.5)).toBe(true);
    // A slow wave, not noise: neighbouring points 10 units apart move within 4 units of each other.
    for (let i = 1; i < moves.length; i++) expect(Math.abs(moves[i]!.dx - moves[i - 1]!.dx)).toBeLessThan(4);
  });

  it('draws the pen width from the range given', () => {
    const widths = Array.from({ length: 50 }, (_, seed) =>
      augmentDrawing(SEVEN, only({ penWidthFraction: [0.09, 0.13] }), mulberry32(seed)).penWidthFraction,
    );
    for (const width of widths) {
      expect(width).toBeGreaterThanOrEqual(0.09);
      expect(width).toBeLessThanOrEqual(0.13);
    }
    expect(Math.max(...widths) - Math.min(...widths)).toBeGreaterThan(0.02);
  });

  it('resamples the strokes (a faster pen) when resampleChance is 1', () => {
    const { drawing } = augmentDrawing(LINE, only({ resampleChance: 1, resampleSpacing: [0.25, 0.25] }), mulberry32(1));
    expect(drawing[0]!.map((point) => point.y)).toEqual([0, 25, 50, 75, 100]);
  });

  it('gives an empty drawing and a dot back as they were', () => {
    const options = only({ maxShear: 0.3, jitter: 0.05 });
    expect(augmentDrawing([], options, mulberry32(1)).drawing).toEqual([]);
    expect(augmentDrawing([[{ x: 4, y: 5 }]], options, mulberry32(1)).drawing).toEqual([[{ x: 4, y: 5 }]]);
  });

  it('refuses options out of range with a sentence for each', () => {
    expect(validateStrokeAugmentOptions(NO_STROKE_AUGMENT)).toEqual([]);
    const problems = validateStrokeAugmentOptions({
      ...NO_STROKE_AUGMENT,
      maxShear: -1,
      jitter: Number.NaN,
      penWidthFraction: [0.13, 0.09],
      resampleChance: 0.5,
    });
    expect(problems).toHaveLength(4);
    expect(problems.join(' ')).toMatch(/maxShear must be between 0 and 0.6, got -1\./);
    expect(() => augmentDrawing(SEVEN, { ...NO_STROKE_AUGMENT, penWidthFraction: [0.5, 0.5] }, mulberry32(1))).toThrow(
      /penWidthFraction \(low\) must be between 0.04 and 0.2/,
    );
  });
});

describe('resampleStroke', () => {
  it('walks the path at even steps across segment ends, keeping the first and the last point', () => {
    const corner = [
      { x: 0, y: 0 },
      { x: 3, y: 0 },
      { x: 3, y: 4 },
    ];
    expect(resampleStroke(corner, 2)).toEqual([
      { x: 0, y: 0 },
      { x: 2, y: 0 },
      { x: 3, y: 1 },
      { x: 3, y: 3 },
      { x: 3, y: 4 },
    ]);
  });

  it('keeps only the ends of a stroke shorter than a step, and a dot as it is', () => {
    expect(resampleStroke([{ x: 0, y: 0 }, { x: 1, y: 0 }], 5)).toEqual([{ x: 0, y: 0 }, { x: 1, y: 0 }]);
    expect(resampleStroke([{ x: 2, y: 2 }], 5)).toEqual([{ x: 2, y: 2 }]);
  });

  it('refuses a step that is not above 0', () => {
    expect(() => resampleStroke(LINE[0]!, 0)).toThrow(/step must be above 0/);
  });
});

describe('the drawn size', () => {
  it('does not change the 28×28 input, which is why the augmentation does not vary it', () => {
    const sample = loadPenDigits()[0]!;
    const small = toMnistInput(sample.strokes).pixels;
    const large = toMnistInput(scaleAndTranslate(sample.strokes, 2.5, 40, -10)).pixels;
    let largest = 0;
    for (let i = 0; i < PIXELS; i++) largest = Math.max(largest, Math.abs(small[i]! - large[i]!));
    expect(largest).toBeLessThan(1e-4);
  });
});

describe('augmentedPenImageSet', () => {
  const samples = loadPenDigits().filter((sample) => sample.writer === 1 || sample.writer === 21).slice(0, 6);
  const options = {
    writers: isTrainingWriter,
    copies: 3,
    augment: only({ maxShear: 0.3, maxStretch: 0.15, jitter: 0.02, penWidthFraction: [0.09, 0.13] }),
    seed: 11,
  };

  it('renders each chosen sample as drawn, then copies − 1 new drawings of it, with its label', () => {
    const drawn = penImageSet(samples, { writers: isTrainingWriter });
    const set = augmentedPenImageSet(samples, options);
    expect(set.count).toBe(drawn.count * 3);
    for (let i = 0; i < drawn.count; i++) {
      const image = (s: typeof set, index: number) => Array.from(s.pixels.subarray(index * PIXELS, (index + 1) * PIXELS));
      expect(image(set, i * 3)).toEqual(image(drawn, i));
      expect(image(set, i * 3 + 1)).not.toEqual(image(drawn, i));
      expect(image(set, i * 3 + 2)).not.toEqual(image(set, i * 3 + 1));
      expect([set.labels[i * 3], set.labels[i * 3 + 1], set.labels[i * 3 + 2]]).toEqual([drawn.labels[i], drawn.labels[i], drawn.labels[i]]);
    }
  });

  it('gives the same bytes for the same seed and others for another seed', () => {
    const a = augmentedPenImageSet(samples, options);
    expect(augmentedPenImageSet(samples, options).pixels).toEqual(a.pixels);
    expect(augmentedPenImageSet(samples, { ...options, seed: 12 }).pixels).not.toEqual(a.pixels);
  });

  it('refuses a copy count below 1 and bad options', () => {
    expect(() => augmentedPenImageSet(samples, { ...options, copies: 0 })).toThrow(/copies must be a whole number from 1/);
    expect(() => augmentedPenImageSet(samples, { ...options, augment: { ...options.augment, maxStretch: 2 } })).toThrow(/maxStretch/);
  });
});
