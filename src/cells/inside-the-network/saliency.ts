import { textElement } from '../../components/dom/elements';
import type { InspectSession } from '../../components/inspect/inspect-session';
import { divergingCanvas, divergingLegend, greyCanvas } from '../../components/inspect/paint';
import type { CellRunner } from '../../components/notebook/types';
import { saliency } from '../../lib/inspect/saliency';

/** Which pixels most change the winning digit's score: the gradient, over the digit. */
export const run: CellRunner = async ({ output, input }) => {
  const session = input<InspectSession>('model');
  session.follow('saliency', (model, digit) => {
    const map = saliency(session.tf, model.model, model.spec, digit.pixels, model.pixelScale);
    const pair = document.createElement('div');
    pair.className = 'saliency-pair';
    const figure = (canvas: HTMLCanvasElement, caption: string): HTMLElement => {
      const element = document.createElement('figure');
      element.append(canvas, textElement('figcaption', caption));
      return element;
    };
    const gradient = divergingCanvas(map.gradient, 28, 28, map.maxAbs, `Saliency of ${digit.name} for the digit ${map.digit}`);
    gradient.dataset.testid = 'saliency';
    pair.append(
      figure(greyCanvas(digit.pixels, 28, 28, 1, `The input: ${digit.name}`), 'The input'),
      figure(gradient, `How the score of “${map.digit}” changes with each pixel`),
    );
    output.replaceChildren(
      textElement('p', `The model answers “${map.digit}” for ${digit.name}.`),
      divergingLegend(map.maxAbs, ['(brighter here lowers the score)', '(brighter here raises it)']),
      pair,
    );
    output.dataset.digit = digit.name;
    output.dataset.tensors = String(session.tf.memory().numTensors);
  });
  return undefined;
};
