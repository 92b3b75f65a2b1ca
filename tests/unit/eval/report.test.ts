import { describe, expect, it } from 'vitest';
import { confusionPairs, formatReport, handwritingReport, type Reading } from '../../../src/lib/eval/report';

const read = (label: number, predicted: number | null, latencyMs: number | null = null): Reading => ({ label, predicted, latencyMs });

describe('handwritingReport', () => {
  const readings = [
    read(1, 1, 5),
    read(1, 7, 6),
    read(1, 7, 7),
    read(9, 9, 8),
    read(9, 3, 9),
    read(3, 3, 10),
    read(3, null, null),
  ];
  const report = handwritingReport(readings);

  it('counts what was read right, overall and for each digit written', () => {
    expect(report.samples).toBe(7);
    expect(report.correct).toBe(3);
    expect(report.accuracy).toBeCloseTo(3 / 7, 12);
    expect(report.perDigit).toEqual([
      { digit: 1, samples: 3, correct: 1, accuracy: 1 / 3 },
      { digit: 3, samples: 2, correct: 1, accuracy: 0.5 },
      { digit: 9, samples: 2, correct: 1, accuracy: 0.5 },
    ]);
  });

  it('counts a sample with no prediction shown as wrong, and says how many there were', () => {
    expect(report.unread).toBe(1);
    expect(report.perDigit.find((digit) => digit.digit === 3)?.correct).toBe(1);
  });

  it('lists the mistakes, most frequent first', () => {
    expect(report.confusions).toEqual([
      { actual: 1, predicted: 7, count: 2 },
      { actual: 9, predicted: 3, count: 1 },
    ]);
  });

  it('summarises the latencies that were measured', () => {
    expect(report.latency).toEqual({ count: 6, medianMs: 7.5, p95Ms: 10 });
    expect(handwritingReport([read(2, 2)]).latency).toBeNull();
  });

  it('refuses an empty run and a label or prediction that is not a digit', () => {
    expect(() => handwritingReport([])).toThrow('No samples were read');
    expect(() => handwritingReport([read(10, 1)])).toThrow('A label must be a digit 0–9, got 10');
    expect(() => handwritingReport([read(1, -1)])).toThrow('A prediction must be a digit 0–9, got -1');
  });

  it('prints accuracy, each digit, the top confusions and the latency', () => {
    expect(formatReport(report, 1)).toEqual([
      'accuracy 42.86% (3/7); no prediction shown for 1',
      'per digit: "1" 33.33%  "3" 50.00%  "9" 50.00%',
      'top confusions: 1→7 ×2',
      'pointer-up → prediction shown: median 7.5 ms, p95 10.0 ms over 6',
    ]);
  });
});

describe('confusionPairs', () => {
  it('keeps matrix order between equal counts and leaves out the diagonal and zeros', () => {
    const matrix = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    matrix[5]![3] = 1;
    matrix[2]![8] = 1;
    matrix[4]![4] = 9;
    matrix[6]![0] = 4;
    expect(confusionPairs(matrix)).toEqual([
      { actual: 6, predicted: 0, count: 4 },
      { actual: 2, predicted: 8, count: 1 },
      { actual: 5, predicted: 3, count: 1 },
    ]);
  });
});
