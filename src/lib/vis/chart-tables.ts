/**
 * The tables behind tfjs-vis's line chart and confusion matrix, so a chart drawn once can be
 * updated in place.
 *
 * `tfvis.render.linechart` (1.5.1) turns its series into one Vega-Lite table — a row per index
 * with `x`, and for each series its value under the series' name and the name under
 * `<name>-name` — and builds a whole new Vega view from it on every call (compile, parse,
 * dataflow, expression code), 90–250 ms of main thread here. Lesson 4 asks it for the chart
 * once, then streams new rows of this same table into the view it made (src/components/vis/live-chart.ts).
 * Pure data, checked against tfjs-vis's own rows in a unit test.
 */
export interface LinechartPoint {
  x: number;
  /** null leaves a gap: Vega filters invalid points out. */
  y: number | null;
}

export type LinechartRow = Record<string, number | string | null>;

/** The rows tfjs-vis 1.5.1 builds for `{ values, series }` (points by index, as it plots them). */
export function linechartTable(values: LinechartPoint[][], series: string[]): LinechartRow[] {
  if (values.length !== series.length) throw new Error(`${values.length} series of values for ${series.length} names`);
  const length = values[0]?.length ?? 0;
  const rows: LinechartRow[] = [];
  for (let index = 0; index < length; index++) {
    const row: LinechartRow = { x: index };
    series.forEach((name, s) => {
      row[name] = values[s]![index]?.y ?? null;
      row[`${name}-name`] = name;
    });
    rows.push(row);
  }
  return rows;
}

/**
 * What a drawn view cannot change by new rows alone: the series, their colours, the axes, the
 * size. When it differs from the view's, the chart is asked of tfjs-vis again.
 */
export function linechartShape(series: string[], options: Record<string, unknown>): string {
  return JSON.stringify({ series, options });
}

export interface ConfusionRow {
  label: string;
  prediction: string;
  count: number;
  /** What the cell's colour follows; absent on an unshaded diagonal cell. */
  scaleCount?: number;
  noFill?: boolean;
}

/**
 * The rows tfjs-vis 1.5.1's confusion matrix builds for `values` (rows = true class): with
 * `shadeDiagonal` false the diagonal is left unshaded, unless nothing off it is non-zero.
 */
export function confusionTable(values: number[][], tickLabels: string[], shadeDiagonal: boolean): ConfusionRow[] {
  const rows: ConfusionRow[] = [];
  let offDiagonalAllZero = true;
  values.forEach((counts, i) =>
    counts.forEach((count, j) => {
      const cell = { label: tickLabels[i]!, prediction: tickLabels[j]!, count };
      if (i === j && !shadeDiagonal) rows.push({ ...cell, noFill: true });
      else {
        rows.push({ ...cell, scaleCount: count });
        if (count !== 0) offDiagonalAllZero = false;
      }
    }),
  );
  if (!shadeDiagonal && offDiagonalAllZero) for (const row of rows) if (row.noFill) Object.assign(row, { noFill: false, scaleCount: row.count });
  return rows;
}
