/**
 * Lesson 4's training panel as markup: the model, every control with its sentence, the run's
 * buttons, the readouts and the place of the curves. Behaviour is in src/cells/training/train.ts;
 * every value shown here is escaped.
 */
import { describeAugmentation, type AugmentSettingRead } from '../../lib/train/augment-setting';
import type { ModelChoice } from '../../lib/model/model-choice';
import { isEdited } from '../../lib/model/model-choice';
import { inferShapes } from '../../lib/model/shapes';
import { SMOOTHING } from '../../lib/train/curves';
import type { ThreadsUsed } from '../../lib/train/protocol';
import {
  BACKEND_CHOICES,
  OPTIMIZER_CHOICES,
  SCHEDULE_CHOICES,
  TRAINING_SHARE_CHOICES,
  type FieldProblem,
  type FormField,
  type TrainingFormValues,
} from '../../lib/train/training-form';
import { formatCount } from '../../lib/site/format';
import { withBase } from '../../lib/site/url';

const BACKEND_LABELS: Record<string, string> = { auto: 'auto (fastest)', wasm: 'wasm (CPU)', webgl: 'webgl (GPU)', cpu: 'cpu (slow)' };
const OPTIMIZER_LABELS: Record<string, string> = { adam: 'Adam', momentum: 'SGD with momentum (0.9)', sgd: 'SGD (plain)' };
const SCHEDULE_LABELS: Record<string, string> = { 'one-cycle': 'one-cycle (rise, then fall)', constant: 'constant' };

/** The sentence under each box: what it does, in a line. */
export const FIELD_HINTS: Record<FormField, string> = {
  epochs: 'passes over the training images',
  batchSize: 'images per step',
  peakLearningRate: 'the top of the schedule (or the rate, if constant)',
  maxSteps: 'empty: the whole run',
  optimizer: 'how each step moves the weights',
  schedule: 'how the rate changes over the run',
  labelSmoothing: '0: plain labels; 0.1 asks for 91%, not 100%',
  trainingShare: 'fewer images: a faster, weaker run',
  seed: 'the same seed gives the same run',
  backend: 'auto skips a software GPU, times the rest briefly',
  augment: '',
};

export function panelHtml(choice: ModelChoice, values: TrainingFormValues, augmentation: AugmentSettingRead): string {
  const { parameters } = inferShapes(choice.config);
  const input = (name: FormField, label: string, mode: string) =>
    `<label class="train-field">${label}<input name="${name}" value="${escapeHtml(values[name] ?? '')}" inputmode="${mode}" autocomplete="off" aria-describedby="hint-${name}"><small id="hint-${name}" data-hint="${escapeHtml(FIELD_HINTS[name])}">${escapeHtml(FIELD_HINTS[name])}</small></label>`;
  const select = (name: FormField, label: string, choices: readonly string[], labels: Record<string, string>) =>
    `<label class="train-field">${label}<select name="${name}" aria-describedby="hint-${name}">${choices
      .map((c) => `<option value="${c}"${values[name] === c ? ' selected' : ''}>${escapeHtml(labels[c] ?? c)}</option>`)
      .join('')}</select><small id="hint-${name}" data-hint="${escapeHtml(FIELD_HINTS[name])}">${escapeHtml(FIELD_HINTS[name])}</small></label>`;
  const shares = Object.fromEntries(TRAINING_SHARE_CHOICES.map((c) => [c, c === '100' ? 'all (55,000)' : `${c}%`]));
  return `
    <div class="train-interrupted" data-testid="interrupted" role="region" aria-label="Interrupted run" hidden></div>
    <p class="train-model" data-testid="train-model">You will train <strong>${escapeHtml(choice.config.name)}</strong>${isEdited(choice) ? ' (as you edited it)' : ''}:
      ${choice.config.layers.length} layers, ${formatCount(parameters)} parameters. <a href="${withBase('lessons/building-the-cnn/')}#cell-builder">Change it in lesson 3</a>.</p>
    <form class="train-form" novalidate>
      <div class="train-fields">
        ${input('epochs', 'Epochs', 'numeric')}
        ${input('batchSize', 'Batch size', 'numeric')}
        ${input('peakLearningRate', 'Peak learning rate', 'decimal')}
        ${select('optimizer', 'Optimizer', OPTIMIZER_CHOICES, OPTIMIZER_LABELS)}
        ${select('schedule', 'Schedule', SCHEDULE_CHOICES, SCHEDULE_LABELS)}
        ${input('labelSmoothing', 'Label smoothing', 'decimal')}
        ${select('trainingShare', 'Training images', TRAINING_SHARE_CHOICES, shares)}
        ${input('seed', 'Seed', 'numeric')}
        ${input('maxSteps', 'Stop after (steps)', 'numeric')}
        ${select('backend', 'Compute on', BACKEND_CHOICES, BACKEND_LABELS)}
      </div>
      ${augmentationHtml(values, augmentation)}
      <div class="cell-controls">
        <button class="primary" type="submit" data-action="start">Start training</button>
        <button type="button" data-action="pause" disabled>Pause</button>
        <button type="button" data-action="stop" disabled>Stop</button>
      </div>
      <div role="alert"><ul class="train-problems" data-testid="train-problems"></ul></div>
    </form>
    <p class="train-status" aria-live="polite" data-testid="train-status">Not started.</p>
    <div class="train-divergence" data-testid="divergence" hidden></div>
    <dl class="train-facts" data-testid="train-facts">
      <div><dt>Step</dt><dd data-fact="step">–</dd></div>
      <div><dt>Images/s</dt><dd data-fact="speed">–</dd></div>
      <div><dt>Elapsed</dt><dd data-fact="elapsed">–</dd></div>
      <div><dt>Time left (estimate)</dt><dd data-fact="left">–</dd></div>
      <div><dt>Computing on</dt><dd data-fact="backend">–</dd></div>
      <div><dt>Threads</dt><dd data-fact="threads">–</dd></div>
      <div><dt>Worker memory</dt><dd data-fact="memory">–</dd></div>
    </dl>
    <p class="train-choosing" data-testid="backend-note" hidden></p>
    <label class="train-smoothing">Smoothing of the curves <input type="range" name="smoothing" min="0" max="0.95" step="0.05" value="${SMOOTHING}"> <output>${SMOOTHING}</output></label>
    <div class="chart-row" data-testid="training-curves"></div>
    <div class="train-result" data-testid="train-result"></div>`;
}

/** Lesson 2's setting, said in words, with a box to train this run without it. */
function augmentationHtml(values: TrainingFormValues, { setting, notice }: AugmentSettingRead): string {
  if (!setting) {
    const text = notice ?? 'No augmentation: the images are used as they are. Lesson 2 can add small shifts, rotations and scalings.';
    return `<p class="train-augment" data-testid="train-augment" data-saved="false" id="hint-augment">${escapeHtml(text)}</p>`;
  }
  const described = describeAugmentation(setting.options);
  const checked = values.augment === 'on' ? ' checked' : '';
  return `<p class="train-augment" data-testid="train-augment" data-saved="true"><label><input type="checkbox" name="augment" value="on"${checked} aria-describedby="hint-augment">
    With augmentation from lesson 2: ${escapeHtml(described)}</label> <small id="hint-augment" data-hint="untick to train this run on the images as they are">untick to train this run on the images as they are</small></p>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Each problem also said at its box, which is marked invalid for screen readers. */
export function showFieldProblems(form: HTMLFormElement, fieldProblems: FieldProblem[]): void {
  for (const hint of form.querySelectorAll<HTMLElement>('small[data-hint]')) {
    const field = hint.id.replace(/^hint-/, '') as FormField;
    const problem = fieldProblems.find((p) => p.field === field);
    hint.textContent = problem ? problem.message : (FIELD_HINTS[field] || hint.dataset.hint || '');
    hint.classList.toggle('train-field-problem', problem !== undefined);
    const control = form.querySelector(`[name="${field}"]`);
    if (problem) control?.setAttribute('aria-invalid', 'true');
    else control?.removeAttribute('aria-invalid');
  }
}

/**
 * The wasm backend uses threads only when the page is cross-origin isolated (see README, Hosting);
 * `used`: what the worker reports its gradient kernels and XNNPACK run on.
 */
export function threadsText(backend: string, used?: ThreadsUsed): string {
  if (backend !== 'wasm') return `not used by ${backend}`;
  if (!globalThis.crossOriginIsolated) return 'off: one thread (the page is not cross-origin isolated)';
  if (!used) return 'on (the page is cross-origin isolated)';
  const count = (n: number) => (n === 1 ? 'one thread' : `${n} threads`);
  return `on (the page is cross-origin isolated): ${count(used.kernels)} for the convolution kernels, ${count(used.xnnpack)} for TF.js's own (XNNPACK)`;
}
