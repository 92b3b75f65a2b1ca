/**
 * Any model the lessons can evaluate or open up, as data a worker can receive: a shipped
 * model by URL, or a model kept in the browser (trained or uploaded) by its artifacts. One
 * loader for both, so lesson 5's worker and lesson 6's page read a model the same way the
 * drawing pad does (inspectDigitModel decides how to feed it).
 */
import type { io, LayersModel } from '@tensorflow/tfjs';
import { modelFromArtifacts } from '../model/artifacts';
import { inspectDigitModel, type DigitModelSpec } from '../model/digit-model';
import type { Tfjs } from '../model/tfjs';
import { loadUploadedModel } from '../model/upload';
import type { PixelScale } from '../store/model-records';

export type DigitModelSource =
  | { kind: 'url'; url: string }
  | { kind: 'artifacts'; artifacts: io.ModelArtifacts; uploaded: boolean; pixelScale: PixelScale };

export interface LoadedDigitModel {
  model: LayersModel;
  spec: DigitModelSpec;
  pixelScale: PixelScale;
}

/** The model, checked to read one 28×28 digit into ten scores (a ModelUploadError saying why not). */
export async function loadDigitModel(tf: Tfjs, source: DigitModelSource): Promise<LoadedDigitModel> {
  const model =
    source.kind === 'url'
      ? await tf.loadLayersModel(source.url)
      : source.uploaded
        ? await loadUploadedModel(tf, source.artifacts)
        : await modelFromArtifacts(tf, source.artifacts);
  try {
    return { model, spec: inspectDigitModel(model), pixelScale: source.kind === 'url' ? 'unit' : source.pixelScale };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
