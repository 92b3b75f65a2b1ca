import type { io } from '@tensorflow/tfjs';
import { textElement } from '../../components/dom/elements';
import { safeLocalStorage } from '../../components/dom/storage';
import { TrainingCharts } from '../../components/dom/training-charts';
import type { CellRunner, StatusTone } from '../../components/notebook/types';
import { showRunResult } from '../../components/training/run-result';
import { panelHtml, showFieldProblems, threadsText } from '../../components/training/training-panel';
import { startTraining, TrainingRunError, type TrainingHandle } from '../../components/training/training-client';
import { isEdited, readModelChoice, recipeFor, type ModelChoice } from '../../lib/model/model-choice';
import type { AugmentOptions } from '../../lib/train/augment';
import { readAugmentSetting } from '../../lib/train/augment-setting';
import { RedrawThrottle, TrainingCurves } from '../../lib/train/curves';
import { retryLearningRate, type Divergence } from '../../lib/train/divergence';
import { openCheckpointStore } from '../../lib/store/checkpoint-store';
import { interruptedText } from '../../lib/train/checkpoint';
import type { TrainRequest, WorkerEvent } from '../../lib/train/protocol';
import type { BatchReport, ValidationReport } from '../../lib/train/trainer';
import { COURSE } from '../../site/course-settings';
import { formValuesFor, trainingSetup, type TrainingFormValues } from '../../lib/train/training-form';
import { formatBytes, formatCount, formatDuration } from '../../lib/site/format';
import { withBase } from '../../lib/site/url';
import '../../styles/training.css';

/** Read the loss back every 2 steps: free on wasm and the CPU, and it gives the curves detail. */
const REPORT_EVERY = 2;

/** Lesson 4's training panel: the controls, the live curves, and the saved result. */
export const run: CellRunner = async ({ output, status }) => {
  const choice = readModelChoice(safeLocalStorage());
  const augmentation = readAugmentSetting(safeLocalStorage());
  const panel = document.createElement('div');
  panel.className = 'training-panel';
  panel.dataset.testid = 'training-panel';
  panel.dataset.state = 'idle';
  panel.innerHTML = panelHtml(choice, formValuesFor(recipeFor(choice), augmentation.setting?.enabled === true, COURSE.training), augmentation);
  output.append(panel);
  wirePanel(panel, choice, augmentation.setting?.options ?? null, status);
  return choice;
};

function wirePanel(panel: HTMLElement, choice: ModelChoice, savedAugmentation: AugmentOptions | null, cellStatus: (message: string, tone?: StatusTone) => void): void {
  const form = panel.querySelector<HTMLFormElement>('form')!;
  const button = (action: string) => panel.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
  const [stopButton, pauseButton] = [button('stop'), button('pause')];
  const problems = panel.querySelector<HTMLElement>('.train-problems')!;
  const statusLine = panel.querySelector<HTMLElement>('.train-status')!;
  const divergenceBox = panel.querySelector<HTMLElement>('[data-testid="divergence"]')!;
  const backendNote = panel.querySelector<HTMLElement>('[data-testid="backend-note"]')!;
  const curvesArea = panel.querySelector<HTMLElement>('[data-testid="training-curves"]')!;
  const result = panel.querySelector<HTMLElement>('.train-result')!;
  const smoothing = panel.querySelector<HTMLInputElement>('input[name="smoothing"]')!;
  const fact = (name: string, text: string) => {
    panel.querySelector<HTMLElement>(`[data-fact="${name}"]`)!.textContent = text;
  };
  const say = (message: string, tone?: StatusTone) => {
    statusLine.textContent = message;
    cellStatus(message, tone);
  };

  let curves = new TrainingCurves();
  let totalSteps = 0;
  let handle: TrainingHandle | undefined;
  // `?charts=off` trains without drawing, `?charts=rebuild` redraws as tfjs-vis alone would (npm run bench compares).
  const chartsMode = new URLSearchParams(location.search).get('charts');
  const charts = chartsMode === 'off' ? undefined : new TrainingCharts(curvesArea, chartsMode !== 'rebuild');
  charts?.prepare(Number(smoothing.value));
  const draw = () => charts?.draw({ curves, totalSteps, smoothing: Number(smoothing.value) });

  smoothing.addEventListener('input', () => {
    smoothing.nextElementSibling!.textContent = smoothing.value;
    if (curves.reportCount > 0) draw();
  });

  stopButton.addEventListener('click', () => {
    handle?.stop();
    stopButton.disabled = true;
    pauseButton.disabled = true;
    say('Stopping after the step in progress…');
  });

  pauseButton.addEventListener('click', () => {
    if (!handle) return;
    if (panel.dataset.state === 'paused') handle.resume();
    else handle.pause();
    pauseButton.disabled = true; // until the worker says it has paused or resumed
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (handle) return;
    const values = Object.fromEntries(new FormData(form)) as unknown as TrainingFormValues;
    const setup = trainingSetup(values, recipeFor(choice), savedAugmentation);
    showFieldProblems(form, setup.ok ? [] : setup.fieldProblems);
    problems.replaceChildren(...(setup.ok ? [] : setup.problems.map((problem) => textElement('li', problem))));
    if (!setup.ok) {
      say('Not started: fix the values above first.', 'warn');
      return;
    }
    interrupted.hidden = true;
    void clearInterrupted().catch(() => undefined);
    begin({
      model: choice.config,
      options: { ...setup.options, reportEvery: REPORT_EVERY },
      backend: setup.backend,
      dataUrl: new URL(withBase('data/mnist/'), location.href).href,
      modelSeed: setup.modelSeed,
      evaluateOnTest: true,
      returnModel: true,
      checkpoints: true,
    });
  });

  // A run that a reload, a closed tab or another lesson interrupted: offered to continue.
  const interrupted = panel.querySelector<HTMLElement>('[data-testid="interrupted"]')!;
  /** Forgets the interrupted run's checkpoint: out of storage when this resolves (rejects if storage refuses). */
  const clearInterrupted = async () => {
    const store = await openCheckpointStore().catch(() => undefined); // no IndexedDB: nothing was kept
    await store?.clear();
  };
  void openCheckpointStore()
    .then((store) => store.read())
    .then((checkpoint) => {
      if (!checkpoint || handle) return;
      const proceed = textElement('button', 'Continue', 'primary');
      proceed.type = 'button';
      proceed.dataset.action = 'continue';
      const discard = textElement('button', 'Discard');
      discard.type = 'button';
      discard.dataset.action = 'discard';
      proceed.addEventListener('click', () => {
        interrupted.hidden = true;
        const { batches, validations } = checkpoint.curves;
        begin({ ...checkpoint.request, resume: checkpoint }, { batches, validations });
      });
      discard.addEventListener('click', () => {
        // Gone from storage before it is gone from the page: a reload right after Discard must not bring it back.
        proceed.disabled = discard.disabled = true;
        clearInterrupted().then(
          () => {
            interrupted.hidden = true;
            say('The interrupted run was discarded.');
          },
          () => {
            proceed.disabled = discard.disabled = false;
            say('The interrupted run could not be discarded: the browser refused to change its storage. It is still here.', 'warn');
          },
        );
      });
      interrupted.dataset.epoch = String(checkpoint.epochsDone);
      interrupted.replaceChildren(textElement('p', `${interruptedText(checkpoint)} Continue it from there, or discard it?`), proceed, discard);
      interrupted.hidden = false;
    })
    .catch(() => undefined);

  // Leaving mid-run asks first; the run can be continued later from its last epoch.
  addEventListener('beforeunload', (event) => {
    if (!handle) return;
    event.preventDefault();
    event.returnValue = 'Training is still running. If you leave, it can be continued from its last finished epoch when you come back.';
  });

  function begin(request: Omit<TrainRequest, 'type' | 'runId'>, earlier?: { batches: BatchReport[]; validations: ValidationReport[] }): void {
    const setup = { options: request.options, backend: request.backend };
    curves = new TrainingCurves();
    totalSteps = earlier?.batches.at(-1)?.totalSteps ?? 0;
    for (const report of earlier?.batches ?? []) curves.addBatch(report);
    for (const report of earlier?.validations ?? []) curves.addValidation(report);
    result.replaceChildren();
    divergenceBox.hidden = true;
    backendNote.hidden = true;
    void draw(); // the earlier epochs, or empty charts for the new run
    setRunning(true);
    // What this run was sent, for the student's record and for tests.
    statusLine.dataset.augment = setup.options.augment ? JSON.stringify(setup.options.augment) : 'none';
    statusLine.dataset.options = JSON.stringify({ ...setup.options, backend: setup.backend });
    statusLine.dataset.resumed = String(request.resume !== undefined);
    const throttle = new RedrawThrottle(1000); // tfjs-vis redraws a whole chart each time
    let frame = 0;
    // In a hidden tab nothing is drawn (no one sees it; training goes on): the newest frame is drawn on return.
    const scheduleDraw = () => {
      if (document.visibilityState === 'hidden') throttle.markPending();
      else if (throttle.shouldDraw(performance.now())) frame ||= requestAnimationFrame(() => ((frame = 0), draw()));
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible' && throttle.takePending()) scheduleDraw();
    };
    document.addEventListener('visibilitychange', onVisible);
    const started = performance.now();
    let pausedSince: number | undefined;
    let pausedMs = 0;
    const elapsed = () => performance.now() - started - pausedMs - (pausedSince === undefined ? 0 : performance.now() - pausedSince);
    const clock = setInterval(() => fact('elapsed', formatDuration(elapsed())), 500);
    let artifacts: io.ModelArtifacts | undefined;
    let lastTensors = 0;
    const checkpointLog: { epoch: number; ms: number; bytes: number; tensors: number }[] = [];

    const onEvent = (event: WorkerEvent) => {
      switch (event.type) {
        case 'status':
          say(event.message);
          break;
        case 'backend':
          fact('backend', event.backend);
          fact('threads', threadsText(event.backend, event.threads));
          if (event.note) {
            backendNote.hidden = false;
            backendNote.textContent = event.note;
            backendNote.dataset.choosingMs = String(Math.round(event.choosingMs ?? 0));
          }
          break;
        case 'paused':
          panel.dataset.state = event.paused ? 'paused' : 'training';
          pauseButton.disabled = false;
          pauseButton.textContent = event.paused ? 'Resume' : 'Pause';
          if (event.paused) pausedSince = performance.now();
          else if (pausedSince !== undefined) (pausedMs += performance.now() - pausedSince), (pausedSince = undefined);
          say(event.paused ? `Paused after step ${event.step}: the model and the optimizer wait in the worker. Resume goes on from here.` : `Resumed at step ${event.step}.`);
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
          lastTensors = event.memory.numTensors;
          if (panel.dataset.state !== 'paused') say(`Training: step ${r.step} of ${r.totalSteps}, loss ${r.loss.toFixed(3)}.`);
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
        case 'checkpoint':
          panel.dataset.checkpointEpoch = String(event.epoch);
          // Per epoch: the checkpoint's cost and the worker's tensor count (npm run bench reads them).
          checkpointLog.push({ epoch: event.epoch, ms: Math.round(event.ms), bytes: event.bytes, tensors: lastTensors });
          panel.dataset.checkpoints = JSON.stringify(checkpointLog);
          break;
      }
    };

    handle = startTraining(request, onEvent);
    handle.done
      .then(async (summary) => {
        cancelAnimationFrame(frame);
        if (curves.reportCount > 0) await draw();
        fact('elapsed', formatDuration(elapsed()));
        fact('left', '–');
        // The whole run's speed, not the last reports' (npm run bench compares runs by it).
        if (summary.steps > 0) {
          fact('speed', formatCount(Math.round(summary.imagesPerSecond)));
          panel.dataset.imagesPerSecond = String(Math.round(summary.imagesPerSecond));
        }
        panel.dataset.state = summary.stopped ? 'stopped' : 'done';
        interrupted.hidden = true;
        void clearInterrupted().catch(() => undefined);
        say(summary.stopped ? `Stopped after ${summary.steps} steps.` : `Finished ${summary.steps} steps.`);
        const network = request.model.name;
        await showRunResult(result, { network, edited: network === choice.config.name && isEdited(choice), batchSize: setup.options.batchSize, epochs: setup.options.epochs }, summary, artifacts);
        panel.dispatchEvent(new CustomEvent('digit-lab:models-changed', { bubbles: true }));
      })
      .catch((error: unknown) => {
        cancelAnimationFrame(frame);
        if (curves.reportCount > 0) void draw();
        const divergence = error instanceof TrainingRunError ? error.divergence : undefined;
        if (divergence) {
          panel.dataset.state = 'diverged';
          say('The run diverged, so it stopped. Nothing was saved.', 'bad');
          showDivergence(divergence, setup.options.peakLearningRate);
          return;
        }
        panel.dataset.state = 'error';
        const message = error instanceof Error ? error.message : String(error);
        say('The run failed.', 'bad');
        problems.replaceChildren(textElement('li', `${message}. Nothing was saved; change the values and start again.`));
      })
      .finally(() => {
        clearInterval(clock);
        document.removeEventListener('visibilitychange', onVisible);
        handle = undefined;
        setRunning(false);
      });
  }

  function showDivergence(divergence: Divergence, rate: number): void {
    const lower = retryLearningRate(rate);
    const retry = textElement('button', `Start again at a third of the rate (${lower})`, 'primary');
    retry.type = 'button';
    retry.dataset.action = 'retry-lower';
    retry.addEventListener('click', () => {
      form.querySelector<HTMLInputElement>('input[name="peakLearningRate"]')!.value = String(lower);
      form.requestSubmit();
    });
    divergenceBox.dataset.kind = divergence.kind;
    divergenceBox.replaceChildren(
      textElement('p', divergence.message),
      textElement(
        'p',
        'Why: the learning rate is how far each step moves the weights. Too far, and a step jumps past the valley the loss is in, onto a higher slope, whose steeper gradient makes the next jump longer still. A third of the rate is usually enough to tell whether that was it.',
      ),
      retry,
    );
    divergenceBox.hidden = false;
  }

  function setRunning(running: boolean): void {
    panel.dataset.state = running ? 'training' : panel.dataset.state;
    for (const control of form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button')) {
      control.disabled = control === stopButton || control === pauseButton ? !running : running;
    }
    pauseButton.textContent = 'Pause';
  }
}
