/**
 * A tf.js layers model as files on disk, in the format the browser's tf.loadLayersModel
 * reads from a URL: model.json (topology + weightsManifest) beside one weights file.
 * tfjs (without tfjs-node) cannot save to 'file://', so we write what it hands us.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { io, LayersModel } from '@tensorflow/tfjs';
import type { Tfjs } from '../../src/lib/model/tfjs';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

export interface SavedModelFiles {
  modelJsonBytes: number;
  weightsBytes: number;
}

/** Writes `model` to `dir`/model.json and `dir`/weights.bin. */
export async function saveLayersModel(tf: Tfjs, model: LayersModel, dir: string): Promise<SavedModelFiles> {
  mkdirSync(dir, { recursive: true });
  let saved: SavedModelFiles | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (!artifacts.weightSpecs || !(artifacts.weightData instanceof ArrayBuffer)) {
        throw new Error('saveLayersModel: expected the weights as one ArrayBuffer');
      }
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      const text = JSON.stringify(modelJson);
      writeFileSync(join(dir, MODEL_FILE), text);
      writeFileSync(join(dir, WEIGHTS_FILE), new Uint8Array(artifacts.weightData));
      saved = { modelJsonBytes: Buffer.byteLength(text), weightsBytes: artifacts.weightData.byteLength };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (saved === null) throw new Error('saveLayersModel: the save handler did not run');
  return saved;
}

/** Reads model.json and the weights files it names from `dir`, as the browser would from a URL. */
export async function loadLayersModelFromDir(tf: Tfjs, dir: string): Promise<LayersModel> {
  const modelJson = JSON.parse(readFileSync(join(dir, MODEL_FILE), 'utf8')) as io.ModelJSON;
  const manifest = modelJson.weightsManifest;
  const buffers = manifest.flatMap((group) => group.paths.map((path) => readFileSync(join(dir, path))));
  const weightData = Buffer.concat(buffers);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: manifest.flatMap((group) => group.weights),
      weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
      format: modelJson.format,
      generatedBy: modelJson.generatedBy,
      convertedBy: modelJson.convertedBy,
    }),
  );
}
