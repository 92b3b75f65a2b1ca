/**
 * Which pen samples an evaluation reads. Writers are chosen by number ("21-30", the held-out
 * writers by default); a limit takes a fixed, seeded subset with every digit equally
 * represented, so a 50-sample check reads five of each digit, the same five on every run.
 */
import { mulberry32, shuffleInPlace } from '../data/random';
import type { WriterFilter } from '../pendigits/dataset';

export interface LabelledSample {
  label: number;
  writer: number;
}

/**
 * "21-30", "3", "1-5,9": the writers to read. Throws a sentence naming what it could not read.
 */
export function parseWriters(text: string): WriterFilter {
  const ranges = text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (match === null) throw new RangeError(`"${part.trim()}" is not a writer number or range (write e.g. 21-30 or 1,4,7-9)`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) throw new RangeError(`The writer range "${part.trim()}" runs backwards`);
    return [from, to] as const;
  });
  return (writer) => ranges.some(([from, to]) => writer >= from && writer <= to);
}

export interface SelectionOptions {
  writers: WriterFilter;
  /** How many samples; all of the chosen writers' samples when unset. */
  limit?: number;
  /** The shuffle's seed: the same seed gives the same subset. */
  seed?: number;
}

/**
 * The chosen writers' samples; with a limit, a seeded subset stratified by digit: each
 * digit's samples are shuffled, then taken in turns (0, 1, … 9, 0, 1, …), so any prefix of
 * the result is as balanced as it can be. Without a limit, every sample in file order.
 */
export function selectSamples<T extends LabelledSample>(samples: readonly T[], options: SelectionOptions): T[] {
  const { writers, limit, seed = 1 } = options;
  const chosen = samples.filter((sample) => writers(sample.writer));
  if (limit === undefined) return chosen;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`The number of samples must be a whole number from 1, got ${limit}`);
  const byDigit = new Map<number, T[]>();
  for (const sample of chosen) byDigit.set(sample.label, [...(byDigit.get(sample.label) ?? []), sample]);
  const rng = mulberry32(seed);
  const queues = [...byDigit.entries()].sort(([a], [b]) => a - b).map(([, digitSamples]) => {
    shuffleInPlace(digitSamples, rng);
    return digitSamples;
  });
  const picked: T[] = [];
  for (let round = 0; picked.length < limit && queues.some((queue) => round < queue.length); round++) {
    for (const queue of queues) {
      const sample = queue[round];
      if (sample !== undefined && picked.length < limit) picked.push(sample);
    }
  }
  return picked;
}
