/**
 * The pen digits file (UCI pendigits-orig.tra, Alpaydin & Alimoglu 1998, CC BY 4.0) as the
 * scripts find it: copied into data/pendigits/ (with its README and licence), so training
 * and the handwriting evaluation are reproducible from a clean clone.
 * Reading it checks its sha256 against the one the data's README publishes, so a figure
 * in a training record always refers to the same 7,494 samples.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseUnipen, type PenDigit } from '../../src/lib/pendigits/unipen';

const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PENDIGITS_PATH = resolve(REPOSITORY_ROOT, 'data/pendigits/pendigits-orig.tra');
export const PENDIGITS_SHA256 = 'a66225d68d7d68591e62944df1ad33b3f5aa608e2df2505844b41f5568a80da4';

/** Every sample of the file, parsed, after checking it is the expected file. */
export function loadPenDigits(path = PENDIGITS_PATH): PenDigit[] {
  const bytes = readFileSync(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== PENDIGITS_SHA256) {
    throw new Error(`${path} is not the expected pendigits-orig.tra (sha256 ${sha256}, expected ${PENDIGITS_SHA256})`);
  }
  return parseUnipen(bytes.toString('utf8'));
}
