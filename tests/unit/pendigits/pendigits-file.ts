/**
 * The real pen digits, for tests: the repository's copy in data/pendigits/, found relative
 * to the repository root.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseUnipen, type PenDigit } from '../../../src/lib/pendigits/unipen';

export const PENDIGITS_PATH = resolve(process.cwd(), 'data/pendigits/pendigits-orig.tra');

let parsed: PenDigit[] | null = null;

/** Every sample of pendigits-orig.tra, parsed once per test file. */
export function loadPenDigits(): PenDigit[] {
  parsed ??= parseUnipen(readFileSync(PENDIGITS_PATH, 'utf8'));
  return parsed;
}
