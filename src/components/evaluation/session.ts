/**
 * Lesson 5's shared state: the chosen model's evaluation, which every later cell draws from.
 * When the student picks another model, each cell that follows the session draws again with
 * the new evaluation, so the whole page always talks about one model.
 */
import type { MnistData } from '../../lib/data/mnist';
import type { Evaluation, Evaluator } from './evaluator';

export interface EvaluationSession {
  data: MnistData;
  evaluator: Evaluator;
  current(): Evaluation;
  /** `render` now and after every change of model; a second call with the same key replaces the first. */
  follow(key: string, render: (evaluation: Evaluation) => void): void;
}

export function createSession(data: MnistData, evaluator: Evaluator, first: Evaluation): EvaluationSession & { set(evaluation: Evaluation): void } {
  let current = first;
  const followers = new Map<string, (evaluation: Evaluation) => void>();
  return {
    data,
    evaluator,
    current: () => current,
    follow(key, render) {
      followers.set(key, render);
      render(current);
    },
    set(evaluation) {
      current = evaluation;
      for (const render of followers.values()) render(evaluation);
    },
  };
}
