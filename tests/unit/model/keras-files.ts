/**
 * What a student's upload looks like, as browser-File-like objects: real converter output
 * (tests/fixtures/keras-converted), and two hand-written model.json files in tests/fixtures/keras
 * for cases no real file shows (see the README there), with weights made up here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs';
import type { UploadFile } from '../../../src/lib/model/upload';

/**
 * Hand-written, for what no real file shows: a Keras 2 functional model with a merge (Add), and a
 * Keras 3 Sequential model that starts with Rescaling(1/255) (the real one with Rescaling is functional).
 */
export type KerasFixture = 'keras2-functional' | 'keras3-sequential-rescaling';

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

/**
 * Real tensorflowjs_converter 4.22 output, copied unedited from ../shared/data/keras-converted
 * into tests/fixtures/keras-converted (its README says how each was made), with what Python
 * measured for it in expected.json.
 */
export const REAL_CONVERTER_OUTPUTS = ['keras3-sequential-cnn', 'keras3-functional-logits-0to255', 'tfkeras-sequential-1x28x28'] as const;
export type RealConverterOutput = (typeof REAL_CONVERTER_OUTPUTS)[number];

export interface ConverterExpectation {
  pixelScale: '0-1' | '0-255';
  output: 'softmax' | 'logits';
  inputShape: number[];
  mnistTestAccuracy: number;
  first20Labels: number[];
  first20Predictions: number[];
}

const realDir = (name: RealConverterOutput) => join(import.meta.dirname, '../../fixtures/keras-converted', name);

/** The converter's files as a student chooses them: model.json and group1-shard1of1.bin. */
export function realConverterFiles(name: RealConverterOutput): UploadFile[] {
  return ['model.json', 'group1-shard1of1.bin'].map((fileName) => file(fileName, readFileSync(join(realDir(name), fileName))));
}

export function realModelJson(name: RealConverterOutput): ModelJson {
  return JSON.parse(readFileSync(join(realDir(name), 'model.json'), 'utf8')) as ModelJson;
}

export function realExpectation(name: RealConverterOutput): ConverterExpectation {
  return JSON.parse(readFileSync(join(realDir(name), 'expected.json'), 'utf8')) as ConverterExpectation;
}
