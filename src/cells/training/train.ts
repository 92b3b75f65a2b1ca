import type { io } from '@tensorflow/tfjs';
import { textElement } from '../../components/dom/elements';
import { safeLocalStorage } from '../../components/dom/storage';
import { TrainingCharts } from '../../components/dom/training-charts';
import type { CellRunner } from '../../components/notebook/types';
import { downloadLinks, saveTrainedModel } from '../../components/training/save-trained-model';
import { startTraining, type TrainingHandle } from '../../components/training/training-client';
import { isEdited, readModelChoice, recipeFor, type ModelChoice } from '../../lib/model/model-choice';
import { inferShapes } from '../../lib/model/shapes';
import { RedrawThrottle, SMOOTHING, TrainingCurves } from '../../lib/train/curves';
import type { RunSummary, WorkerEvent } from '../../lib/train/protocol';
import { BACKEND_CHOICES, formValuesFor, trainingSetup, type TrainingFormValues } from '../../lib/train/training-form';
import { formatBytes, formatCount, formatDuration } from '../../lib/site/format';
import { withBase } from '../../lib/site/url';
import '../../styles/training.css';

/** The same seed every run, so a student who changes one thing sees what that one thing did. */
const SEED = 1;
/** Read the loss back every 2 steps: free on wasm and the CPU, and it gives the curves detail. */
const REPORT_EVERY = 2;

const BACKEND_LABELS: Record<string, string> = {
  auto: 'auto (fastest)',
  wasm: 'wasm (CPU)',
  webgl: 'webgl (GPU)',
  cpu: 'cpu (slow)',
};

/** Lesson 4's training panel: the controls, the live curves, and the saved result. */
export const run: CellRunner = async ({ output, status }) => {
  const choice = readModelChoice(safeLocalStorage());
  const panel = document.createElement('div');
  panel.className = 'training-panel';
  panel.dataset.testid = 'training-panel';
  panel.dataset.state = 'idle';
  panel.innerHTML = panelHtml(choice);
  output.append(panel);
  wirePanel(panel, choice, status);
  return choice;
};

function panelHtml(choice: ModelChoice): string {
  const { parameters } = inferShapes(choice.config);
  const values = formValuesFor(recipeFor(choice));
  const field = (name: keyof TrainingFormValues, label: string, hint: string, mode: string) =>
    `<label class="train-field">${label}<input name="${name}" value="${values[name]}" inputmode="${mode}" autocomplete="off" aria-describedby="hint-${name}"><small id="hint-${name}">${hint}</small></label>`;
  const options = BACKEND_CHOICES.map((b) => `<option value="${b}">${BACKEND_LABELS[b]}</option>`).join('');
  return `
    <p class="train-model" data-testid="train-model">You will train <strong>${escapeHtml(choice.config.name)}</strong>${isEdited(choice) ? ' (as you edited it)' : ''}:
      ${choice.config.layers.length} layers, ${formatCount(parameters)} parameters. <a href="${withBase('lessons/building-the-cnn/')}#cell-builder">Change it in lesson 3</a>.</p>
    <form class="train-form" novalidate>
      <div class="train-fields">
        ${field('epochs', 'Epochs', 'passes over the training images', 'numeric')}
        ${field('batchSize', 'Batch size', 'images per step', 'numeric')}
        ${field('peakLearningRate', 'Peak learning rate', 'top of the one-cycle schedule', 'decimal')}
        ${field('maxSteps', 'Stop after (steps)', 'empty: the whole run', 'numeric')}
        <label class="train-field">Compute on<select name="backend">${options}</select><small>auto measures a few steps of each</small></label>
      </div>
      <div class="cell-controls">
        <button class="primary" type="submit" data-action="start">Start training</button>
        <button type="button" data-action="stop" disabled>Stop</button>
      </div>
      <div role="alert"><ul class="train-problems" data-testid="train-problems"></ul></div>
    </form>
    <p class="train-status" aria-live="polite" data-testid="train-status">Not started.</p>
    <dl class="train-facts" data-testid="train-facts">
      <div><dt>Step</dt><dd data-fact="step">–</dd></div>
      <div><dt>Images/s</dt><dd data-fact="speed">–</dd></div>
      <div><dt>Elapsed</dt><dd data-fact="elapsed">–</dd></div>
      <div><dt>Time left (estimate)</dt><dd data-fact="left">–</dd></div>
      <div><dt>Computing on</dt><dd data-fact="backend">–</dd></div>
      <div><dt>Threads</dt><dd data-fact="threads">–</dd></div>
      <div><dt>Worker memory</dt><dd data-fact="memory">–</dd></div>
    </dl>
    <label class="train-smoothing">Smoothing of the curves <input type="range" name="smoothing" min="0" max="0.95" step="0.05" value="${SMOOTHING}"> <output>${SMOOTHING}</output></label>
    <div class="chart-row" data-testid="training-curves"></div>
    <div class="train-result" data-testid="train-result"></div>`;
}

function wirePanel(panel: HTMLElement, choice: ModelChoice, cellStatus: (message: string) => void): void {
  const form = panel.querySelector<HTMLFormElement>('form')!;
  const stopButton = panel.querySelector<HTMLButtonElement>('[data-action="stop"]')!;
  const problems = panel.querySelector<HTMLElement>('.train-problems')!;
  const statusLine = panel.querySelector<HTMLElement>('.train-status')!;
  const curvesArea = panel.querySelector<HTMLElement>('[data-testid="training-curves"]')!;
  const result = panel.querySelector<HTMLElement>('.train-result')!;
  const smoothing = panel.querySelector<HTMLInputElement>('input[name="smoothing"]')!;
  const fact = (name: string, text: string) => {
    panel.querySelector<HTMLElement>(`[data-fact="${name}"]`)!.textContent = text;
  };
  const say = (message: string) => {
    statusLine.textContent = message;
    cellStatus(message);
  };

  let curves = new TrainingCurves();
  let totalSteps = 0;
  let handle: TrainingHandle | undefined;

  let charts: TrainingCharts | undefined;
  const draw = () => charts?.draw({ curves, totalSteps, smoothing: Number(smoothing.value) });
  smoothing.addEventListener('input', () => {
    smoothing.nextElementSibling!.textContent = smoothing.value;
    if (curves.reportCount > 0) draw();
  });

  stopButton.addEventListener('click', () => {
    handle?.stop();
    stopButton.disabled = true;
    say('Stopping after the step in progress…');
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (handle) return;
    const values = Object.fromEntries(new FormData(form)) as unknown as TrainingFormValues;
    const setup = trainingSetup(values, recipeFor(choice), SEED);
    problems.replaceChildren(...(setup.ok ? [] : setup.problems.map((problem) => textElement('li', problem))));
    if (!setup.ok) {
      say('Not started: fix the values above first.');
      return;
    }
    curves = new TrainingCurves();
    totalSteps = 0;
    result.replaceChildren();
    charts = new TrainingCharts(curvesArea);
    setRunning(true);
    const throttle = new RedrawThrottle(500);
    let frame = 0;
    const scheduleDraw = () => {
      if (throttle.shouldDraw(performance.now())) frame ||= requestAnimationFrame(() => ((frame = 0), draw()));
    };
    const started = performance.now();
    const clock = setInterval(() => fact('elapsed', formatDuration(performance.now() - started)), 500);
    let artifacts: io.ModelArtifacts | undefined;

    const onEvent = (event: WorkerEvent) => {
      switch (event.type) {
        case 'status':
          say(event.message);
          break;
        case 'backend':
          fact('backend', event.backend + measuredText(event.measurements));
          fact('threads', threadsText(event.backend));
          break;
        case 'batch': {
          const r = event.report;
          totalSteps = r.totalSteps;
          curves.addBatch(r);
          const speed = curves.recentImagesPerSecond() ?? r.imagesPerSecond;
          fact('step', `${r.step} of ${r.totalSteps} (epoch ${r.epoch})`);
          fact('speed', formatCount(Math.round(speed)));
          fact('left', formatDuration((((r.totalSteps - r.step) * setup.options.batchSize) / speed) * 1000));
          fact('memory', `${formatCount(event.memory.numTensors)} tensors, ${formatBytes(event.memory.numBytes)}`);
          say(`Training: step ${r.step} of ${r.totalSteps}, loss ${r.loss.toFixed(3)}.`);
          scheduleDraw();
          break;
        }
        case 'validation':
          curves.addValidation(event.report);
          scheduleDraw();
          break;
        case 'model':
          artifacts = event.artifacts;
          break;
      }
    };

    handle = startTraining(
      {
        model: choice.config,
        options: { ...setup.options, reportEvery: REPORT_EVERY },
        backend: setup.backend,
        dataUrl: new URL(withBase('data/mnist/'), location.href).href,
        modelSeed: SEED,
        evaluateOnTest: true,
        returnModel: true,
      },
      onEvent,
    );
    handle.done
      .then(async (summary) => {
        cancelAnimationFrame(frame);
        if (curves.reportCount > 0) draw();
        fact('elapsed', formatDuration(performance.now() - started));
        panel.dataset.state = summary.stopped ? 'stopped' : 'done';
        say(summary.stopped ? `Stopped after ${summary.steps} steps.` : `Finished ${summary.steps} steps.`);
        await showResult(result, choice, summary, setup.options.batchSize, setup.options.epochs, artifacts);
      })
      .catch((error: unknown) => {
        panel.dataset.state = 'error';
        const message = error instanceof Error ? error.message : String(error);
        say('The run failed.');
        problems.replaceChildren(textElement('li', `${message}. Nothing was saved; change the values and start again.`));
      })
      .finally(() => {
        clearInterval(clock);
        handle = undefined;
        setRunning(false);
      });
  });

  function setRunning(running: boolean): void {
    panel.dataset.state = running ? 'training' : panel.dataset.state;
    for (const control of form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button')) {
      control.disabled = control === stopButton ? !running : running;
    }
  }
}

async function showResult(
  result: HTMLElement,
  choice: ModelChoice,
  summary: RunSummary,
  batchSize: number,
  epochs: number,
  artifacts: io.ModelArtifacts | undefined,
): Promise<void> {
  const accuracy = summary.testAccuracy ?? Number.NaN;
  const images = summary.steps * batchSize;
  const score = document.createElement('p');
  score.className = 'train-score';
  score.dataset.testid = 'test-accuracy';
  score.dataset.accuracy = String(accuracy);
  score.innerHTML =
    `<strong>${(accuracy * 100).toFixed(2)}%</strong> of the 10,000 test images read correctly, after ${formatCount(summary.steps)} steps ` +
    `(${formatCount(images)} training images) in ${formatDuration(summary.trainSeconds * 1000)} on ${summary.backend}, ` +
    `validation passes included.`;
  result.append(score);
  if (!artifacts) {
    result.append(textElement('p', 'The worker sent no model back, so there is nothing to save.', 'cell-error'));
    return;
  }
  const name = `${choice.config.name}${isEdited(choice) ? ' (edited)' : ''}, ${(accuracy * 100).toFixed(1)}%`;
  const saved = await saveTrainedModel(name, artifacts, {
    recipe: choice.config.name,
    testAccuracy: accuracy,
    trainingSeconds: summary.trainSeconds,
    epochs,
    images,
    backend: summary.backend,
  });
  const note = document.createElement('div');
  note.className = 'train-saved';
  note.dataset.testid = 'save-outcome';
  if (saved.saved) {
    note.dataset.savedId = saved.saved.id;
    note.append(textElement('p', `Saved in this browser as “${saved.saved.name}”. The drawing pad of lesson 7 can read your handwriting with it.`));
  } else {
    note.dataset.savedId = '';
    note.append(
      textElement('p', `This browser would not keep the model: ${saved.problem}. Download its two files instead, so it is not lost:`, 'load-warning'),
      downloadLinks(name, artifacts),
    );
  }
  result.append(note);
}

function measuredText(measurements: { backend: string; imagesPerSecond?: number }[]): string {
  const measured = measurements.filter((m) => m.imagesPerSecond !== undefined);
  if (measured.length < 2) return '';
  return ` (measured: ${measured.map((m) => `${m.backend} ${formatCount(Math.round(m.imagesPerSecond!))} images/s`).join(', ')})`;
}

/** The wasm backend uses threads only when the page is cross-origin isolated (see README, Hosting). */
function threadsText(backend: string): string {
  if (backend !== 'wasm') return `not used by ${backend}`;
  return globalThis.crossOriginIsolated
    ? 'on (the page is cross-origin isolated)'
    : 'off: one thread (the page is not cross-origin isolated)';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
