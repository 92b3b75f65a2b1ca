/**
 * What a student's upload looks like: the model.json files in tests/fixtures/keras (written
 * to match tensorflowjs_converter's output for Keras 2 and Keras 3, Sequential and
 * Functional) with weights made up here, as browser-File-like objects.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs';
import type { UploadFile } from '../../../src/lib/model/upload';

/** The same small conv nets, as Keras 2 and Keras 3 write them. */
export const KERAS_FIXTURES = ['keras2-sequential', 'keras2-functional', 'keras3-sequential', 'keras3-functional'] as const;
/** Plus a Keras 3 model with the layers MNIST tutorials add: Rescaling(1/255), BatchNormalization, Dropout. */
export type KerasFixture = (typeof KERAS_FIXTURES)[number] | 'keras3-sequential-rescaling';

export interface ModelJson {
  format?: string;
  modelTopology: Record<string, unknown>;
  weightsManifest: io.WeightsManifestConfig;
  [key: string]: unknown;
}

export function fixtureJson(name: KerasFixture): ModelJson {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/keras', `${name}.json`), 'utf8')) as ModelJson;
}

/** Small, distinct, reproducible weights for every value the manifest lists (none negative: some are variances). */
export function madeUpWeights(json: ModelJson): Float32Array {
  const count = json.weightsManifest
    .flatMap((group) => group.weights)
    .reduce((sum, spec) => sum + spec.shape.reduce((product, side) => product * side, 1), 0);
  return Float32Array.from({ length: count }, (_, i) => 0.1 + Math.sin(i * 0.7) * 0.1);
}

export function file(name: string, contents: string | ArrayBuffer | Uint8Array): UploadFile {
  const bytes = typeof contents === 'string' ? new TextEncoder().encode(contents) : new Uint8Array(contents);
  return { name, size: bytes.byteLength, arrayBuffer: async () => bytes.slice().buffer };
}

/** model.json plus its weights split into `shards` files, named as the converter names them. */
export function converterOutput(json: ModelJson, weights: Float32Array, shards = 1): UploadFile[] {
  const bytes = new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength);
  const paths = Array.from({ length: shards }, (_, i) => `group1-shard${i + 1}of${shards}.bin`);
  const manifest = [{ paths, weights: json.weightsManifest.flatMap((group) => group.weights) }];
  const shardSize = Math.ceil(bytes.byteLength / shards);
  return [
    file('model.json', JSON.stringify({ ...json, weightsManifest: manifest })),
    ...paths.map((path, i) => file(path, bytes.slice(i * shardSize, (i + 1) * shardSize))),
  ];
}
