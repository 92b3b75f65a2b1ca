import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isHeldOutWriter } from '../../../src/lib/pendigits/dataset';
import { heldOutUnipenText } from '../../../src/lib/pendigits/held-out';
import { parseUnipen } from '../../../src/lib/pendigits/unipen';
import { loadPenDigits } from './pendigits-file';

describe('the held-out writers file lesson 5 downloads', () => {
  const heldOut = loadPenDigits().filter((sample) => isHeldOutWriter(sample.writer));

  it('reads back as exactly the samples of writers 21–30', () => {
    expect(heldOut).toHaveLength(2498);
    expect(parseUnipen(heldOutUnipenText(heldOut))).toEqual(heldOut);
  });

  it('is what is committed in public/ (run scripts/prepare-pen-asset.ts when it is not)', () => {
    const committed = gunzipSync(readFileSync('public/data/pendigits/writers-21-30.unipen.gz')).toString('utf8');
    expect(committed).toBe(heldOutUnipenText(heldOut));
  });
});
