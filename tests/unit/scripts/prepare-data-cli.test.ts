import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareData } from '../../../scripts/lib/prepare';
import { formatBytes } from '../../../src/lib/site/format';
import { writeTinySource } from './tiny-source';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const runCli = (...args: string[]) =>
  spawnSync(join(projectRoot, 'node_modules/.bin/tsx'), ['scripts/prepare-data.ts', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
  });

const temporaryDirs: string[] = [];
afterEach(async () => {
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'digit-lab-cli-'));
  temporaryDirs.push(dir);
  return dir;
}

describe('scripts/prepare-data.ts', () => {
  it('exits 1 with what is wrong and what to do when a source file is missing', async () => {
    const result = runCli('--source', await temporaryDir(), '--out', await temporaryDir());
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/train-images-idx3-ubyte is missing\..*reinstall it/);
  });

  it('prints one line and exits 0 when the output is up to date', async () => {
    const sourceDir = await temporaryDir();
    const outDir = await temporaryDir();
    const { expectedMd5, expectedCounts } = await writeTinySource(sourceDir);
    const { manifest } = await prepareData({ sourceDir, outDir, expectedMd5, expectedCounts });

    const result = runCli('--out', outDir);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`MNIST data is up to date (4 files, ${formatBytes(manifest.totalCompressedBytes)}) in ${outDir}\n`);
  });

  it('exits 2 with the usage on an unknown option', () => {
    const result = runCli('--bogus');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: tsx scripts/prepare-data.ts');
  });
});
