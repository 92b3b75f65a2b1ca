/**
 * Writes src/lib/draw/sample-digits.ts: one pen-written digit 0–9 by writer 30 of the UCI
 * pendigits set (a held-out writer the shipped model never trained on), for the pad's
 * keyboard path ("draw a sample 7 for me"). Points are rounded to whole tablet units.
 *
 *   npx tsx scripts/make-sample-digits.ts
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPenDigits } from './lib/pen-dataset';

const WRITER = 30;
const samples = loadPenDigits().filter((sample) => sample.writer === WRITER);
const digits = Array.from({ length: 10 }, (_, digit) => {
  const sample = samples.find((candidate) => candidate.label === digit);
  if (!sample) throw new Error(`Writer ${WRITER} wrote no ${digit}`);
  return sample.strokes.map((stroke) => stroke.map(({ x, y }) => [Math.round(x), Math.round(y)]));
});
const source = `/**
 * One pen-written digit 0–9 by writer ${WRITER} of the UCI pendigits set (E. Alpaydin and F. Alimoglu,
 * CC BY 4.0; see data/pendigits/README.md), as strokes of [x, y] points in the tablet's 500 × 500 box,
 * y down. The pad draws one of them for a student who cannot draw with a pointer. Written by
 * scripts/make-sample-digits.ts; do not edit by hand.
 */
export const SAMPLE_DIGIT_STROKES: readonly (readonly (readonly [number, number])[])[][] = ${JSON.stringify(digits)};
`;
writeFileSync(resolve(process.cwd(), 'src/lib/draw/sample-digits.ts'), source);
console.log(`Wrote src/lib/draw/sample-digits.ts (${source.length} characters).`);
