/**
 * A model trained for a few steps here, in the test process (TF.js on the cpu backend, the
 * course's own builder and trainer on the real MNIST files), then put into the browser's
 * model store the way lesson 4 saves one: the lessons must work with a barely trained model,
 * not only with the polished shipped ones.
 */
import type { Page } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../../scripts/lib/node-training';
import { modelToArtifacts } from '../../src/lib/model/artifacts';
import { buildModel } from '../../src/lib/model/build';
import type { ModelConfig } from '../../src/lib/model/config';
import { train } from '../../src/lib/train/trainer';

export interface PlainArtifacts {
  modelTopology: unknown;
  weightSpecs: unknown;
  /** The weights as float32 numbers, so they cross into the page as JSON. */
  weights: number[];
}

export async function trainFewSteps(config: ModelConfig, steps: number): Promise<PlainArtifacts> {
  await tf.setBackend('cpu');
  const model = buildModel(tf, config, { seed: 5 });
  try {
    await train(tf, model, loadMnist(), { batchSize: 32, epochs: 1, peakLearningRate: 0.01, labelSmoothing: 0, augment: null, validationSize: 0, seed: 5, maxSteps: steps });
    const artifacts = await modelToArtifacts(tf, model);
    return { modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weights: [...new Float32Array(artifacts.weightData as ArrayBuffer)] };
  } finally {
    model.dispose();
  }
}

/** Puts the model into IndexedDB ('digit-lab-models') as a trained model named `name`. */
export async function seedTrainedModel(page: Page, id: string, name: string, artifacts: PlainArtifacts): Promise<void> {
  await page.evaluate(
    async ({ id, name, artifacts }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('digit-lab-models');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const transaction = db.transaction(['models', 'weights'], 'readwrite');
      transaction
        .objectStore('weights')
        .put({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData: new Float32Array(artifacts.weights).buffer, format: 'layers-model' }, id);
      transaction.objectStore('models').put({ id, name, source: 'trained', createdAt: Date.now(), pixelScale: 'unit', details: { trainingSeconds: 1, epochs: 1 } });
      await new Promise((resolve, reject) => {
        transaction.oncomplete = resolve;
        transaction.onerror = () => reject(transaction.error);
      });
      db.close();
    },
    { id, name, artifacts },
  );
}
