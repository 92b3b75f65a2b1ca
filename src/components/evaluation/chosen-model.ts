/**
 * Lessons 5 and 6 choose their model in "My models" (src/components/models/my-models.ts), the
 * list lessons 4 and 7 show; this turns a chosen id into what the evaluation and the inspection
 * need: a DigitModelSource and what is known of how the model was trained. The first model is
 * the one the drawing pad would read with (chooseActiveModel, through firstModel).
 */
import { builtInModel, BUILT_IN_MODELS } from '../../lib/draw/built-in-models';
import { firstModel, modelIdFromQuery, REMEMBERED_MODEL_KEY } from '../../lib/draw/model-choice';
import type { DigitModelSource } from '../../lib/eval/digit-model-source';
import { openModelStore, type ModelStore, type StoredModelInfo } from '../../lib/store/model-store';
import { withBase } from '../../lib/site/url';
import { safeLocalStorage } from '../dom/storage';

/** What lesson 4 recorded about a model, when anything was. */
export interface TrainingFacts {
  testAccuracy?: number;
  trainingSeconds?: number;
  epochs?: number;
  trainingImages?: number;
  /** Pen writers 21–30, as the training script measured them (shipped models only). */
  penAccuracy?: number;
}

export interface ChosenModel {
  id: string;
  name: string;
  source: DigitModelSource;
  training: TrainingFacts;
}

let storePromise: Promise<ModelStore | null> | undefined;
const store = (): Promise<ModelStore | null> => (storePromise ??= openModelStore().catch(() => null));

async function storedModels(): Promise<StoredModelInfo[]> {
  const opened = await store();
  return opened ? opened.list().catch(() => []) : [];
}

/** The model a lesson starts on: `?model=<id>` when it is here, else the drawing pad's. */
export async function startingModelId(): Promise<string> {
  const stored = await storedModels();
  const builtIns = BUILT_IN_MODELS.map((model) => model.id);
  return firstModel(modelIdFromQuery(location.search), safeLocalStorage()?.getItem(REMEMBERED_MODEL_KEY) ?? null, builtIns, stored).id;
}

/** Where to load model `id` from, and its training record; a sentence when it is not there or damaged. */
export async function chosenModel(id: string): Promise<ChosenModel> {
  const builtIn = builtInModel(id);
  if (builtIn) {
    const url = withBase(builtIn.path);
    return { id, name: builtIn.name, source: { kind: 'url', url }, training: await shippedRecord(url.replace(/model\.json$/, 'training-record.json')) };
  }
  const opened = await store();
  if (!opened) throw new Error('This browser keeps no models (no storage), so only the shipped ones can be used.');
  const saved = await opened.get(id);
  if (!saved) throw new Error(`There is no saved model “${id}” in this browser any more.`);
  const details = saved.details ?? {};
  return {
    id,
    name: saved.name,
    source: { kind: 'artifacts', artifacts: saved.artifacts, uploaded: saved.source === 'uploaded', pixelScale: saved.pixelScale },
    training: { testAccuracy: details.testAccuracy, trainingSeconds: details.trainingSeconds, epochs: details.epochs, trainingImages: details.images },
  };
}

interface ShippedFigures {
  trainingImages?: number;
  trainingSeconds?: number;
  mnistTestAccuracy?: number;
  heldOutPen?: { accuracy?: number };
}

/** The shipped model's training-record.json: its figures are under `mnistPlusPen` or `mnistOnly`. */
async function shippedRecord(url: string): Promise<TrainingFacts> {
  try {
    const record = (await (await fetch(url)).json()) as { mnistPlusPen?: ShippedFigures; mnistOnly?: ShippedFigures; recipe?: { epochs?: number } };
    const figures = record.mnistPlusPen ?? record.mnistOnly ?? {};
    return {
      testAccuracy: figures.mnistTestAccuracy,
      trainingSeconds: figures.trainingSeconds,
      trainingImages: figures.trainingImages,
      epochs: record.recipe?.epochs,
      penAccuracy: figures.heldOutPen?.accuracy,
    };
  } catch {
    return {};
  }
}
