/**
 * The part of lesson 5 that picks a model and scores it: "My models" (the list lessons 4 and 7
 * show, with the shipped models and an "Evaluate" button on each row), a progress bar while
 * the worker scores the 10,000 test images (then the pen writers), and the headline figure.
 * Picking another model cancels the run in progress and scores the new one.
 */
import type { MnistData } from '../../lib/data/mnist';
import { accuracyOf, confusionOf } from '../../lib/eval/metrics';
import { scoredImages } from '../../lib/eval/scored-set';
import type { EvalPhase } from '../../lib/eval/protocol';
import { textElement } from '../dom/elements';
import { mountMyModels, type MyModelsList } from '../models/my-models';
import { preloadTfvis } from '../vis/tfvis';
import { createEvaluator, EvaluationCancelled, type Evaluation, type Evaluator } from './evaluator';
import { chosenModel, startingModelId } from './chosen-model';
import { createSession, type EvaluationSession } from './session';
import '../../styles/models.css';

const PHASE_TEXT: Record<EvalPhase, string> = {
  loading: 'Loading the model…',
  mnist: 'Scoring the MNIST test images',
  pen: 'Scoring the pen writers 21–30',
};

let sharedEvaluator: Evaluator | undefined;

/** One evaluator per page, whichever cell asks first. */
export function pageEvaluator(data: MnistData): Evaluator {
  sharedEvaluator ??= createEvaluator(data);
  return sharedEvaluator;
}

/** A progress bar and its label that follow one run. */
export interface ProgressView {
  element: HTMLElement;
  update: (phase: EvalPhase, done: number, total: number) => void;
  finish: (text: string) => void;
}

export function progressView(testId: string): ProgressView {
  const element = document.createElement('div');
  element.className = 'eval-progress';
  const bar = document.createElement('progress');
  bar.className = 'load-progress';
  bar.dataset.testid = testId;
  bar.setAttribute('aria-label', 'Scoring progress');
  const label = textElement('p', 'Waiting…', 'load-label');
  label.setAttribute('aria-live', 'polite');
  element.append(bar, label);
  return {
    element,
    update: (phase, done, total) => {
      bar.max = total;
      bar.value = done;
      label.textContent = phase === 'loading' ? PHASE_TEXT.loading : `${PHASE_TEXT[phase]}: ${done.toLocaleString('en')} of ${total.toLocaleString('en')}`;
    },
    finish: (text) => {
      bar.max = 1;
      bar.value = 1;
      label.textContent = text;
    },
  };
}

/** Scores a model by id with a progress view; the sentence to show when it cannot be. */
export async function evaluateById(evaluator: Evaluator, id: string, progress: ProgressView, onRun?: (runId: string) => void): Promise<Evaluation> {
  const model = await chosenModel(id);
  const run = evaluator.evaluate(model, progress.update);
  onRun?.(run.runId);
  const evaluation = await run.result;
  progress.finish(`Scored: ${evaluation.model.name}, on ${evaluation.test.labels.length.toLocaleString('en')} test images and ${(evaluation.pen?.scored.labels.length ?? 0).toLocaleString('en')} pen digits.`);
  return evaluation;
}

/**
 * Which model a part of the page uses, in a sentence; `data-value` holds its id for tests
 * (lesson 5's `eval-model` and `compare-model`, lesson 6's `inspect-model`).
 */
export function choiceLine(testId: string, prefix: string): { element: HTMLElement; set(id: string, name: string): void } {
  const element = textElement('p', '', 'model-choice-line');
  element.dataset.testid = testId;
  element.setAttribute('aria-live', 'polite');
  return {
    element,
    set(id, name) {
      element.dataset.value = id;
      element.textContent = `${prefix} “${name}”.`;
    },
  };
}

export const formatAccuracy = (accuracy: number | undefined): string => (accuracy === undefined || Number.isNaN(accuracy) ? '—' : `${(accuracy * 100).toFixed(2)}%`);

/** The headline: test accuracy here next to what lesson 4 (or the training script) recorded. */
function figuresTable(evaluation: Evaluation): HTMLElement {
  const accuracy = accuracyOf(confusionOf(evaluation.test.labels, scoredImages(evaluation.test).map((image) => image.predicted)));
  const { training } = evaluation.model;
  const table = document.createElement('table');
  table.className = 'data-table eval-figures';
  table.dataset.testid = 'test-accuracy';
  table.dataset.accuracy = String(accuracy);
  table.dataset.model = evaluation.model.id;
  table.dataset.workerTensors = String(evaluation.tensorsLeft);
  const rows: [string, string][] = [
    ['MNIST test accuracy, measured here (10,000 images)', formatAccuracy(accuracy)],
    ['Test accuracy recorded when it was trained', formatAccuracy(training.testAccuracy)],
    ['Training time', training.trainingSeconds === undefined ? '—' : `${Math.round(training.trainingSeconds)} s`],
    ['Epochs', training.epochs === undefined ? '—' : String(training.epochs)],
    ['Parameters', evaluation.parameters.toLocaleString('en')],
  ];
  table.append(textElement('caption', evaluation.model.name));
  const body = document.createElement('tbody');
  for (const [name, value] of rows) {
    const row = document.createElement('tr');
    const head = textElement('th', name);
    head.scope = 'row';
    row.append(head, textElement('td', value));
    body.append(row);
  }
  table.append(body);
  return table;
}

/** Lesson 5's first cell after loading: returns the session every later cell follows. */
export async function startEvaluation(output: HTMLElement, data: MnistData, status: (message: string) => void): Promise<EvaluationSession> {
  const evaluator = pageEvaluator(data);
  const progress = progressView('eval-progress');
  const figures = document.createElement('div');
  const message = textElement('p', '', 'eval-message');
  message.setAttribute('role', 'status');
  let session: ReturnType<typeof createSession> | undefined;
  let runInProgress: string | undefined;
  let wanted = '';
  const line = choiceLine('eval-model', 'Evaluating');

  const show = async (id: string): Promise<Evaluation | undefined> => {
    wanted = id;
    if (runInProgress) evaluator.cancel(runInProgress);
    message.textContent = '';
    status('Scoring…');
    try {
      const evaluation = await evaluateById(evaluator, id, progress, (runId) => (runInProgress = runId));
      if (wanted !== id) return undefined;
      runInProgress = undefined;
      figures.replaceChildren(figuresTable(evaluation));
      output.dataset.model = id;
      line.set(id, evaluation.model.name);
      status('Done');
      if (session) session.set(evaluation);
      return evaluation;
    } catch (error) {
      if (error instanceof EvaluationCancelled || wanted !== id) return undefined;
      runInProgress = undefined;
      const still = session ? ` The page still shows “${session.current().model.name}”.` : '';
      message.textContent = `This model cannot be evaluated: ${error instanceof Error ? error.message : String(error)}${still}`;
      status('Failed');
      if (session) wanted = session.current().model.id;
      models.markChosen();
      return undefined;
    }
  };

  const models: MyModelsList = mountMyModels(output, {
    withShipped: true,
    choices: [{ label: 'Evaluate', action: 'evaluate', chosen: () => wanted, onChoose: (id) => void show(id) }],
  });
  output.append(line.element, progress.element, message, figures);
  preloadTfvis(); // the charts of the next cells need it: loaded while the worker scores
  const start = await startingModelId();
  let first = await show(start);
  if (!first && start !== 'default') first = await show('default');
  if (!first) {
    const reason = message.textContent || 'No model could be evaluated.';
    message.textContent = '';
    throw new Error(reason);
  }
  models.markChosen();
  session = createSession(data, evaluator, first, models);
  return session;
}
