import { scoredGallery } from '../../components/evaluation/gallery';
import type { EvaluationSession } from '../../components/evaluation/session';
import { testItems } from '../../components/evaluation/test-items';
import { textElement } from '../../components/dom/elements';
import type { CellRunner } from '../../components/notebook/types';
import { leastConfidentCorrect, mostConfidentMistakes } from '../../lib/eval/galleries';
import { scoredImages } from '../../lib/eval/scored-set';

const SHOWN = 24;

/** The mistakes the model was surest of, and the right answers it nearly missed. */
export const run: CellRunner = async ({ output, input }) => {
  const session = input<EvaluationSession>('evaluate');
  session.follow('mistakes', (evaluation) => {
    const images = scoredImages(evaluation.test);
    const wrong = scoredGallery(testItems(session.data, evaluation.test, mostConfidentMistakes(images, SHOWN)), 'Most confident mistakes', SHOWN);
    wrong.dataset.testid = 'confident-mistakes';
    const unsure = scoredGallery(testItems(session.data, evaluation.test, leastConfidentCorrect(images, SHOWN)), 'Least confident right answers', SHOWN);
    unsure.dataset.testid = 'unsure-right';
    output.replaceChildren(textElement('h4', `Most confident mistakes (${evaluation.model.name})`), wrong, textElement('h4', 'Least confident right answers'), unsure);
  });
  return undefined;
};
