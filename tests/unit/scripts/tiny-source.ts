/** A source folder of tiny raw MNIST look-alikes, and the checksums and counts prepareData must expect of it. */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TINY_COUNTS, tinyMnistFiles } from '../data/tiny-mnist';

export async function writeTinySource(sourceDir: string) {
  const files = tinyMnistFiles();
  for (const file of files) await writeFile(join(sourceDir, file.name), file.raw);
  const expectedMd5 = Object.fromEntries(files.map((file) => [file.name, createHash('md5').update(file.raw).digest('hex')]));
  return { files, expectedMd5, expectedCounts: TINY_COUNTS };
}
