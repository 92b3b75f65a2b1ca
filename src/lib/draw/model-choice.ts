/**
 * Which model the pad reads with, and what the picker offers. The rule for the student
 * (their last choice, else their newest trained model, …) is chooseActiveModel's; here it
 * meets what this page can actually load: a `?model=<id>` in the URL (how the evaluation
 * script picks a model, never remembered), and built-in models whose files may be absent.
 */
import { chooseActiveModel } from '../store/active-model';
import type { StoredModelInfo } from '../store/model-records';
import { BUILT_IN_MODELS, DEFAULT_MODEL_ID } from './built-in-models';

/** Where the student's choice is remembered (localStorage). */
export const REMEMBERED_MODEL_KEY = 'digit-lab:draw-model';

/** A page event: the kept models changed (saved, renamed, deleted, uploaded); lists and pickers refresh. */
export const MODELS_CHANGED = 'digit-lab:models-changed';
/** A page event whose detail is `{ id }`: the student chose this model for the pad (My models), so a pad on this page switches now. */
export const PAD_MODEL_CHOSEN = 'digit-lab:pad-model-chosen';

export interface ModelOption {
  id: string;
  label: string;
}

/** The built-in models that are there, then the stored ones, newest first. */
export function pickerOptions(availableBuiltIns: readonly string[], stored: readonly StoredModelInfo[]): ModelOption[] {
  const builtIns = BUILT_IN_MODELS.filter((model) => availableBuiltIns.includes(model.id)).map(({ id, name }) => ({ id, label: name }));
  const saved = [...stored]
    .sort((a, b) => b.createdAt - a.createdAt)
    .map(({ id, name, source }) => ({ id, label: `${name} (${source === 'trained' ? 'you trained it' : 'uploaded'})` }));
  return [...builtIns, ...saved];
}

/** The model's id from a page URL's query string (`?model=<id>`), or null when it names none. */
export function modelIdFromQuery(search: string): string | null {
  const id = new URLSearchParams(search).get('model')?.trim();
  return id ? id : null;
}

export interface FirstModel {
  id: string;
  /** A sentence for the student when the URL asked for a model that is not here. */
  notice?: string;
}

/** The model to load when the page opens. */
export function firstModel(
  requested: string | null,
  remembered: string | null,
  availableBuiltIns: readonly string[],
  stored: readonly StoredModelInfo[],
): FirstModel {
  const exists = (id: string) => availableBuiltIns.includes(id) || stored.some((model) => model.id === id);
  if (requested !== null && exists(requested)) return { id: requested };
  const chosen = chooseActiveModel([...stored], remembered);
  const id = exists(chosen) ? chosen : DEFAULT_MODEL_ID;
  return requested === null ? { id } : { id, notice: `There is no model "${requested}" here.` };
}
