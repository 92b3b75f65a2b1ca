/**
 * The real pen digits, for tests: the repository's copy in data/pendigits/, read (and
 * checked against its published sha256) by the scripts' own loader, once per test file.
 */
import type { PenDigit } from '../../../src/lib/pendigits/unipen';
import { loadPenDigits as readPenDigits, PENDIGITS_PATH } from '../../../scripts/lib/pen-dataset';

export { PENDIGITS_PATH };

let parsed: PenDigit[] | null = null;

/** Every sample of pendigits-orig.tra, parsed once per test file. */
export function loadPenDigits(): PenDigit[] {
  parsed ??= readPenDigits();
  return parsed;
}
