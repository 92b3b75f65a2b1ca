import { describe, expect, it } from 'vitest';
import { offlineList } from '../../../src/lib/site/offline';

const built = [
  'index.html',
  'lessons/meet-the-data/index.html',
  '_astro/grid.abc123.js',
  'favicon.svg',
  'data/mnist/manifest.json',
  'data/mnist/train-images-idx3-ubyte.gz',
  'data/pendigits/writers-21-30.unipen.gz',
  'models/default/model.json',
  'models/default/weights.bin',
  'sw.js',
  'offline.json',
  '_astro/grid.abc123.js.map',
];

describe('offlineList', () => {
  it('keeps pages as their URLs, assets, the shipped models and the held-out pen writers as they are, but not MNIST, the worker or itself', () => {
    expect(offlineList(built, []).files).toEqual([
      '',
      '_astro/grid.abc123.js',
      'data/pendigits/writers-21-30.unipen.gz',
      'favicon.svg',
      'lessons/meet-the-data/',
      'models/default/model.json',
      'models/default/weights.bin',
    ]);
  });

  it('accepts Windows separators', () => {
    expect(offlineList(['lessons\\x\\index.html'], []).files).toEqual(['lessons/x/']);
  });

  it('has a version that changes with the files and with their contents', () => {
    const a = offlineList(built, ['h1']).version;
    expect(offlineList(built, ['h1']).version).toBe(a);
    expect(offlineList(built, ['h2']).version).not.toBe(a);
    expect(offlineList([...built, 'new.html'], ['h1']).version).not.toBe(a);
  });
});
