/**
 * The model a student settled on in lesson 3, kept in the browser (localStorage) so that
 * lesson 4 trains exactly that model. The storage is passed in, so Node tests run this as a
 * page does. Only a config that validates is ever handed back: a stale or hand-edited value
 * falls back to the default recipe rather than breaking lesson 4.
 */
import type { KeyValueStorage } from '../notebook/progress';
import type { ModelConfig } from './config';
import { MODEL_PRESETS, TRAINING_RECIPES, type PresetName, type TrainingRecipe } from './presets';
import { validateModelConfig } from './validate';

export const MODEL_CHOICE_KEY = 'digit-lab:model-choice:v1';

export interface ModelChoice {
  /** The preset the student started from; its training recipe is the one lesson 4 uses. */
  preset: PresetName;
  config: ModelConfig;
}

export function presetChoice(preset: PresetName): ModelChoice {
  return { preset, config: structuredClone(MODEL_PRESETS[preset]) };
}

export const DEFAULT_CHOICE_PRESET: PresetName = 'default';

/** The saved choice, or the default recipe when nothing valid is saved. */
export function readModelChoice(storage: KeyValueStorage | undefined): ModelChoice {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(MODEL_CHOICE_KEY) ?? 'null');
    if (isModelChoice(parsed) && validateModelConfig(parsed.config).length === 0) return parsed;
  } catch {
    // Unreadable JSON or a blocked storage: start from the default, as a first visit would.
  }
  return presetChoice(DEFAULT_CHOICE_PRESET);
}

/**
 * Saves a choice that validates; returns the problems instead when it does not (lesson 4
 * must never be handed a model it cannot build), or one sentence when the browser refuses.
 */
export function writeModelChoice(storage: KeyValueStorage | undefined, choice: ModelChoice): string[] {
  const problems = validateModelConfig(choice.config);
  if (problems.length > 0) return problems.map((problem) => problem.message);
  if (!storage) return ['This browser keeps no local storage here (a private window?), so lesson 4 will train the default recipe.'];
  try {
    storage.setItem(MODEL_CHOICE_KEY, JSON.stringify(choice));
    return [];
  } catch {
    return ['The browser refused to save your model (its storage is full or disabled), so lesson 4 will train the default recipe.'];
  }
}

/** How the chosen model is trained: the recipe of the preset it came from. */
export function recipeFor(choice: ModelChoice): TrainingRecipe {
  return TRAINING_RECIPES[choice.preset];
}

/** True when the student changed the preset's layers. */
export function isEdited(choice: ModelChoice): boolean {
  return JSON.stringify(choice.config.layers) !== JSON.stringify(MODEL_PRESETS[choice.preset].layers);
}

function isModelChoice(value: unknown): value is ModelChoice {
  if (typeof value !== 'object' || value === null) return false;
  const { preset, config } = value as Partial<ModelChoice>;
  return (
    typeof preset === 'string' &&
    Object.hasOwn(MODEL_PRESETS, preset) &&
    typeof config === 'object' &&
    config !== null &&
    typeof config.name === 'string' &&
    Array.isArray(config.layers) &&
    config.layers.every((layer) => typeof layer === 'object' && layer !== null && typeof layer.type === 'string')
  );
}
