/**
 * The models that ship with the site, so the pad reads digits before the student has
 * trained anything. `mnist-only` is the same recipe trained on MNIST alone: the course
 * uses it to show how much real pen data matters (see public/models/default/training-record.json).
 */
import type { BuiltinModelId } from '../store/active-model';

export interface BuiltInModel {
  id: BuiltinModelId;
  name: string;
  /** model.json's path inside the site, for withBase. */
  path: string;
}

export const BUILT_IN_MODELS: readonly BuiltInModel[] = [
  { id: 'default', name: 'Shipped model (MNIST + pen writers 1–20)', path: 'models/default/model.json' },
  { id: 'mnist-only', name: 'Shipped model trained on MNIST only', path: 'models/mnist-only/model.json' },
];

export const DEFAULT_MODEL_ID: BuiltinModelId = 'default';

export function builtInModel(id: string): BuiltInModel | undefined {
  return BUILT_IN_MODELS.find((model) => model.id === id);
}
