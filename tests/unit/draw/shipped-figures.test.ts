import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedFigures } from '../../../src/lib/draw/shipped-figures';

const run = (accuracy: number, perDigit: number[]) => ({ mnistTestAccuracy: 0.99456, heldOutPen: { samples: 2498, accuracy, perDigit } });
const record = (id: string): unknown => JSON.parse(readFileSync(join(process.cwd(), 'public/models', id, 'training-record.json'), 'utf8'));

describe('shippedFigures', () => {
  it('reads the run of a default record (mnistPlusPen, not its mnistOnly comparison) and finds the weakest digit', () => {
    const perDigit = [0.99, 0.977, 1, 0.99, 1, 0.99, 0.996, 0.992, 0.9875, 0.9708];
    const figures = shippedFigures({ mnistPlusPen: run(0.98959, perDigit), mnistOnly: run(0.9664, perDigit.map(() => 0.5)) });
    expect(figures).toEqual({ mnistTest: '99.46%', heldOutPen: '98.96%', weakestDigit: { digit: 9, accuracy: '97.1%' } });
  });

  it('reads an MNIST-only record', () => {
    const perDigit = [0.996, 0.83, 0.996, 0.99, 0.988, 0.9875, 0.996, 0.973, 0.9917, 0.9167];
    expect(shippedFigures({ mnistOnly: run(0.96637, perDigit) }).weakestDigit).toEqual({ digit: 1, accuracy: '83.0%' });
  });

  it('says what is missing when a record has no whole figures', () => {
    expect(() => shippedFigures({})).toThrow(/no mnistPlusPen or mnistOnly figures/);
    expect(() => shippedFigures(null)).toThrow(/no mnistPlusPen or mnistOnly figures/);
    expect(() => shippedFigures({ mnistPlusPen: run(0.99, [1, 1, 1]) })).toThrow(/ten per-digit figures/);
  });

  it('reads both shipped records', () => {
    const shipped = record('default') as { mnistPlusPen: { heldOutPen: { accuracy: number } } };
    expect(shippedFigures(shipped).heldOutPen).toBe(`${(shipped.mnistPlusPen.heldOutPen.accuracy * 100).toFixed(2)}%`);
    expect(shippedFigures(record('mnist-only')).mnistTest).toMatch(/^\d\d\.\d\d%$/);
  });
});
