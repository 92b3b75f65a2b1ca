import { describe, expect, it } from 'vitest';
import { parseWriters, selectSamples, type LabelledSample } from '../../../src/lib/eval/sample-selection';
import { isHeldOutWriter } from '../../../src/lib/pendigits/dataset';
import { loadPenDigits } from '../pendigits/pendigits-file';

describe('parseWriters', () => {
  it('reads ranges, single writers and lists of both', () => {
    const writers = parseWriters('1-3, 7,21-22');
    expect([0, 1, 2, 3, 4, 6, 7, 8, 20, 21, 22, 23].filter(writers)).toEqual([1, 2, 3, 7, 21, 22]);
  });

  it('names what it cannot read', () => {
    expect(() => parseWriters('21-x')).toThrow('"21-x" is not a writer number or range');
    expect(() => parseWriters('')).toThrow('"" is not a writer number or range');
    expect(() => parseWriters('30-21')).toThrow('The writer range "30-21" runs backwards');
  });
});

describe('selectSamples', () => {
  const heldOut = { writers: parseWriters('21-30') };

  it('without a limit keeps every sample of the chosen writers, in file order', () => {
    const all = loadPenDigits();
    const chosen = selectSamples(all, heldOut);
    expect(chosen).toEqual(all.filter((sample) => isHeldOutWriter(sample.writer)));
  });

  it('takes 50 samples, five of each digit, only from the chosen writers', () => {
    const chosen = selectSamples(loadPenDigits(), { ...heldOut, limit: 50 });
    expect(chosen).toHaveLength(50);
    expect(chosen.every((sample) => sample.writer >= 21 && sample.writer <= 30)).toBe(true);
    for (let digit = 0; digit < 10; digit++) expect(chosen.filter((sample) => sample.label === digit)).toHaveLength(5);
    expect(new Set(chosen).size).toBe(50);
    expect(new Set(chosen.map((sample) => sample.writer)).size).toBeGreaterThanOrEqual(8);
  });

  it('gives the same subset for the same seed and another one for another seed', () => {
    const all = loadPenDigits();
    const first = selectSamples(all, { ...heldOut, limit: 50, seed: 7 });
    expect(selectSamples(all, { ...heldOut, limit: 50, seed: 7 })).toEqual(first);
    expect(selectSamples(all, { ...heldOut, limit: 50, seed: 8 })).not.toEqual(first);
  });

  it('takes digits in turns, so a prefix is balanced and a scarce digit runs out without stopping the rest', () => {
    const samples: LabelledSample[] = [
      { label: 0, writer: 1 },
      { label: 0, writer: 1 },
      { label: 0, writer: 1 },
      { label: 1, writer: 1 },
      { label: 2, writer: 1 },
      { label: 2, writer: 1 },
    ];
    expect(selectSamples(samples, { writers: () => true, limit: 3 }).map((s) => s.label)).toEqual([0, 1, 2]);
    expect(selectSamples(samples, { writers: () => true, limit: 5 }).map((s) => s.label)).toEqual([0, 1, 2, 0, 2]);
    expect(selectSamples(samples, { writers: () => true, limit: 100 })).toHaveLength(6);
  });

  it('refuses a limit that is not a whole number from 1', () => {
    expect(() => selectSamples([], { writers: () => true, limit: 0 })).toThrow('a whole number from 1, got 0');
    expect(() => selectSamples([], { writers: () => true, limit: 2.5 })).toThrow('got 2.5');
  });
});
