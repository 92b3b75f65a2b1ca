import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { confusionTable, linechartShape, linechartTable } from '../../../src/lib/vis/chart-tables';

// Node has no DOM: tfjs-vis only checks that it was given an element.
class FakeElement {}

/** The spec one of tfjs-vis's own charts (CommonJS) hands to Vega's embed, which is replaced by a spy. */
async function specOf(name: 'linechart' | 'confusion_matrix', draw: (module: Record<string, (...args: unknown[]) => Promise<void>>, element: HTMLElement) => Promise<void>) {
  vi.stubGlobal('HTMLElement', FakeElement);
  const require = createRequire(import.meta.url);
  const chartPath = require.resolve(`@tensorflow/tfjs-vis/dist/render/${name}`);
  const embedPath = createRequire(chartPath).resolve('vega-embed');
  const embed = vi.fn(async (..._args: unknown[]) => ({}));
  require.cache[embedPath] = { id: embedPath, filename: embedPath, loaded: true, exports: { __esModule: true, default: embed } } as unknown as NodeJS.Module;
  delete require.cache[chartPath];
  await draw(require(chartPath) as Record<string, (...args: unknown[]) => Promise<void>>, new FakeElement() as HTMLElement);
  return (embed.mock.calls[0] as unknown as [unknown, { data: { values: unknown[] } }])[1];
}

describe('linechartTable (the rows streamed into a drawn tfjs-vis line chart)', () => {
  const values = [
    [{ x: 0, y: 1.5 }, { x: 1, y: null }, { x: 2, y: 0.5 }],
    [{ x: 0, y: null }, { x: 1, y: 0.9 }, { x: 2, y: 0.8 }],
  ];
  const series = ['training', 'validation'];

  it('holds exactly the rows tfjs-vis 1.5.1 builds for the same series', async () => {
    const spec = await specOf('linechart', (module, element) => module.linechart!(element, { values, series }, { width: 300, height: 200 }));
    expect(linechartTable(values, series)).toEqual(spec.data.values);
    expect(linechartTable(values, series)[1]).toEqual({ x: 1, training: null, 'training-name': 'training', validation: 0.9, 'validation-name': 'validation' });
  });

  it('refuses values and names that do not pair up', () => {
    expect(() => linechartTable(values, ['one'])).toThrow(/2 series of values for 1 names/);
  });

  it('tells a chart whose size or series changed from one that only has new rows', () => {
    const shape = linechartShape(series, { width: 300, yAxisDomain: [0, 1] });
    expect(linechartShape(series, { width: 300, yAxisDomain: [0, 1] })).toBe(shape);
    expect(linechartShape(series, { width: 320, yAxisDomain: [0, 1] })).not.toBe(shape);
    expect(linechartShape(['training'], { width: 300, yAxisDomain: [0, 1] })).not.toBe(shape);
  });
});

describe('confusionTable (the rows streamed into a drawn tfjs-vis confusion matrix)', () => {
  const tfvisRows = async (values: number[][], shadeDiagonal: boolean) =>
    (await specOf('confusion_matrix', (module, element) => module.confusionMatrix!(element, { values, tickLabels: ['a', 'b'] }, { width: 200, height: 200, shadeDiagonal }))).data.values;
  const mistakes = [[5, 1], [0, 4]];
  const perfect = [[3, 0], [0, 2]];

  it('holds exactly the rows tfjs-vis 1.5.1 builds, the diagonal shaded or not', async () => {
    for (const shade of [true, false]) expect(confusionTable(mistakes, ['a', 'b'], shade)).toEqual(await tfvisRows(mistakes, shade));
    expect(confusionTable(mistakes, ['a', 'b'], false)[0]).toEqual({ label: 'a', prediction: 'a', count: 5, noFill: true });
  });

  it('shades the diagonal after all when nothing off it is non-zero, as tfjs-vis does', async () => {
    expect(confusionTable(perfect, ['a', 'b'], false)).toEqual(await tfvisRows(perfect, false));
    expect(confusionTable(perfect, ['a', 'b'], false)[0]).toEqual({ label: 'a', prediction: 'a', count: 3, noFill: false, scaleCount: 3 });
  });
});
