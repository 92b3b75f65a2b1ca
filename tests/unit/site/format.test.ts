import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatPercent } from '../../../src/lib/site/format';

describe('format', () => {
  it('groups thousands', () => {
    expect(formatCount(60000)).toBe('60,000');
  });

  it('gives sizes in decimal units', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(11_234_567)).toBe('11.2 MB');
  });

  it('never shows 100% before the end, and never more than 100%', () => {
    expect(formatPercent(999, 1000)).toBe('99%');
    expect(formatPercent(1000, 1000)).toBe('100%');
    expect(formatPercent(1200, 1000)).toBe('100%');
    expect(formatPercent(5, 0)).toBe('0%');
  });

  it('gives short durations in ms and longer ones in seconds', () => {
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(1530)).toBe('1.5 s');
  });
});
