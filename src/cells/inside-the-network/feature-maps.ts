import { textElement } from '../../components/dom/elements';
import { probabilityBars } from '../../components/evaluation/gallery';
import type { InspectSession } from '../../components/inspect/inspect-session';
import { greyCanvas } from '../../components/inspect/paint';
import type { CellRunner } from '../../components/notebook/types';
import { turnQueue } from '../../components/dom/turns';
import { channelOf, isSpatial, layerActivations, type LayerActivation } from '../../lib/inspect/activations';
import { topOf } from '../../lib/eval/scored-set';

/** Channels shown per layer; wide layers have more, and 32 already tell the story. */
const CHANNELS_SHOWN = 32;

/**
 * The chosen digit after every layer, from the input to the ten outputs. The layers are drawn
 * one a turn (up to 32 small canvases each), so a new digit never holds the page for long;
 * `data-digit` says when the whole stack is drawn.
 */
export const run: CellRunner = async ({ output, input }) => {
  const session = input<InspectSession>('model');
  const inTurns = turnQueue();
  let drawn: Promise<void> = Promise.resolve();
  session.follow('feature-maps', (model, digit) => {
    const activations = layerActivations(session.tf, model.model, model.spec, digit.pixels, model.pixelScale);
    const views: HTMLElement[] = [];
    drawn = inTurns([
      ...activations.map((activation, i) => () => void views.push(layerView(activation, i === activations.length - 1, model.spec.outputsProbabilities))),
      () => {
        output.replaceChildren(...views);
        output.dataset.digit = digit.name;
        output.dataset.model = model.id;
        output.dataset.tensors = String(session.tf.memory().numTensors);
      },
    ]);
  });
  await drawn;
  return undefined;
};

function layerView(activation: LayerActivation, last: boolean, outputsProbabilities: boolean): HTMLElement {
  const block = document.createElement('div');
  block.className = 'layer-block';
  block.dataset.testid = 'feature-map';
  block.dataset.layer = activation.name;
  block.dataset.shape = activation.shape.join('x');
  const shape = activation.shape.join(' × ');
  if (isSpatial(activation)) {
    const [height = 1, width = 1, channels = 1] = activation.shape;
    let max = 0;
    for (const value of activation.values) max = Math.max(max, value);
    block.append(textElement('h4', `${activation.name} (${activation.className}): ${shape}${channels > CHANNELS_SHOWN ? ` — the first ${CHANNELS_SHOWN} channels` : ''}`));
    const grid = document.createElement('div');
    grid.className = 'feature-grid';
    for (let channel = 0; channel < Math.min(CHANNELS_SHOWN, channels); channel++) {
      const canvas = greyCanvas(channelOf(activation, channel), width, height, max, `${activation.name}, channel ${channel + 1}`);
      grid.append(canvas);
    }
    block.append(grid);
    return block;
  }
  if (last) {
    const values = outputsProbabilities ? activation.values : softmax(activation.values);
    const { digit, probability } = topOf(values);
    block.append(textElement('h4', `${activation.name}: the ten outputs — it reads “${digit}” (${Math.round(probability * 100)}%)`), probabilityBars(values, digit, digit));
    block.dataset.prediction = String(digit);
    return block;
  }
  let max = 0;
  for (const value of activation.values) max = Math.max(max, value);
  const strip = greyCanvas(activation.values, activation.values.length, 1, max, `${activation.name}: ${activation.values.length} values, brighter = larger`);
  strip.className = 'activation-strip';
  const active = activation.values.filter((value) => value > 0).length;
  block.append(textElement('h4', `${activation.name} (${activation.className}): ${shape} — ${active} of ${activation.values.length} above zero`), strip);
  return block;
}

function softmax(values: Float32Array): Float32Array {
  const max = Math.max(...values);
  const exps = values.map((value) => Math.exp(value - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}
