/**
 * Lesson 4's training controls as data: what the student typed (strings, straight from the
 * form) → the options of a run, or the sentences that say why it cannot start, each tied to
 * its box. Nothing starts until every problem is fixed: a learning rate of 100 would only
 * produce NaN, and a batch of a million would freeze the tab.
 */
import type { TrainingRecipe } from '../model/presets';
import type { TrainingDefaults } from '../site/course-config';
import type { AugmentOptions } from './augment';
import type { BackendChoice } from './backend';
import { OPTIMIZER_NAMES, type OptimizerName } from './optimizer';
import { validateTrainOptions, type TrainOptions } from './options';
import { SCHEDULE_NAMES, type ScheduleName } from './schedule';
import { inPlainWords, parseTypedNumber } from '../model/edit';

export interface TrainingFormValues {
  epochs: string;
  batchSize: string;
  peakLearningRate: string;
  backend: string;
  /** Stop after this many steps; empty for the whole run. */
  maxSteps: string;
  optimizer: string;
  schedule: string;
  labelSmoothing: string;
  /** Per cent of the training images to use: "10", "25", "100". */
  trainingShare: string;
  seed: string;
  /** "on" when the lesson-2 augmentation is used for this run (a checkbox: absent when off). */
  augment?: string;
}

export type FormField = keyof TrainingFormValues;

export interface FieldProblem {
  field: FormField;
  message: string;
}

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'wasm', 'webgl', 'cpu'];
export const OPTIMIZER_CHOICES = OPTIMIZER_NAMES;
export const SCHEDULE_CHOICES = SCHEDULE_NAMES;
/** The shares offered, in per cent: a tenth trains in a tenth of the time, to try things out. */
export const TRAINING_SHARE_CHOICES = ['100', '50', '25', '10'] as const;

/** 5,000 of the 60,000 training images are held back to draw the validation points. */
export const VALIDATION_IMAGES = 5000;
/** Validation points per run, spread evenly; each costs about as much as 20 training steps of the default recipe. */
export const VALIDATION_POINTS = 5;
export const TRAINING_IMAGES = 60_000;
/**
 * The same seed every run unless the student changes it, so changing one thing shows what that
 * one thing did. It fixes the validation split too, so lesson 2 counts the very images lesson 4
 * holds back (with this seed).
 */
export const DEFAULT_SEED = 1;

export type TrainingSetup =
  | { ok: true; options: TrainOptions; backend: BackendChoice; modelSeed: number }
  | { ok: false; problems: string[]; fieldProblems: FieldProblem[] };

/**
 * The form's starting values: the recipe of the chosen model, with the course configuration's
 * training defaults (course.config.json, "training") over it where it sets them; augmentation on
 * when lesson 2 saved one.
 */
export function formValuesFor(recipe: TrainingRecipe, augmentSaved = false, course: TrainingDefaults = {}): TrainingFormValues {
  return {
    epochs: String(course.epochs ?? recipe.epochs),
    batchSize: String(course.batchSize ?? recipe.batchSize),
    peakLearningRate: String(course.peakLearningRate ?? recipe.peakLearningRate),
    backend: 'auto',
    maxSteps: '',
    optimizer: course.optimizer ?? recipe.optimizer,
    schedule: course.schedule ?? recipe.schedule,
    labelSmoothing: String(course.labelSmoothing ?? recipe.labelSmoothing),
    trainingShare: String(course.trainingShare ?? 100),
    seed: String(course.seed ?? DEFAULT_SEED),
    ...(augmentSaved ? { augment: 'on' } : {}),
  };
}

/**
 * `savedAugmentation` is lesson 2's setting as training would use it (augmentForTraining), or
 * null; the run uses it when the box is ticked, and the recipe's own otherwise (none, today).
 */
export function trainingSetup(values: TrainingFormValues, recipe: TrainingRecipe, savedAugmentation: AugmentOptions | null = null): TrainingSetup {
  const maxSteps = values.maxSteps.trim() === '' ? undefined : parseTypedNumber(values.maxSteps);
  const seed = parseTypedNumber(values.seed);
  const share = parseTypedNumber(values.trainingShare) / 100;
  const options: TrainOptions = {
    batchSize: parseTypedNumber(values.batchSize),
    epochs: parseTypedNumber(values.epochs),
    peakLearningRate: parseTypedNumber(values.peakLearningRate),
    labelSmoothing: parseTypedNumber(values.labelSmoothing),
    augment: values.augment === 'on' && savedAugmentation ? { ...savedAugmentation } : null,
    adamBetas: recipe.adamBetas,
    validationSize: VALIDATION_IMAGES,
    seed,
    maxSteps,
    optimizer: values.optimizer as OptimizerName,
    schedule: values.schedule as ScheduleName,
    trainingShare: share,
  };
  const fieldProblems: FieldProblem[] = validateTrainOptions(options).map(inFormWords);
  const backend = BACKEND_CHOICES.find((choice) => choice === values.backend);
  if (!backend) fieldProblems.push({ field: 'backend', message: `Choose where to compute: ${BACKEND_CHOICES.join(', ')}.` });
  if (fieldProblems.length > 0 || !backend) return { ok: false, problems: fieldProblems.map((p) => p.message), fieldProblems };
  return { ok: true, options: { ...options, evaluateEvery: validationInterval(options) }, backend, modelSeed: seed };
}

/**
 * Steps between validation points, so a run draws about VALIDATION_POINTS of them; never
 * fewer than MIN_STEPS_BETWEEN_VALIDATIONS, or a run of a few steps would spend most of its
 * time looking at the 5,000 validation images.
 */
export function validationInterval(options: Pick<TrainOptions, 'batchSize' | 'epochs' | 'maxSteps' | 'trainingShare'>): number {
  const steps = totalStepsOf(options);
  return Math.max(MIN_STEPS_BETWEEN_VALIDATIONS, Math.ceil(steps / VALIDATION_POINTS));
}

/** The steps of a run with these options, as the trainer counts them. */
export function totalStepsOf(options: Pick<TrainOptions, 'batchSize' | 'epochs' | 'maxSteps' | 'trainingShare'>): number {
  const images = Math.max(1, Math.round((TRAINING_IMAGES - VALIDATION_IMAGES) * Math.min(1, options.trainingShare ?? 1)));
  const stepsPerEpoch = Math.ceil(images / options.batchSize);
  return Math.min(stepsPerEpoch * options.epochs, options.maxSteps ?? Infinity);
}

export const MIN_STEPS_BETWEEN_VALIDATIONS = 10;

/** The checks in options.ts name fields as the code does; the student sees the form's labels. */
const FORM_LABELS: [RegExp, string, FormField][] = [
  [/^batchSize\b/, 'Batch size', 'batchSize'],
  [/^epochs\b/, 'Epochs', 'epochs'],
  [/^peakLearningRate\b/, 'Peak learning rate', 'peakLearningRate'],
  [/^maxSteps\b/, 'Stop after (steps)', 'maxSteps'],
  [/^labelSmoothing\b/, 'Label smoothing', 'labelSmoothing'],
  [/^seed\b/, 'Seed', 'seed'],
  [/^optimizer\b/, 'Optimizer', 'optimizer'],
  [/^schedule\b/, 'Schedule', 'schedule'],
];

function inFormWords(problem: string): FieldProblem {
  const readable = inPlainWords(problem);
  if (/^trainingShare\b/.test(readable)) return { field: 'trainingShare', message: 'Training images: choose 10%, 25%, 50% or 100% of the training set.' };
  const match = FORM_LABELS.find(([pattern]) => pattern.test(readable));
  if (match) return { field: match[2], message: readable.replace(match[0], match[1]) };
  // The augmentation's own checks (a damaged setting would be refused in lesson 2 first).
  return { field: 'augment', message: readable };
}
