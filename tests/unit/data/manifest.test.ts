import { describe, expect, it } from 'vitest';
import { findFile, ManifestError, validateManifest, type DataManifest } from '../../../src/lib/data/manifest';
import { tinyManifest, tinyMnistFiles } from './tiny-mnist';

const manifest = await tinyManifest();
/** The manifest as JSON, with one change, like a hand-edited or stale file. */
const edited = (change: (json: Record<string, unknown> & { files: Record<string, unknown>[] }) => void): unknown => {
  const json = JSON.parse(JSON.stringify(manifest)) as Record<string, unknown> & { files: Record<string, unknown>[] };
  change(json);
  return json;
};

describe('buildManifest', () => {
  it('describes each file and survives a JSON round trip', () => {
    expect(validateManifest(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest);
    const trainImages = findFile(manifest, 'train', 'images');
    expect(trainImages).toMatchObject({ name: 'train-images-idx3-ubyte', path: 'train-images-idx3-ubyte.gz', count: 30 });
    expect(trainImages.rawBytes).toBe(16 + 30 * 28 * 28);
    expect(manifest.totalCompressedBytes).toBe(manifest.files.reduce((sum, file) => sum + file.compressedBytes, 0));
  });

  it('gives a version that is stable for the same data and changes with it', async () => {
    expect((await tinyManifest()).version).toBe(manifest.version);
    const files = tinyMnistFiles();
    files[1]!.raw = files[1]!.raw.slice();
    files[1]!.raw[files[1]!.raw.length - 1] = 0;
    expect((await tinyManifest(files)).version).not.toBe(manifest.version);
  });
});

describe('validateManifest names the bad field', () => {
  const cases: [string, unknown, RegExp][] = [
    ['not an object', [], /manifest must be an object, got \[\]/],
    ['an older format', edited((json) => (json.format = 0)), /manifest\.format is 0, expected 1/],
    ['another dataset', edited((json) => (json.dataset = 'cifar')), /manifest\.dataset is "cifar"/],
    ['no files', edited((json) => (json.files = [])), /manifest\.files must be a non-empty list/],
    ['a missing version', edited((json) => delete json.version), /manifest\.version must be a non-empty string, got nothing/],
    ['a bad checksum', edited((json) => (json.files[1]!.sha256 = 'abc')), /manifest\.files\[1\]\.sha256 must be 64 lowercase hex/],
    ['a bad split', edited((json) => (json.files[0]!.split = 'dev')), /manifest\.files\[0\]\.split must be one of "train", "test", got "dev"/],
    ['a negative count', edited((json) => (json.files[2]!.count = -1)), /manifest\.files\[2\]\.count must be a whole number/],
    ['an absolute path', edited((json) => (json.files[0]!.path = 'https://evil.example/x.gz')), /files\[0\]\.path must be relative/],
    ['a wrong total', edited((json) => (json.totalRawBytes = 1)), /totalRawBytes is 1 but the files add up to/],
    ['a slot listed twice', edited((json) => (json.files[1]!.kind = 'images')), /lists two train images files/],
  ];

  it.each(cases)('rejects %s', (_, json, message) => {
    expect(() => validateManifest(json)).toThrow(ManifestError);
    expect(() => validateManifest(json)).toThrow(message);
  });
});

describe('findFile', () => {
  it('throws when the manifest lacks the file', () => {
    const trainOnly: DataManifest = { ...manifest, files: manifest.files.filter((file) => file.split === 'train') };
    expect(findFile(trainOnly, 'train', 'labels').name).toBe('train-labels-idx1-ubyte');
    expect(() => findFile(trainOnly, 'test', 'labels')).toThrow(/no test labels file/);
  });
});
