import { describe, expect, it } from 'vitest';
import { checkFineTune, DEFAULT_FINE_TUNE } from '../../../src/lib/samples/fine-tune-plan';
import { fineTunedName, fineTuneOptionsFrom, fineTuneRecord, scoreRows, verdictText } from '../../../src/lib/samples/fine-tune-form';
import type { FineTuneReport } from '../../../src/lib/samples/fine-tune-session';
import { readFineTuneRecord } from '../../../src/lib/store/model-records';

const enough = Array.from({ length: 20 }, (_, i) => ({ digit: i % 10 }));

const report: FineTuneReport = {
  ownSamples: 50,
  trainedOn: 40,
  heldBack: Array.from({ length: 10 }, (_, digit) => ({ id: `s${digit}`, digit, before: digit === 7 ? 1 : digit, after: digit })),
  mnistSlice: 2000,
  before: { own: 0.9, mnist: 0.99 },
  after: { own: 1, mnist: 0.9885 },
  steps: 60,
  trainedLayers: ['dense'],
  options: { ...DEFAULT_FINE_TUNE, layers: 'last', replayShare: 0.6 },
  verdict: 'keep',
};

describe('the fine-tune form', () => {
  it('turns the form into options the checks accept', () => {
    const options = fineTuneOptionsFrom({ layers: 'last', replayPercent: '60', steps: '80' });
    expect(options).toMatchObject({ layers: 'last', replayShare: 0.6, steps: 80, learningRate: DEFAULT_FINE_TUNE.learningRate });
    expect(checkFineTune(options, enough)).toEqual([]);
  });

  it('names every bad control in a sentence: empty, text, out of range', () => {
    const problems = checkFineTune(fineTuneOptionsFrom({ layers: 'some', replayPercent: '', steps: 'many' }), enough);
    expect(problems).toHaveLength(3);
    expect(problems.join(' ')).toMatch(/Layers to train.*MNIST share must be from 0% to 95%.*Steps must be a whole number/);
    expect(checkFineTune(fineTuneOptionsFrom({ layers: 'all', replayPercent: '99', steps: '10' }), enough)).toEqual(['MNIST share must be from 0% to 95%.']);
  });
});

describe('the record and the figures', () => {
  it('keeps base, own-sample count, replay share and before/after, in a form the store reads back', () => {
    const record = fineTuneRecord(report, { id: 'default', name: 'Shipped model' });
    expect(record).toEqual({ baseModel: 'default', baseName: 'Shipped model', ownSamples: 50, heldBack: 10, replayShare: 0.6, layers: 'last', mnistSlice: 2000, before: report.before, after: report.after });
    expect(readFineTuneRecord(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });

  it('shows both figures side by side, saying the MNIST figure is a slice', () => {
    expect(scoreRows(report)).toEqual([
      { what: 'Your 10 held-back samples (never trained on)', before: '90.0%', after: '100.0%' },
      { what: 'MNIST test images 1–2,000 (a fixed slice of the 10,000)', before: '99.0%', after: '98.9%' },
    ]);
  });

  it('says what happened: a gain kept, or a model that forgot MNIST not kept', () => {
    expect(verdictText(report, true)).toBe("The new model reads 10.0 points more of your held-back digits and is now the drawing pad's model; it is kept in My models below.");
    expect(verdictText({ ...report, verdict: 'forgot', after: { own: 1, mnist: 0.9 } }, false)).toMatch(/^Not kept: it lost 9\.0 points on MNIST.*keeps the model it had/);
  });

  it('names the model so it fits the store', () => {
    const name = fineTunedName(50, new Date(2026, 11, 1, 23, 5));
    expect(name).toBe('Fine-tuned on my 50 digits, 1 Dec 23:05');
    expect(name.length).toBeLessThan(80);
  });
});
