import { choiceLine, evaluateById, progressView } from '../../components/evaluation/evaluate-ui';
import { EvaluationCancelled, type Evaluation } from '../../components/evaluation/evaluator';
import { scoredGallery } from '../../components/evaluation/gallery';
import type { EvaluationSession } from '../../components/evaluation/session';
import { testItems } from '../../components/evaluation/test-items';
import { dataTable, percentText, scrolling } from '../../components/evaluation/tables';
import { textElement } from '../../components/dom/elements';
import { turnQueue } from '../../components/dom/turns';
import type { CellRunner } from '../../components/notebook/types';
import { disagreements } from '../../lib/eval/galleries';
import { accuracyOf, classMetrics, confusionOfScored } from '../../lib/eval/metrics';
import { scoredImages } from '../../lib/eval/scored-set';

const SHOWN = 24;

/** The chosen model against a second one, on the same 10,000 test images; the second is chosen in My models above ("Compare with it"). */
export const run: CellRunner = async ({ output, input, status }) => {
  const session = input<EvaluationSession>('evaluate');
  const progress = progressView('compare-progress');
  const result = document.createElement('div');
  const message = textElement('p', '');
  message.setAttribute('role', 'status');
  let runInProgress: string | undefined;
  let wanted = '';
  let other: Evaluation | undefined;
  const line = choiceLine('compare-model', 'Compared with');

  const inTurns = turnQueue();
  const render = (): void => {
    if (other) void comparison(session, session.current(), other, inTurns).then((parts) => parts && result.replaceChildren(...parts));
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
      line.set(id, evaluation.model.name);
      render();
      status('Done');
    } catch (error) {
      if (error instanceof EvaluationCancelled || wanted !== id) return;
      message.textContent = `This model cannot be compared: ${error instanceof Error ? error.message : String(error)}`;
      status('Failed', 'bad');
      wanted = other?.model.id ?? '';
      session.models.markChosen();
    }
  };
  const first = session.current().model.id;
  const hint = textElement('p', 'Choose the second model with “Compare with it” in My models above; it starts on a shipped model.');
  output.append(hint, line.element, progress.element, message, result);
  const start = first === 'default' ? 'mnist-only' : 'default';
  wanted = start;
  session.models.addChoice({ label: 'Compare with it', action: 'compare', chosen: () => wanted, onChoose: (id) => void choose(id) });
  await choose(start);
  session.follow('compare', render);
  return undefined;
};

/**
 * The comparison, built in turns (each model's 10,000 answers, the figures, then each gallery
 * of 24 digits), so it never holds the page in one long task; undefined when a newer comparison
 * took over.
 */
async function comparison(session: EvaluationSession, a: Evaluation, b: Evaluation, inTurns: ReturnType<typeof turnQueue>): Promise<HTMLElement[] | undefined> {
  const parts: HTMLElement[] = [];
  let done = false;
  let imagesA: ReturnType<typeof scoredImages> = [];
  let imagesB: ReturnType<typeof scoredImages> = [];
  let split: ReturnType<typeof disagreements> = { onlyFirstRight: [], onlySecondRight: [] };
  const pick = (indices: number[], from: Evaluation) => testItems(session.data, from.test, indices.slice(0, SHOWN).map((i) => (from === a ? imagesA : imagesB)[i]!));
  await inTurns([
    () => void (imagesA = scoredImages(a.test)),
    () => void (imagesB = scoredImages(b.test)),
    () => {
      split = disagreements(imagesA, imagesB);
      parts.push(figuresTable(a, b, imagesA, imagesB));
    },
    () => {
      const aRight = scoredGallery(pick(split.onlySecondRight, a), `${a.model.name} wrong where ${b.model.name} is right`, SHOWN);
      aRight.dataset.testid = 'only-second-right';
      parts.push(textElement('h4', `Right by “${b.model.name}” only (${split.onlySecondRight.length}), as “${a.model.name}” read them`), aRight);
    },
    () => {
      const bRight = scoredGallery(pick(split.onlyFirstRight, b), `${b.model.name} wrong where ${a.model.name} is right`, SHOWN);
      bRight.dataset.testid = 'only-first-right';
      parts.push(textElement('h4', `Right by “${a.model.name}” only (${split.onlyFirstRight.length}), as “${b.model.name}” read them`), bRight);
      done = true;
    },
  ]);
  return done ? parts : undefined;
}

/** Accuracy, per-digit accuracy, pen writers, parameters and training time of both models. */
function figuresTable(a: Evaluation, b: Evaluation, imagesA: ReturnType<typeof scoredImages>, imagesB: ReturnType<typeof scoredImages>): HTMLElement {
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
  return scrolling(table, 'Comparison of two models');
}
