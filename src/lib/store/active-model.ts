/**
 * Which model the drawing pad reads with. A student who picked one gets it back; a student
 * who just trained one gets their own; everyone else gets the shipped model, which reads
 * pen-drawn digits best (it was trained on MNIST and on pen writers).
 */
import type { StoredModelInfo } from './model-records';

/** Models shipped with the site: MNIST plus pen-drawn digits, and MNIST alone (for comparison). */
export const BUILTIN_MODEL_IDS = ['default', 'mnist-only'] as const;
export type BuiltinModelId = (typeof BUILTIN_MODEL_IDS)[number];

export function isBuiltinModelId(id: string): id is BuiltinModelId {
  return (BUILTIN_MODEL_IDS as readonly string[]).includes(id);
}

/**
 * The remembered choice while it still exists, else the newest model the student trained,
 * else the newest they uploaded, else the shipped default.
 */
export function chooseActiveModel(stored: StoredModelInfo[], remembered: string | null): string {
  if (remembered !== null && (isBuiltinModelId(remembered) || stored.some((model) => model.id === remembered))) {
    return remembered;
  }
  const newestFirst = [...stored].sort((a, b) => b.createdAt - a.createdAt);
  const choice = newestFirst.find((model) => model.source === 'trained') ?? newestFirst[0];
  return choice?.id ?? 'default';
}

/** The pad's model, as a student would name it, and its accuracy on the 10,000 MNIST test images when known. */
export interface PadModel {
  id: string;
  name: string;
  testAccuracy?: number;
  /** The shipped model the pad falls back on, not one the student trained or chose. */
  fallback: boolean;
}

/** The model the pad uses now (chooseActiveModel's rule), described. */
export function padModelNow(stored: StoredModelInfo[], remembered: string | null, builtInNames: Record<string, string>): PadModel {
  const id = chooseActiveModel(stored, remembered);
  const info = stored.find((model) => model.id === id);
  if (info) return { id, name: info.name, testAccuracy: info.details?.testAccuracy, fallback: false };
  return { id, name: builtInNames[id] ?? id, fallback: remembered !== id };
}

export interface PadDecision {
  /** The id the pad should remember from now on. */
  use: string;
  switched: boolean;
  /** Which model the pad now uses, and why, for the student. */
  message: string;
}

/**
 * After a run is saved: the pad switches to the new model only when it is better than the one
 * in use on the same check (the 10,000 MNIST test images), or when the pad was only on its
 * shipped fallback (a student's first model of their own is what lesson 7 is for). Either way
 * the choice is remembered, so a newer, weaker model never takes over silently.
 */
export function padChoiceAfterTraining(current: PadModel, trained: { id: string; name: string; testAccuracy: number }): PadDecision {
  const percent = (accuracy: number) => `${(accuracy * 100).toFixed(2)}%`;
  if (current.fallback || current.testAccuracy === undefined || trained.testAccuracy > current.testAccuracy) {
    const why = current.fallback
      ? 'your first model of your own'
      : current.testAccuracy === undefined
        ? `the one it used (“${current.name}”) has no test score to compare`
        : `better than “${current.name}” (${percent(current.testAccuracy)}) on the same 10,000 test images`;
    return { use: trained.id, switched: true, message: `The drawing pad of lesson 7 now reads with “${trained.name}”: ${why}.` };
  }
  return {
    use: current.id,
    switched: false,
    message: `The drawing pad keeps “${current.name}” (${percent(current.testAccuracy)} on the test images), which reads better than this one (${percent(trained.testAccuracy)}). Choose this one for the pad if you want it anyway.`,
  };
}
