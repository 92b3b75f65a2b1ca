/**
 * Lesson 4's live curves: training loss and accuracy per step (the raw reports faint, the
 * smoothed line strong) with the validation points on top. Drawn with Observable Plot, a new
 * SVG each time: at a few redraws a second (RedrawThrottle) and a few hundred points
 * (curves.ts thins them) that costs a millisecond or two of the page's time, none of the worker's.
 */
import * as Plot from '@observablehq/plot';
import type { CurvePoint, ValidationPoint } from '../../lib/train/curves';
import { wrap } from './charts';

export type CurveMetric = 'loss' | 'accuracy';

interface CurveChartOptions {
  metric: CurveMetric;
  points: CurvePoint[];
  validation: ValidationPoint[];
  totalSteps: number;
  width: number;
}

const TRAINING_COLOUR = '#0a58ca';
const VALIDATION_COLOUR = '#b35900';

export function curveChart({ metric, points, validation, totalSteps, width }: CurveChartOptions): HTMLElement {
  const smoothKey = metric === 'loss' ? 'smoothLoss' : 'smoothAccuracy';
  const isLoss = metric === 'loss';
  const chart = Plot.plot({
    width,
    height: 220,
    marginLeft: 48,
    x: { label: 'Step', domain: [0, Math.max(1, totalSteps)] },
    y: isLoss ? { label: 'Loss', grid: true, zero: true } : { label: 'Accuracy', grid: true, domain: [0, 1], tickFormat: '.0%' },
    marks: [
      Plot.line(points, { x: 'step', y: metric, stroke: TRAINING_COLOUR, strokeOpacity: 0.25 }),
      Plot.line(points, { x: 'step', y: smoothKey, stroke: TRAINING_COLOUR, strokeWidth: 2 }),
      Plot.dot(validation, { x: 'step', y: metric, fill: VALIDATION_COLOUR, r: 4, symbol: 'diamond' }),
    ],
  });
  const figure = wrap(chart, {
    testid: `curve-${metric}`,
    caption: isLoss ? 'Loss (lower is better)' : 'Accuracy',
    label: describe(metric, points, validation),
  });
  figure.dataset.points = String(points.length);
  figure.dataset.validationPoints = String(validation.length);
  figure.append(legend());
  return figure;
}

/** What the chart shows, in a sentence: the first and latest values. */
function describe(metric: CurveMetric, points: CurvePoint[], validation: ValidationPoint[]): string {
  const name = metric === 'loss' ? 'Training loss' : 'Training accuracy';
  const format = (value: number) => (metric === 'loss' ? value.toFixed(3) : `${(value * 100).toFixed(1)}%`);
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return `${name}: no steps yet.`;
  const smoothKey = metric === 'loss' ? 'smoothLoss' : 'smoothAccuracy';
  const latestValidation = validation.at(-1);
  const validationText = latestValidation ? ` The latest validation ${metric}, at step ${latestValidation.step}, is ${format(latestValidation[metric])}.` : '';
  return `${name} from ${format(first[smoothKey])} at step ${first.step} to ${format(last[smoothKey])} at step ${last.step} (smoothed).${validationText}`;
}

function legend(): HTMLElement {
  const key = document.createElement('p');
  key.className = 'curve-legend';
  key.innerHTML =
    `<span style="color:${TRAINING_COLOUR}">━ training (smoothed; faint: as reported)</span> ` +
    `<span style="color:${VALIDATION_COLOUR}">◆ validation (5,000 images it does not train on)</span>`;
  return key;
}
