/**
 * Lesson 4's training controls as data: what the student typed (strings, straight from the
 * form) → the options of a run, or the sentences that say why it cannot start. Nothing
 * starts until every problem is fixed: a learning rate of 100 would only produce NaN, and a
 * batch of a million would freeze the tab.
 */
import type { TrainingRecipe } from '../model/presets';
import type { BackendChoice } from './backend';
import { validateTrainOptions, type TrainOptions } from './options';
import { inPlainWords, parseTypedNumber } from '../model/edit';

export interface TrainingFormValues {
  epochs: string;
  batchSize: string;
  peakLearningRate: string;
  backend: string;
  /** Stop after this many steps; empty for the whole run. */
  maxSteps: string;
}

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'wasm', 'webgl', 'cpu'];

/** 5,000 of the 60,000 training images are held back to draw the validation points. */
export const VALIDATION_IMAGES = 5000;
/** Validation points per run, spread evenly; each costs about as much as 20 training steps of the default recipe. */
export const VALIDATION_POINTS = 5;
export const TRAINING_IMAGES = 60_000;
/**
 * The seed of lesson 4's runs (src/cells/training/train.ts uses 1): it fixes the validation
 * split, so lesson 2 counts the very images lesson 4 holds back.
 */
export const TRAINING_SEED = 1;

export type TrainingSetup =
  | { ok: true; options: TrainOptions; backend: BackendChoice }
  | { ok: false; problems: string[] };

/** The form's starting values: the recipe of the chosen model. */
export function formValuesFor(recipe: TrainingRecipe): TrainingFormValues {
  return {
    epochs: String(recipe.epochs),
    batchSize: String(recipe.batchSize),
    peakLearningRate: String(recipe.peakLearningRate),
    backend: 'auto',
    maxSteps: '',
  };
}

export function trainingSetup(values: TrainingFormValues, recipe: TrainingRecipe, seed: number): TrainingSetup {
  const maxSteps = values.maxSteps.trim() === '' ? undefined : parseTypedNumber(values.maxSteps);
  const options: TrainOptions = {
    batchSize: parseTypedNumber(values.batchSize),
    epochs: parseTypedNumber(values.epochs),
    peakLearningRate: parseTypedNumber(values.peakLearningRate),
    labelSmoothing: recipe.labelSmoothing,
    augment: recipe.augment,
    adamBetas: recipe.adamBetas,
    validationSize: VALIDATION_IMAGES,
    seed,
    maxSteps,
  };
  const problems = validateTrainOptions(options).map(inFormWords);
  const backend = BACKEND_CHOICES.find((choice) => choice === values.backend);
  if (!backend) problems.push(`Choose where to compute: ${BACKEND_CHOICES.join(', ')}.`);
  if (problems.length > 0 || !backend) return { ok: false, problems };
  return { ok: true, options: { ...options, evaluateEvery: validationInterval(options) }, backend };
}

/**
 * Steps between validation points, so a run draws about VALIDATION_POINTS of them; never
 * fewer than MIN_STEPS_BETWEEN_VALIDATIONS, or a run of a few steps would spend most of its
 * time looking at the 5,000 validation images.
 */
export function validationInterval(options: Pick<TrainOptions, 'batchSize' | 'epochs' | 'maxSteps'>): number {
  const stepsPerEpoch = Math.ceil((TRAINING_IMAGES - VALIDATION_IMAGES) / options.batchSize);
  const steps = Math.min(stepsPerEpoch * options.epochs, options.maxSteps ?? Infinity);
  return Math.max(MIN_STEPS_BETWEEN_VALIDATIONS, Math.ceil(steps / VALIDATION_POINTS));
}

export const MIN_STEPS_BETWEEN_VALIDATIONS = 10;

/** The checks in options.ts name fields as the code does; the student sees the form's labels. */
const FORM_LABELS: [RegExp, string][] = [
  [/^batchSize\b/, 'Batch size'],
  [/^epochs\b/, 'Epochs'],
  [/^peakLearningRate\b/, 'Peak learning rate'],
  [/^maxSteps\b/, 'Stop after (steps)'],
];

function inFormWords(problem: string): string {
  const readable = inPlainWords(problem);
  const match = FORM_LABELS.find(([pattern]) => pattern.test(readable));
  return match ? readable.replace(match[0], match[1]) : readable;
}
