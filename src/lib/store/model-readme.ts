/**
 * The README that goes with a downloaded model: how to load the two files in Python (through
 * the TF.js converter, into Keras) and in a plain web page, and what the model expects and gives
 * back — so a model made in the course still reads digits once it leaves it.
 */
import type { io } from '@tensorflow/tfjs';
import type { ModelFiles } from './model-files';
import type { PixelScale, StoredModelInfo } from './model-records';

export type OutputKind = 'logits' | 'probabilities';

interface TopologyLayer {
  class_name?: string;
  config?: { activation?: unknown; name?: unknown };
}

/**
 * 'probabilities' when the model's last layer applies softmax (a Softmax layer, or an
 * activation 'softmax'); otherwise 'logits', which is what the course's own networks end in.
 */
export function outputKind(topology: io.ModelArtifacts['modelTopology']): OutputKind {
  const config = (topology as { config?: { layers?: unknown } } | undefined)?.config;
  const model = (topology as { model_config?: { config?: { layers?: unknown } } } | undefined)?.model_config?.config;
  const layers = (Array.isArray(config?.layers) ? config.layers : Array.isArray(model?.layers) ? model.layers : []) as TopologyLayer[];
  const last = layers.at(-1);
  return last?.class_name === 'Softmax' || last?.config?.activation === 'softmax' ? 'probabilities' : 'logits';
}

export function modelReadme(info: Pick<StoredModelInfo, 'name' | 'pixelScale' | 'details'>, files: Pick<ModelFiles, 'jsonName' | 'weightsName'>, outputs: OutputKind): string {
  const h5 = files.jsonName.replace(/\.json$/, '.h5');
  const scale = pixelText(info.pixelScale);
  const divide = info.pixelScale === 'unit' ? ' / 255.0' : '';
  const accuracy = info.details?.testAccuracy !== undefined ? `\nIt read ${(info.details.testAccuracy * 100).toFixed(2)}% of the 10,000 MNIST test images when it was saved.\n` : '';
  return `# ${info.name}

A digit reader made in Digit Lab, in the TensorFlow.js layers format: \`${files.jsonName}\` (the
layers and a list of the weights) and \`${files.weightsName}\` (the weights). Keep the two files in
one folder, with these names: the first names the second.
${accuracy}
## What it expects and what it gives back

- **Input**: a batch of 28×28 grey images shaped \`[batch, 28, 28, 1]\`, **${scale}**, white ink on
  a black background (0 is background), the digit fitted into the middle 20×20 and centred by its
  centre of mass, like MNIST.
- **Output**: ten numbers per image, one per digit 0–9, ${outputs === 'logits' ? '**logits** (raw scores): apply a softmax to get probabilities; the largest is the answer either way' : '**probabilities** (the last layer applies softmax): they sum to 1'}.

## In Python (Keras)

Convert it with the TensorFlow.js converter (\`pip install tensorflowjs\`), then load it with Keras:

\`\`\`sh
tensorflowjs_converter --input_format tfjs_layers_model --output_format keras ${files.jsonName} ${h5}
\`\`\`

\`\`\`python
import numpy as np
import tf_keras as keras  # Keras 2 API (pip install tf_keras); \`from tensorflow import keras\` on TF 2.15 and older
from tf_keras.datasets import mnist

model = keras.models.load_model("${h5}", compile=False)
(_, _), (x_test, y_test) = mnist.load_data()
x = x_test.reshape(-1, 28, 28, 1).astype("float32")${divide}
scores = model.predict(x, batch_size=256)${outputs === 'logits' ? '\nprobabilities = keras.activations.softmax(scores).numpy()' : ''}
print("accuracy:", (scores.argmax(axis=1) == y_test).mean())
\`\`\`

## In a web page

\`\`\`js
import * as tf from '@tensorflow/tfjs';
const model = await tf.loadLayersModel('./${files.jsonName}');
// image: a Float32Array of 784 values, ${scale}, row by row
const scores = model.predict(tf.tensor(image, [1, 28, 28, 1]));
const digit = scores.argMax(-1).dataSync()[0];
\`\`\`
`;
}

function pixelText(scale: PixelScale): string {
  return scale === 'unit' ? 'pixels from 0 to 1' : 'pixels from 0 to 255';
}
