/**
 * Keeps a model trained in lesson 4 in the browser's model store (src/lib/store), where the
 * drawing pad of lesson 7 finds it. When the browser will not keep it (no IndexedDB, a private
 * window, a full disk) the page says so and offers the model as two files to download instead:
 * a trained model is never silently lost.
 */
import type { io } from '@tensorflow/tfjs';
import { modelFiles } from '../../lib/store/model-files';
import { openModelStore, type ModelDetails, type StoredModelInfo } from '../../lib/store/model-store';

export interface SaveOutcome {
  saved?: StoredModelInfo;
  /** Why the store refused; the page then offers the download. */
  problem?: string;
}

export async function saveTrainedModel(name: string, artifacts: io.ModelArtifacts, details: ModelDetails): Promise<SaveOutcome> {
  try {
    const store = await openModelStore();
    return { saved: await store.save({ name, source: 'trained', pixelScale: 'unit', details, artifacts }) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

/** Two download links, `<name>.json` and `<name>.weights.bin`; `tf.loadLayersModel` reads them back. */
export function downloadLinks(name: string, artifacts: io.ModelArtifacts): HTMLElement {
  const files = modelFiles(artifacts, name);
  const list = document.createElement('ul');
  list.className = 'model-downloads';
  for (const [fileName, part, type] of [
    [files.jsonName, files.json, 'application/json'],
    [files.weightsName, files.weights, 'application/octet-stream'],
  ] as const) {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([part], { type }));
    link.download = fileName;
    link.textContent = `Download ${fileName}`;
    const item = document.createElement('li');
    item.append(link);
    list.append(item);
  }
  return list;
}
