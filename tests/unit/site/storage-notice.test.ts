import { describe, expect, it } from 'vitest';
import { storageNotice } from '../../../src/lib/site/storage-notice';

describe('what a browser without storage will not keep (issue 13)', () => {
  it('says nothing when everything is kept', () => {
    expect(storageNotice({ local: true, indexedDB: true })).toBeNull();
  });
  it('names what is lost, in one sentence', () => {
    expect(storageNotice({ local: false, indexedDB: true })).toMatch(/: your progress and the model you build in lesson 3 last only until you close this tab\.$/);
    expect(storageNotice({ local: true, indexedDB: false })).toContain('the models you train or upload and the downloaded MNIST data');
    expect(storageNotice({ local: false, indexedDB: false })).toContain('your progress, the model you build in lesson 3, the models you train or upload and the downloaded MNIST data');
  });
});
