/**
 * A trained model as the two files TF.js's layers format uses — `<name>.json` (the layers
 * and a manifest of the weights) and `<name>.weights.bin` (every weight, float32) — so a
 * student can download a model the browser would not store, and load it again later with
 * `tf.loadLayersModel`. The same layout as `tf.io.browserDownloads` writes, built without
 * TF, in the page.
 */
import type { io } from '@tensorflow/tfjs';
import { joinBuffers } from '../model/weight-data';

export interface ModelFiles {
  jsonName: string;
  json: string;
  weightsName: string;
  weights: ArrayBuffer;
}

export function modelFiles(artifacts: io.ModelArtifacts, name: string): ModelFiles {
  if (!artifacts.modelTopology || !artifacts.weightSpecs || artifacts.weightData === undefined) {
    throw new Error('These model artifacts have no layers or no weights to save.');
  }
  const base = fileSafeName(name);
  const weightsName = `${base}.weights.bin`;
  const manifest = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [`./${weightsName}`], weights: artifacts.weightSpecs }],
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
  };
  return { jsonName: `${base}.json`, json: JSON.stringify(manifest), weightsName, weights: joinBuffers(artifacts.weightData) };
}

/** "Default recipe (edited) 2026-11-26" → "default-recipe-edited-2026-11-26". */
export function fileSafeName(name: string): string {
  const safe = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return safe || 'model';
}
