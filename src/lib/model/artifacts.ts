/**
 * A model as plain data and back: its layer description (JSON) and its weights (one
 * ArrayBuffer), the form IndexedDB can keep and a worker can post to a page. The numbers
 * are not touched on the way, so a model read back predicts exactly what it did before.
 */
import type { io, LayersModel } from '@tensorflow/tfjs';
import type { Tfjs } from './tfjs';

/** The artifacts `model.save` would write, caught in memory; the weights as one ArrayBuffer. */
export async function modelToArtifacts(tf: Tfjs, model: LayersModel): Promise<io.ModelArtifacts> {
  let saved: io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('TensorFlow.js did not hand over the model to save');
  const { weightData } = saved;
  // TF.js may split large models' weights into several buffers; the store keeps one.
  return weightData === undefined ? saved : { ...saved, weightData: tf.io.CompositeArrayBuffer.join(weightData) };
}

/** A new model with the layers and weights described by `artifacts`. */
export function modelFromArtifacts(tf: Tfjs, artifacts: io.ModelArtifacts): Promise<LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}
