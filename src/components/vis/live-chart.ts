/**
 * tfjs-vis charts that are built once and then updated in place.
 *
 * `tfvis.render.linechart` (and `confusionMatrix`) re-embed a whole Vega view on every call:
 * on this machine one call was a 90–250 ms main-thread task, which a student feels as the page
 * freezing at each redraw. tfjs-vis does not hand back the view it made, so this module asks
 * Vega (the copy tfjs-vis itself draws with) to note each view against the element it was
 * started in. The first draw of a chart, and any draw whose shape changed (size, series, axes),
 * goes through tfjs-vis as before; every later draw sends the new rows (src/lib/vis: the same
 * rows tfjs-vis builds) into that view: a few milliseconds instead of a rebuild. Where the
 * view cannot be reached, every draw falls back to tfjs-vis's full render, so the chart still
 * draws.
 */
import type { View } from 'vega';
import { confusionTable, linechartShape, linechartTable, type LinechartPoint } from '../../lib/vis/chart-tables';
import { loadTfvis, type Tfvis } from './tfvis';
import { nextTurn } from '../dom/turns';

type LinechartOptions = NonNullable<Parameters<Tfvis['render']['linechart']>[2]>;
type ConfusionOptions = NonNullable<Parameters<Tfvis['render']['confusionMatrix']>[2]>;

/** The data set tfjs-vis's Vega-Lite specs compile their inline values into. */
const SOURCE = 'source_0';

const viewsByElement = new WeakMap<Element, View>();
let noting: Promise<void> | undefined;

const ranOnce = new WeakSet<View>();

/**
 * Vega's View, patched once to remember the element each view was started in, and to give the
 * page the thread back between a new view's making (tfjs-vis's spec compiled and parsed) and
 * its first run (the dataflow evaluated and drawn): in one task, tfjs-vis's first confusion
 * matrix was a 76 ms task here.
 */
function noteViews(): Promise<void> {
  noting ??= import('vega')
    .then(({ View: ViewClass }) => {
      const initialize = ViewClass.prototype.initialize;
      ViewClass.prototype.initialize = function (this: View, ...args: Parameters<View['initialize']>) {
        const view = initialize.apply(this, args);
        if (args[0] instanceof Element) viewsByElement.set(args[0], this);
        return view;
      };
      const runAsync = ViewClass.prototype.runAsync;
      ViewClass.prototype.runAsync = async function (this: View, ...args: Parameters<View['runAsync']>) {
        if (!ranOnce.has(this)) {
          ranOnce.add(this);
          await nextTurn();
        }
        return runAsync.apply(this, args);
      };
    })
    .catch(() => undefined); // without it every draw is a full tfjs-vis render
  return noting;
}

/** tfjs-vis, and Vega ready to hand its views over: call early (idle time) so no draw waits on a download. */
export async function loadLiveCharts(): Promise<Tfvis> {
  const [tfvis] = await Promise.all([loadTfvis(), noteViews()]);
  return tfvis;
}

/** One chart on one element: rebuilt by tfjs-vis when its shape changes, else given new rows. */
class LiveChart {
  private shape: string | undefined;
  /** Full tfjs-vis renders, and rows streamed into the view since (`data-embeds`, `data-updates`: tests read both). */
  embeds = 0;
  updates = 0;

  /** `stream: false` rebuilds the chart on every draw, as tfjs-vis alone does (npm run bench's "before"). */
  constructor(
    protected readonly element: HTMLElement,
    private readonly stream = true,
  ) {}

  protected async show(shape: string, rows: () => object[], render: (tfvis: Tfvis) => Promise<void>): Promise<void> {
    const tfvis = await loadLiveCharts();
    const started = performance.now();
    const view = viewsByElement.get(this.element);
    if (view && this.stream && shape === this.shape) {
      try {
        await view.data(SOURCE, rows()).runAsync();
        this.updates++;
        this.element.dataset.updates = String(this.updates);
        performance.measure('tfvis-update', { start: started }); // npm run bench reads these
        return;
      } catch {
        // a tfjs-vis whose spec names its data differently: draw it whole instead
      }
    }
    viewsByElement.get(this.element)?.finalize();
    viewsByElement.delete(this.element);
    // A whole render is the heavy kind: it starts in a turn of its own, not in its caller's.
    await nextTurn();
    await render(tfvis);
    this.shape = shape;
    this.embeds++;
    this.element.dataset.embeds = String(this.embeds);
    performance.measure('tfvis-embed', { start: started });
  }
}

/** `tfvis.render.linechart`, drawn once and then updated in place. */
export class LiveLinechart extends LiveChart {
  draw(values: LinechartPoint[][], series: string[], options: LinechartOptions): Promise<void> {
    return this.show(
      linechartShape(series, options as Record<string, unknown>),
      () => linechartTable(values, series),
      (tfvis) => tfvis.render.linechart(this.element, { values: values as { x: number; y: number }[][], series }, options),
    );
  }
}

/** `tfvis.render.confusionMatrix`, drawn once and then updated in place (lesson 5, on a change of model). */
export class LiveConfusionMatrix extends LiveChart {
  draw(values: number[][], tickLabels: string[], options: ConfusionOptions): Promise<void> {
    return this.show(
      linechartShape(tickLabels, options as Record<string, unknown>),
      () => confusionTable(values, tickLabels, options.shadeDiagonal ?? true),
      (tfvis) => tfvis.render.confusionMatrix(this.element, { values, tickLabels: [...tickLabels] }, options),
    );
  }
}
