import type { EvaluationSession } from '../../components/evaluation/session';
import { dataTable, percentText, scrolling } from '../../components/evaluation/tables';
import type { CellRunner } from '../../components/notebook/types';
import { loadTfvis } from '../../components/vis/tfvis';
import { classMetrics, confusionOfScored } from '../../lib/eval/metrics';
import { scoredImages } from '../../lib/eval/scored-set';

/** Per-digit accuracy drawn by tfjs-vis, and precision, recall and F1 in a table. */
export const run: CellRunner = async ({ output, input }) => {
  const session = input<EvaluationSession>('evaluate');
  const tfvis = await loadTfvis();
  const chart = document.createElement('div');
  chart.className = 'vis-chart per-class-chart';
  chart.dataset.testid = 'per-class-accuracy';
  const tableHolder = document.createElement('div');
  output.append(chart, tableHolder);
  session.follow('per-class', (evaluation) => {
    const metrics = classMetrics(confusionOfScored(scoredImages(evaluation.test)));
    void tfvis.show.perClassAccuracy(chart, metrics.map((m) => ({ accuracy: m.recall, count: m.support })), metrics.map((m) => String(m.digit)));
    const rows = metrics.map((m) => [String(m.digit), String(m.support), percentText(m.precision), percentText(m.recall), percentText(m.f1)]);
    const table = dataTable(`Per digit, ${evaluation.model.name}`, ['Digit', 'Test images', 'Precision', 'Recall (accuracy)', 'F1'], rows, 'class-metrics');
    const worst = [...metrics].sort((a, b) => a.f1 - b.f1)[0]!;
    const sentence = document.createElement('p');
    sentence.textContent = `Its weakest digit by F1 is “${worst.digit}”: of the ${worst.support} test ${worst.digit}s it read ${percentText(worst.recall)} right, and when it said “${worst.digit}” it was right ${percentText(worst.precision)} of the time.`;
    tableHolder.replaceChildren(scrolling(table, 'Precision, recall and F1 per digit'), sentence);
  });
  return undefined;
};
