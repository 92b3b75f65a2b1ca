/**
 * Lesson 2's charts (Observable Plot), framed like lesson 1's (charts.ts `wrap`): a binned
 * histogram of pixel values, and images per digit in the three parts of the data.
 */
import * as Plot from '@observablehq/plot';
import { wrap, type ChartFrame } from '../dom/charts';
import type { HistogramBins } from '../../lib/data/scaling';
import { formatCount } from '../../lib/site/format';

/** Counts of equal bins from min to max, on a log scale (the background bin dwarfs the rest). */
export function binnedHistogramChart(counts: number[], bins: HistogramBins, frame: ChartFrame & { width: number; xLabel: string; color: string }): HTMLElement {
  const width = (bins.max - bins.min) / bins.bins;
  const data = counts.map((count, i) => ({ from: bins.min + i * width, to: bins.min + (i + 1) * width, count })).filter((d) => d.count > 0);
  const chart = Plot.plot({
    width: frame.width,
    height: 200,
    marginLeft: 56,
    x: { label: frame.xLabel, domain: [bins.min, bins.max] },
    y: { label: 'Pixels (log)', type: 'log', grid: true },
    marks: [Plot.rectY(data, { x1: 'from', x2: 'to', y1: 0.5, y2: 'count', fill: frame.color, inset: 0.5 })],
  });
  const figure = wrap(chart, frame);
  figure.dataset.counts = counts.join(',');
  return figure;
}

export interface PartCounts {
  part: string;
  digit: string;
  count: number;
}

/** Images of each digit in each part, grouped by digit. */
export function splitChart(rows: PartCounts[], parts: readonly { name: string; color: string }[], frame: ChartFrame & { width: number }): HTMLElement {
  const chart = Plot.plot({
    width: frame.width,
    height: 260,
    marginLeft: 56,
    marginBottom: 36,
    fx: { label: 'Digit', padding: 0.15 },
    x: { axis: null, domain: parts.map((p) => p.name) },
    y: { label: 'Images', grid: true },
    color: { domain: parts.map((p) => p.name), range: parts.map((p) => p.color), legend: false },
    marks: [
      Plot.barY(rows, { fx: 'digit', x: 'part', y: 'count', fill: 'part', title: (d: PartCounts) => `${d.part}, “${d.digit}”: ${formatCount(d.count)}` }),
      Plot.ruleY([0]),
    ],
  });
  const figure = wrap(chart, frame);
  const legend = document.createElement('p');
  legend.className = 'chart-legend';
  for (const part of parts) {
    const key = document.createElement('span');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = part.color;
    key.append(swatch, part.name);
    legend.append(key);
  }
  figure.append(legend);
  return figure;
}
