/**
 * What a saved model looks like on disk, and the checks on everything read back: storage
 * outlives the code that wrote it (an older site version, a half-finished write, a student
 * poking at DevTools), so a record is trusted only after it has been looked at.
 */
import type { io } from '@tensorflow/tfjs';
import { isWeightSpec, joinBuffers, weightBytes } from '../model/weight-data';

export type PixelScale = 'unit' | 'byte'; // pixels 0–1 | pixels 0–255 (white ink on black)
export type ModelSource = 'trained' | 'uploaded';

export interface ModelDetails {
  recipe?: string;
  testAccuracy?: number;
  trainingSeconds?: number;
  epochs?: number;
  images?: number;
  backend?: string;
  files?: string[];
  /** Size of the weights as kept, set on save (models saved before it have none). */
  weightBytes?: number;
  /** For a model fine-tuned on the student's own digits (lesson 8): what it came from and what it gained. */
  fineTune?: FineTuneRecord;
}

export interface FineTuneRecord {
  baseModel: string;
  baseName: string;
  ownSamples: number;
  heldBack: number;
  replayShare: number;
  layers: 'all' | 'last';
  /** How many MNIST test images the before/after figure reads (the first ones). */
  mnistSlice: number;
  before: { own: number; mnist: number };
  after: { own: number; mnist: number };
}

export interface StoredModelInfo {
  id: string;
  name: string;
  source: ModelSource;
  createdAt: number;
  pixelScale: PixelScale;
  details?: ModelDetails;
}

export interface StoredModel extends StoredModelInfo {
  artifacts: io.ModelArtifacts;
}

export interface NewModel {
  name: string;
  source: ModelSource;
  pixelScale: PixelScale;
  details?: ModelDetails;
  artifacts: io.ModelArtifacts;
}

/** The artifacts as kept: the weights always as one ArrayBuffer, whatever TF.js handed us. */
export type StoredArtifacts = io.ModelArtifacts & { weightData: ArrayBuffer; weightSpecs: io.WeightsManifestEntry[] };

const PIXEL_SCALES: readonly string[] = ['unit', 'byte'] satisfies PixelScale[];
const MODEL_SOURCES: readonly string[] = ['trained', 'uploaded'] satisfies ModelSource[];
const NAME_MAX_LENGTH = 80;

export const isPixelScale = (value: unknown): value is PixelScale => typeof value === 'string' && PIXEL_SCALES.includes(value);
const isModelSource = (value: unknown): value is ModelSource => typeof value === 'string' && MODEL_SOURCES.includes(value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A name as the student typed it, trimmed; a clear sentence when there is nothing to keep. */
export function checkModelName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '') throw new Error('Give the model a name, so you can find it again.');
  if (trimmed.length > NAME_MAX_LENGTH) throw new Error(`Keep the model's name under ${NAME_MAX_LENGTH} characters.`);
  return trimmed;
}

export function checkPixelScale(scale: unknown): PixelScale {
  if (!isPixelScale(scale)) throw new Error(`The pixel scale must be 'unit' (0–1) or 'byte' (0–255), not ${String(scale)}.`);
  return scale;
}

/** The metadata record, or undefined when it is not one (such a record is skipped, not fatal). */
export function readInfoRecord(value: unknown): StoredModelInfo | undefined {
  if (!isRecord(value)) return undefined;
  const { id, name, source, createdAt, pixelScale, details } = value;
  if (typeof id !== 'string' || typeof name !== 'string' || !isModelSource(source) || !isPixelScale(pixelScale)) return undefined;
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) return undefined;
  const info: StoredModelInfo = { id, name, source, createdAt, pixelScale };
  const cleanDetails = readDetails(details);
  if (cleanDetails) info.details = cleanDetails;
  return info;
}

/** Keeps the details that have the right type and drops the rest: they only describe the model. */
export function readDetails(value: unknown): ModelDetails | undefined {
  if (!isRecord(value)) return undefined;
  const details: ModelDetails = {};
  for (const key of ['recipe', 'backend'] as const) {
    const field = value[key];
    if (typeof field === 'string') details[key] = field;
  }
  for (const key of ['testAccuracy', 'trainingSeconds', 'epochs', 'images', 'weightBytes'] as const) {
    const field = value[key];
    if (typeof field === 'number' && Number.isFinite(field)) details[key] = field;
  }
  const files = value.files;
  if (Array.isArray(files) && files.every((file) => typeof file === 'string')) details.files = [...files];
  const fineTune = readFineTuneRecord(value.fineTune);
  if (fineTune) details.fineTune = fineTune;
  return details;
}

/** The fine-tune record when every field is there with its type; a partial one is dropped whole. */
export function readFineTuneRecord(value: unknown): FineTuneRecord | undefined {
  if (!isRecord(value)) return undefined;
  const { baseModel, baseName, ownSamples, heldBack, replayShare, layers, mnistSlice, before, after } = value;
  const isNumber = (field: unknown): field is number => typeof field === 'number' && Number.isFinite(field);
  const isScores = (field: unknown): field is { own: number; mnist: number } => isRecord(field) && isNumber(field.own) && isNumber(field.mnist);
  if (typeof baseModel !== 'string' || typeof baseName !== 'string' || (layers !== 'all' && layers !== 'last')) return undefined;
  if (![ownSamples, heldBack, replayShare, mnistSlice].every(isNumber) || !isScores(before) || !isScores(after)) return undefined;
  return {
    baseModel,
    baseName,
    ownSamples: ownSamples as number,
    heldBack: heldBack as number,
    replayShare: replayShare as number,
    layers,
    mnistSlice: mnistSlice as number,
    before: { own: before.own, mnist: before.mnist },
    after: { own: after.own, mnist: after.mnist },
  };
}

/** The artifacts ready to keep, or a sentence saying what is missing from them. */
export function checkArtifacts(artifacts: io.ModelArtifacts): StoredArtifacts {
  if (!isRecord(artifacts.modelTopology) || artifacts.modelTopology instanceof ArrayBuffer) {
    throw new Error('The model has no layer description (modelTopology) to save.');
  }
  if (!Array.isArray(artifacts.weightSpecs) || artifacts.weightData === undefined) {
    throw new Error('The model has no weights to save.');
  }
  const weightData = joinBuffers(artifacts.weightData);
  const expected = artifacts.weightSpecs.every(isWeightSpec) ? weightBytes(artifacts.weightSpecs) : Number.NaN;
  if (Number.isNaN(expected)) throw new Error('The model lists its weights in a form Digit Lab cannot read.');
  if (expected !== weightData.byteLength) {
    throw new Error(`The model's weights are ${weightData.byteLength} bytes but its layers need ${expected}.`);
  }
  return { ...artifacts, weightSpecs: artifacts.weightSpecs, weightData };
}

/** Artifacts read back, or undefined when they are not whole. */
export function readArtifactsRecord(value: unknown): StoredArtifacts | undefined {
  if (!isRecord(value) || !isRecord(value.modelTopology) || !Array.isArray(value.weightSpecs)) return undefined;
  if (!(value.weightData instanceof ArrayBuffer)) return undefined;
  const specs = value.weightSpecs as unknown[];
  if (!specs.every(isWeightSpec)) return undefined;
  if (weightBytes(specs) !== value.weightData.byteLength) return undefined;
  return value as unknown as StoredArtifacts;
}
