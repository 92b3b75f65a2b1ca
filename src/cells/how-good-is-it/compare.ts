import { evaluateById, progressView } from '../../components/evaluation/evaluate-ui';
import { EvaluationCancelled, type Evaluation } from '../../components/evaluation/evaluator';
import { scoredGallery } from '../../components/evaluation/gallery';
import { modelPicker } from '../../components/evaluation/model-picker';
import type { EvaluationSession } from '../../components/evaluation/session';
import { testItems } from '../../components/evaluation/test-items';
import { dataTable, percentText, scrolling } from '../../components/evaluation/tables';
import { textElement } from '../../components/dom/elements';
import type { CellRunner } from '../../components/notebook/types';
import { disagreements } from '../../lib/eval/galleries';
import { accuracyOf, classMetrics, confusionOfScored } from '../../lib/eval/metrics';
import { scoredImages } from '../../lib/eval/scored-set';

const SHOWN = 24;

/** The chosen model against a second one, on the same 10,000 test images. */
export const run: CellRunner = async ({ output, input, status }) => {
  const session = input<EvaluationSession>('evaluate');
  const progress = progressView('compare-progress');
  const result = document.createElement('div');
  const message = textElement('p', '');
  message.setAttribute('role', 'status');
  let runInProgress: string | undefined;
  let wanted = '';
  let other: Evaluation | undefined;

  const render = (): void => {
    if (other) result.replaceChildren(...comparison(session, session.current(), other));
  };
  const choose = async (id: string): Promise<void> => {
    wanted = id;
    if (runInProgress) session.evaluator.cancel(runInProgress);
    message.textContent = '';
    status('Scoring…');
    try {
      const evaluation = await evaluateById(session.evaluator, id, progress, (runId) => (runInProgress = runId));
      if (wanted !== id) return;
      runInProgress = undefined;
      other = evaluation;
      render();
      status('Done');
    } catch (error) {
      if (error instanceof EvaluationCancelled || wanted !== id) return;
      message.textContent = `This model cannot be compared: ${error instanceof Error ? error.message : String(error)}`;
      status('Failed');
    }
  };
  const first = session.current().model.id;
  const picker = await modelPicker('Compare with', 'compare-model', (id) => void choose(id), first === 'default' ? 'mnist-only' : 'default');
  output.append(picker.element, progress.element, message, result);
  await choose(picker.value());
  session.follow('compare', render);
  return undefined;
};

function comparison(session: EvaluationSession, a: Evaluation, b: Evaluation): HTMLElement[] {
  const imagesA = scoredImages(a.test);
  const imagesB = scoredImages(b.test);
  const matrixA = confusionOfScored(imagesA);
  const matrixB = confusionOfScored(imagesB);
  const perA = classMetrics(matrixA);
  const perB = classMetrics(matrixB);
  const seconds = (e: Evaluation) => (e.model.training.trainingSeconds === undefined ? '—' : `${Math.round(e.model.training.trainingSeconds)} s`);
  const rows = [
    ['MNIST test accuracy', percentText(accuracyOf(matrixA)), percentText(accuracyOf(matrixB))],
    ...perA.map((m, digit) => [`“${digit}”`, percentText(m.recall), percentText(perB[digit]!.recall)]),
    ['Pen writers 21–30', a.pen ? percentText(accuracyOf(confusionOfScored(scoredImages(a.pen.scored)))) : '—', b.pen ? percentText(accuracyOf(confusionOfScored(scoredImages(b.pen.scored)))) : '—'],
    ['Parameters', a.parameters.toLocaleString('en'), b.parameters.toLocaleString('en')],
    ['Training time', seconds(a), seconds(b)],
  ];
  const table = dataTable('Two models on the same test set', ['Measure', a.model.name, b.model.name], rows, 'compare-table');
  table.dataset.models = JSON.stringify([a.model.id, b.model.id]);
  const { onlyFirstRight, onlySecondRight } = disagreements(imagesA, imagesB);
  const pick = (indices: number[], from: Evaluation) => testItems(session.data, from.test, indices.slice(0, SHOWN).map((i) => (from === a ? imagesA : imagesB)[i]!));
  const aRight = scoredGallery(pick(onlySecondRight, a), `${a.model.name} wrong where ${b.model.name} is right`, SHOWN);
  aRight.dataset.testid = 'only-second-right';
  const bRight = scoredGallery(pick(onlyFirstRight, b), `${b.model.name} wrong where ${a.model.name} is right`, SHOWN);
  bRight.dataset.testid = 'only-first-right';
  return [
    scrolling(table, 'Comparison of two models'),
    textElement('h4', `Right by “${b.model.name}” only (${onlySecondRight.length}), as “${a.model.name}” read them`),
    aRight,
    textElement('h4', `Right by “${a.model.name}” only (${onlyFirstRight.length}), as “${b.model.name}” read them`),
    bRight,
  ];
}
