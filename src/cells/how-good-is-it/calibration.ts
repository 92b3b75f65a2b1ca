import * as Plot from '@observablehq/plot';
import { chartWidth, wrap } from '../../components/dom/charts';
import type { EvaluationSession } from '../../components/evaluation/session';
import { dataTable, percentText, scrolling } from '../../components/evaluation/tables';
import { textElement } from '../../components/dom/elements';
import type { CellRunner } from '../../components/notebook/types';
import { calibration } from '../../lib/eval/calibration';
import { scoredImages } from '../../lib/eval/scored-set';

/** A reliability diagram: in each band of confidence, how often the model was right. */
export const run: CellRunner = async ({ output, input }) => {
  const session = input<EvaluationSession>('evaluate');
  session.follow('calibration', (evaluation) => {
    const images = scoredImages(evaluation.test);
    const { bins, expectedError } = calibration(images, 9);
    const filled = bins.filter((bin) => bin.count > 0);
    const chart = Plot.plot({
      width: chartWidth(output),
      height: 300,
      marginLeft: 50,
      x: { label: 'Confidence (probability of the answer)', domain: [0.1, 1] },
      y: { label: 'Share right', domain: [0, 1], grid: true },
      marks: [
        Plot.rectY(filled, { x1: 'from', x2: 'to', y: 'accuracy', fill: '#0a58ca', fillOpacity: 0.75, inset: 1 }),
        Plot.line([{ x: 0.1, y: 0.1 }, { x: 1, y: 1 }], { x: 'x', y: 'y', stroke: '#cf222e', strokeDasharray: '4 3' }),
        Plot.text(filled, { x: (b: { from: number; to: number }) => (b.from + b.to) / 2, y: 'accuracy', text: (b: { count: number }) => String(b.count), dy: -8, fontSize: 10 }),
      ],
    });
    const figure = wrap(chart, {
      label: `Reliability diagram of ${evaluation.model.name}: for each band of confidence, the share of answers that were right; the dashed line is perfect calibration.`,
      caption: 'Bars: share right in each confidence band (the number above: how many test images fell in it). Dashed: where a perfectly calibrated model would be.',
      testid: 'reliability',
    });
    figure.dataset.bins = JSON.stringify(bins.map((bin) => bin.count));
    const rows = filled.map((bin) => [`${percentText(bin.from)}–${percentText(bin.to)}`, String(bin.count), percentText(bin.meanConfidence), percentText(bin.accuracy)]);
    const table = dataTable('Confidence bands', ['Confidence', 'Images', 'Mean confidence', 'Share right'], rows, 'calibration-table');
    const sure = images.filter((image) => image.confidence > 0.5).length;
    output.replaceChildren(
      figure,
      scrolling(table, 'Calibration numbers'),
      textElement(
        'p',
        `Expected calibration error: ${percentText(expectedError)} (the gap between confidence and accuracy, averaged over the images). ` +
          `${sure.toLocaleString('en')} of the 10,000 answers are given with more than 50% confidence.`,
      ),
    );
  });
  return undefined;
};
