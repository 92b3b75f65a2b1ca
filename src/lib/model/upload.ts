/**
 * "Bring your own Keras model": the files a student chose (or dropped) → model artifacts.
 *
 * What we accept is what `tensorflowjs_converter --input_format keras model.h5 out/` writes:
 * a model.json (format "layers-model": the layers in `modelTopology`, and a
 * `weightsManifest` naming the weight files) beside its shards, group1-shard1of2.bin,
 * group1-shard2of2.bin, … Everything that can go wrong with a file choice gets one plain
 * sentence, since the student has to fix it by choosing again.
 */
import type { io, LayersModel } from '@tensorflow/tfjs';
import { layerNames, normaliseKerasTopology, normaliseWeightNames, type JsonObject } from './keras-topology';
import type { Tfjs } from './tfjs';
import { isWeightSpec, joinBuffers, weightBytes } from './weight-data';

/** A browser File satisfies it; so does anything with a name and bytes. */
export interface UploadFile {
  name: string;
  size?: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Its message is one sentence a student understands, saying what to choose instead. */
export class ModelUploadError extends Error {
  override name = 'ModelUploadError';
}

export interface UploadedModel {
  artifacts: io.ModelArtifacts;
  /** A name to offer the student: the .json file's name, unless that is just "model". */
  name: string;
  /** The files the model was read from: model.json first, then its weight files in order. */
  files: string[];
}

const CONVERT_HINT = 'tensorflowjs_converter --input_format keras model.h5 out/';

export async function readUploadedModel(files: readonly UploadFile[]): Promise<UploadedModel> {
  const jsonFile = pickModelJson(files);
  const modelJson = parseModelJson(jsonFile.name, await jsonFile.arrayBuffer());
  const { weightSpecs, weightData, shardNames } = await readWeights(modelJson.weightsManifest, files, jsonFile.name);
  const topology = normaliseKerasTopology(modelJson.modelTopology);
  return {
    artifacts: {
      modelTopology: topology,
      weightSpecs: normaliseWeightNames(weightSpecs, layerNames(topology)),
      weightData,
      format: 'layers-model',
      ...(typeof modelJson.generatedBy === 'string' && { generatedBy: modelJson.generatedBy }),
      ...(typeof modelJson.convertedBy === 'string' && { convertedBy: modelJson.convertedBy }),
    },
    name: offeredName(jsonFile.name),
    files: [jsonFile.name, ...shardNames],
  };
}

/**
 * Builds the model TF.js-side, saying plainly when TF.js cannot. A layer TF.js does not
 * have (Lambda, a custom layer) is the usual reason, so that is looked for first.
 */
export async function loadUploadedModel(tf: Tfjs, artifacts: io.ModelArtifacts): Promise<LayersModel> {
  const known = tf.serialization.SerializationMap.getMap().classNameMap;
  const unknown = layerClassNames(artifacts.modelTopology).filter((name) => !(name in known));
  if (unknown.length > 0) {
    throw new ModelUploadError(
      `This model uses ${someOf([...new Set(unknown)])}, which TensorFlow.js does not have: rebuild it from standard Keras layers and convert it again.`,
    );
  }
  // TF.js keeps the weights of the layers it built before it gave up; free them.
  const variablesBefore = new Set(Object.keys(tf.engine().registeredVariables));
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    for (const [name, variable] of Object.entries(tf.engine().registeredVariables)) {
      if (!variablesBefore.has(name)) variable.dispose();
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelUploadError(`TensorFlow.js could not build this model (${shortened(message.split('\n')[0]!, 160)}).`);
  }
}

/** The class of every layer, nested models' layers included. */
function layerClassNames(topology: unknown): string[] {
  if (Array.isArray(topology)) return topology.flatMap(layerClassNames);
  if (!isRecord(topology)) return [];
  const names = Object.values(topology).flatMap(layerClassNames);
  const { layers } = topology;
  if (Array.isArray(layers)) {
    for (const layer of layers) if (isRecord(layer) && typeof layer.class_name === 'string') names.push(layer.class_name);
  }
  return names;
}

function pickModelJson(files: readonly UploadFile[]): UploadFile {
  const jsonFiles = files.filter((file) => /\.json$/i.test(file.name));
  if (jsonFiles.length === 0) {
    throw new ModelUploadError('None of these files is a model.json: choose the model.json that tensorflowjs_converter wrote, together with its .bin files.');
  }
  if (jsonFiles.length > 1) {
    const names = someOf(jsonFiles.map((file) => file.name));
    throw new ModelUploadError(`You chose several .json files (${names}): choose one model.json and the .bin files beside it.`);
  }
  return jsonFiles[0]!;
}

interface LayersModelJson {
  modelTopology: JsonObject;
  weightsManifest: io.WeightsManifestConfig;
  generatedBy?: unknown;
  convertedBy?: unknown;
}

function parseModelJson(fileName: string, bytes: ArrayBuffer): LayersModelJson {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ModelUploadError(`${shortened(fileName)} is not readable JSON (perhaps it was cut short): convert the model again and choose the new files.`);
  }
  const notAModel = `${shortened(fileName)} is not a TensorFlow.js model: choose the model.json that ${CONVERT_HINT} writes.`;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelUploadError(notAModel);
  const { format, modelTopology, weightsManifest } = json as Record<string, unknown>;
  if (format === 'graph-model' || (isRecord(modelTopology) && Array.isArray(modelTopology.node))) {
    throw new ModelUploadError(
      `${shortened(fileName)} is a TensorFlow.js graph model (converted from a SavedModel), which Digit Lab cannot look inside: convert your Keras model to the layers format with ${CONVERT_HINT}.`,
    );
  }
  if ((format !== undefined && format !== 'layers-model') || !isRecord(modelTopology) || !isManifest(weightsManifest)) {
    throw new ModelUploadError(notAModel);
  }
  return json as LayersModelJson;
}

async function readWeights(manifest: io.WeightsManifestConfig, files: readonly UploadFile[], jsonName: string) {
  const byName = new Map(files.map((file) => [baseName(file.name), file]));
  const shardNames = manifest.flatMap((group) => group.paths.map(baseName));
  const missing = shardNames.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    const list = someOf(missing);
    const them = missing.length === 1 ? 'it' : 'them';
    throw new ModelUploadError(`${list} ${missing.length === 1 ? 'is' : 'are'} missing: choose ${them} together with ${shortened(jsonName)}.`);
  }
  const parts: ArrayBuffer[] = [];
  for (const group of manifest) {
    const groupFiles = group.paths.map((path) => byName.get(baseName(path))!);
    const groupParts = await Promise.all(groupFiles.map((file) => file.arrayBuffer()));
    const size = groupParts.reduce((sum, part) => sum + part.byteLength, 0);
    const expected = weightBytes(group.weights);
    if (size !== expected) {
      const names = someOf(groupFiles.map((file) => file.name), ' + ');
      throw new ModelUploadError(
        `${names} ${groupFiles.length === 1 ? 'holds' : 'hold'} ${size} bytes but ${shortened(jsonName)} needs ${expected}: choose the .bin files converted with it.`,
      );
    }
    parts.push(...groupParts);
  }
  return { weightSpecs: manifest.flatMap((group) => group.weights), weightData: joinBuffers(parts), shardNames };
}

function isManifest(value: unknown): value is io.WeightsManifestConfig {
  return (
    Array.isArray(value) &&
    value.every(
      (group) =>
        isRecord(group) &&
        Array.isArray(group.paths) &&
        group.paths.every((path) => typeof path === 'string') &&
        Array.isArray(group.weights) &&
        group.weights.every(isWeightSpec) &&
        !Number.isNaN(weightBytes(group.weights)),
    )
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Manifest paths are relative to model.json; a chosen file has only its own name. */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function offeredName(jsonName: string): string {
  const stem = baseName(jsonName).replace(/\.json$/i, '');
  return stem.toLowerCase() === 'model' || stem === '' ? 'My Keras model' : stem;
}

/** How many names a sentence lists before it counts the rest: a message must fit on a phone screen. */
export const LISTED_NAMES = 3;

/**
 * "a and b", "a, b and c", or "a, b, c and 49,997 more": a file choice can name thousands of
 * files, and a sentence naming them all pushes the page off the screen.
 */
export function someOf(names: readonly string[], joiner = ' and '): string {
  const shown = names.slice(0, LISTED_NAMES).map((name) => shortened(name));
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest.toLocaleString('en')} more`;
  if (joiner !== ' and ' || shown.length < 3) return shown.join(joiner);
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** A name as a sentence shows it: at most `max` characters. */
function shortened(name: string, max = 60): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}
