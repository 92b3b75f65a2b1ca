import { scoredGallery } from '../../components/evaluation/gallery';
import type { EvaluationSession } from '../../components/evaluation/session';
import { dataTable, percentText, scrolling } from '../../components/evaluation/tables';
import { textElement } from '../../components/dom/elements';
import type { CellRunner } from '../../components/notebook/types';
import { turnQueue } from '../../components/dom/turns';
import { mostConfidentMistakes } from '../../lib/eval/galleries';
import { accuracyOf, classMetrics, confusionOfScored } from '../../lib/eval/metrics';
import { confusionPairs } from '../../lib/eval/report';
import { probabilitiesOf, scoredImages } from '../../lib/eval/scored-set';

const PIXELS = 28 * 28;

/** The same model on pen-written digits of writers it never saw (21–30), next to MNIST. */
export const run: CellRunner = async ({ output, input }) => {
  const session = input<EvaluationSession>('evaluate');
  // A newer redraw drops a gallery still waiting for its turn.
  const inTurns = turnQueue();
  session.follow('handwriting', (evaluation) => {
    const pen = evaluation.pen;
    if (!pen) {
      void inTurns([]);
      output.replaceChildren(textElement('p', `The pen samples could not be scored: ${evaluation.penError ?? 'they were not loaded.'}`));
      return;
    }
    const penImages = scoredImages(pen.scored);
    const penMatrix = confusionOfScored(penImages);
    const mnistMatrix = confusionOfScored(scoredImages(evaluation.test));
    const penAccuracy = accuracyOf(penMatrix);
    const mnistAccuracy = accuracyOf(mnistMatrix);
    const headline = textElement(
      'p',
      `${evaluation.model.name}: ${percentText(mnistAccuracy)} of the MNIST test images, ${percentText(penAccuracy)} of the ${penImages.length.toLocaleString('en')} pen digits of writers 21–30.`,
      'headline',
    );
    headline.dataset.testid = 'pen-accuracy';
    headline.dataset.accuracy = String(penAccuracy);
    headline.dataset.mnistAccuracy = String(mnistAccuracy);
    const penPerDigit = classMetrics(penMatrix);
    const mnistPerDigit = classMetrics(mnistMatrix);
    const rows = penPerDigit.map((m, digit) => [String(digit), percentText(mnistPerDigit[digit]!.recall), percentText(m.recall), String(m.support)]);
    const table = dataTable('Per digit: MNIST test against pen writers 21–30', ['Digit', 'MNIST test', 'Pen writers 21–30', 'Pen samples'], rows, 'pen-per-digit');
    const weakest = [...penPerDigit].sort((a, b) => a.recall - b.recall).slice(0, 3);
    const confusions = confusionPairs(penMatrix).slice(0, 3);
    const summary = textElement(
      'p',
      `Weakest on pen: ${weakest.map((m) => `“${m.digit}” ${percentText(m.recall)}`).join(', ')}. ` +
        `Most frequent mistakes: ${confusions.length ? confusions.map((c) => `${c.actual}→${c.predicted} ×${c.count}`).join(', ') : 'none'}.`,
    );
    summary.dataset.testid = 'pen-summary';
    const galleryHeading = textElement('h4', 'Pen digits it read wrong, surest first');
    output.replaceChildren(headline, scrolling(table, 'Per-digit accuracy on MNIST and pen digits'), summary, galleryHeading);
    // The 24 images with their probability bars are drawn in a turn of their own.
    void inTurns([() => {
      const mistakes = mostConfidentMistakes(penImages, 24).map((image) => ({
        pixels: Uint8Array.from(pen.pixels.subarray(image.index * PIXELS, (image.index + 1) * PIXELS)),
        label: image.label,
        predicted: image.predicted,
        probabilities: probabilitiesOf(pen.scored, image.index),
        name: `Pen sample ${image.index} (writer ${pen.writers[image.index]})`,
      }));
      const gallery = scoredGallery(mistakes, 'Pen digits it got wrong, most confident first', 24);
      gallery.dataset.testid = 'pen-mistakes';
      galleryHeading.after(gallery);
    }]);
  });
  return undefined;
};
