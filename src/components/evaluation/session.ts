/**
 * Lesson 5's shared state: the chosen model's evaluation, which every later cell draws from.
 * When the student picks another model, each cell that follows the session draws again with
 * the new evaluation, so the whole page always talks about one model. Each cell draws in a
 * turn of its own (turnQueue), so a change of model is several short tasks, not one long one.
 */
import type { MnistData } from '../../lib/data/mnist';
import { turnQueue } from '../dom/turns';
import type { MyModelsList } from '../models/my-models';
import type { Evaluation, Evaluator } from './evaluator';

export interface EvaluationSession {
  data: MnistData;
  evaluator: Evaluator;
  /** The page's "My models" list, where later cells add their own choice (compare). */
  models: MyModelsList;
  current(): Evaluation;
  /** `render` now and after every change of model; a second call with the same key replaces the first. */
  follow(key: string, render: (evaluation: Evaluation) => void): void;
}

export function createSession(data: MnistData, evaluator: Evaluator, first: Evaluation, models: MyModelsList): EvaluationSession & { set(evaluation: Evaluation): void } {
  let current = first;
  const followers = new Map<string, (evaluation: Evaluation) => void>();
  const inTurns = turnQueue();
  return {
    data,
    evaluator,
    models,
    current: () => current,
    follow(key, render) {
      followers.set(key, render);
      render(current);
    },
    set(evaluation) {
      current = evaluation;
      void inTurns([...followers.values()].map((render) => () => render(current)));
    },
  };
}
