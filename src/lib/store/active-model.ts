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
