/**
 * Lesson 4's live curves, drawn with tfjs-vis (`tfvis.render.linechart`): training loss and
 * accuracy (faint as reported, strong smoothed) and the validation passes. tfjs-vis builds each
 * chart once; later frames stream their rows into the chart's Vega view (LiveLinechart), so a
 * redraw is a few milliseconds, not a new view. The page still draws at most once a second
 * (RedrawThrottle), one chart per task, never more than one render at a time, at most 101
 * points a series (curves.ts, chartSeries); the worker never waits for a chart. tfjs-vis is
 * large, so `prepare()` loads it and draws the empty charts in idle time when the panel opens,
 * before Start: its parse and the first chart's build are the long tasks, and they then never
 * land in the middle of a run.
 */
import { chartSeries, TrainingCurves, type ChartSeries } from '../../lib/train/curves';
import { LiveLinechart, loadLiveCharts } from '../vis/live-chart';

export type CurveMetric = 'loss' | 'accuracy';

const SERIES = ['training, as reported', 'training, smoothed', 'validation'];
const COLOURS = ['#9ec5fe', '#0a58ca', '#b35900'];
const HEIGHT = 220;

export interface CurveFrame {
  curves: TrainingCurves;
  totalSteps: number;
  smoothing: number;
}

/** The two charts of a run, side by side when the panel is wide (CSS grid), stacked on a phone. */
export class TrainingCharts {
  private readonly figures: Record<CurveMetric, HTMLElement>;
  private readonly charts: Record<CurveMetric, LiveLinechart>;
  private rendering = false;
  private queued: CurveFrame | undefined;
  /** Settles when the latest asked-for frame is drawn (tests and the end of a run wait on it). */
  private idle: Promise<void> = Promise.resolve();

  /** `stream: false`: every frame rebuilds both charts (tfjs-vis's own way; npm run bench compares). */
  constructor(
    private readonly area: HTMLElement,
    stream = true,
  ) {
    this.figures = { loss: figure('loss'), accuracy: figure('accuracy') };
    this.charts = { loss: chart(this.figures.loss, stream), accuracy: chart(this.figures.accuracy, stream) };
    area.replaceChildren(this.figures.loss, this.figures.accuracy);
  }

  /** Loads tfjs-vis and draws the two empty charts when the browser is idle; `data-charts-ready` says when. */
  prepare(smoothing: number): void {
    const start = () => {
      if (this.area.dataset.chartsReady) return;
      void loadLiveCharts()
        .catch(() => undefined) // draw() below says why the curves cannot be drawn
        .then(() => this.draw({ curves: new TrainingCurves(), totalSteps: 0, smoothing }))
        .then(() => (this.area.dataset.chartsReady = 'true'));
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 2000 });
    else setTimeout(start, 200);
  }

  /** Draws `frame` now, or right after the render in progress (only the newest waits). */
  draw(frame: CurveFrame): Promise<void> {
    this.queued = frame;
    if (!this.rendering) this.idle = this.renderQueued();
    return this.idle;
  }

  private async renderQueued(): Promise<void> {
    this.rendering = true;
    try {
      await loadLiveCharts();
      while (this.queued) {
        const frame = this.queued;
        this.queued = undefined;
        for (const metric of ['loss', 'accuracy'] as const) {
          const series = chartSeries(frame.curves, metric, frame.totalSteps, frame.smoothing);
          await renderChart(this.charts[metric], this.figures[metric], metric, series);
          // One chart per task: Vega's render is the page's longest piece of work while training.
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        this.area.dataset.smoothing = String(frame.smoothing);
      }
    } catch (error) {
      // Training goes on without the charts (a Content-Security-Policy without 'unsafe-eval', say: see README).
      const message = error instanceof Error ? error.message : String(error);
      if (!this.area.dataset.chartError) {
        const note = document.createElement('p');
        note.className = 'load-warning';
        note.textContent = `The curves cannot be drawn here (${message}); training goes on, and the figures above still update.`;
        this.area.append(note);
      }
      this.area.dataset.chartError = message;
    } finally {
      this.rendering = false;
    }
  }
}

function figure(metric: CurveMetric): HTMLElement {
  const element = document.createElement('figure');
  element.className = 'chart curve-chart';
  element.dataset.testid = `curve-${metric}`;
  element.dataset.points = '0';
  element.dataset.validationPoints = '0';
  const caption = document.createElement('figcaption');
  caption.textContent = metric === 'loss' ? 'Loss (lower is better)' : 'Accuracy';
  const drawing = document.createElement('div');
  drawing.className = 'curve-drawing';
  drawing.setAttribute('role', 'img');
  element.append(caption, drawing);
  drawing.setAttribute('aria-label', `${caption.textContent}: no steps yet.`);
  return element;
}

function chart(element: HTMLElement, stream: boolean): LiveLinechart {
  return new LiveLinechart(element.querySelector<HTMLElement>('.curve-drawing')!, stream);
}

async function renderChart(chart: LiveLinechart, element: HTMLElement, metric: CurveMetric, series: ChartSeries): Promise<void> {
  const drawing = element.querySelector<HTMLElement>('.curve-drawing')!;
  // null leaves a gap (Vega filters invalid points out).
  const values = [series.reported, series.smoothed, series.validation].map((ys) => ys.map((y, x) => ({ x, y })));
  await chart.draw(values, SERIES, {
    width: Math.max(240, drawing.clientWidth || element.clientWidth || 300),
    height: HEIGHT,
    xLabel: '% of the run',
    yLabel: metric === 'loss' ? 'Loss' : 'Accuracy',
    seriesColors: COLOURS,
    ...(metric === 'loss' ? { zoomToFit: true } : { yAxisDomain: [0, 1] }),
    fontSize: 12,
  });
  element.dataset.points = String(series.points);
  element.dataset.validationPoints = String(series.validationPasses);
  drawing.setAttribute('aria-label', describe(metric, series));
}

/** What the chart shows, in a sentence: the first and latest values. */
function describe(metric: CurveMetric, series: ChartSeries): string {
  const name = metric === 'loss' ? 'Training loss' : 'Training accuracy';
  const format = (value: number) => (metric === 'loss' ? value.toFixed(3) : `${(value * 100).toFixed(1)}%`);
  const known = series.smoothed.map((y, percent) => ({ y, percent })).filter((p): p is { y: number; percent: number } => p.y !== null);
  const first = known[0];
  const last = known.at(-1);
  if (!first || !last) return `${name}: no steps yet.`;
  const validation = series.validation.map((y, percent) => ({ y, percent })).filter((p): p is { y: number; percent: number } => p.y !== null).at(-1);
  const validationText = validation ? ` The latest validation ${metric}, at ${validation.percent}% of the run, is ${format(validation.y)}.` : '';
  return `${name} from ${format(first.y)} at ${first.percent}% of the run to ${format(last.y)} at ${last.percent}% (smoothed).${validationText}`;
}
