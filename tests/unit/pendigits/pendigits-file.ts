/**
 * The real pen digits, for tests. CI checks out the shared folder beside the repository,
 * so the file is found relative to the repository root rather than at an absolute path.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseUnipen, type PenDigit } from '../../../src/lib/pendigits/unipen';

export const PENDIGITS_PATH = resolve(process.cwd(), '../shared/data/pendigits/pendigits-orig.tra');

let parsed: PenDigit[] | null = null;

/** Every sample of pendigits-orig.tra, parsed once per test file. */
export function loadPenDigits(): PenDigit[] {
  parsed ??= parseUnipen(readFileSync(PENDIGITS_PATH, 'utf8'));
  return parsed;
}
