/**
 * The held-out pen writers (21–30) for lesson 5, as the site serves them: only their samples
 * of data/pendigits/pendigits-orig.tra (about a third of the file), kept as UNIPEN text so the
 * page reads them with the same parser (parseUnipen) and renders them with the same strokes →
 * 28×28 code (toMnistInput) as the drawing pad; gzip-compressed (the browser decompresses it).
 * The output is committed; run this again if the pen data or the held-out writers change:
 *   npx tsx scripts/prepare-pen-asset.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { isHeldOutWriter } from '../src/lib/pendigits/dataset';
import { heldOutUnipenText } from '../src/lib/pendigits/held-out';
import { loadPenDigits } from './lib/pen-dataset';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PEN_ASSET_PATH = resolve(ROOT, 'public/data/pendigits/writers-21-30.unipen.gz');

const samples = loadPenDigits().filter((sample) => isHeldOutWriter(sample.writer));
const text = heldOutUnipenText(samples);
mkdirSync(dirname(PEN_ASSET_PATH), { recursive: true });
// mtime 0 in the gzip header: the same input always gives the same bytes.
writeFileSync(PEN_ASSET_PATH, gzipSync(Buffer.from(text, 'utf8'), { level: 9 }));
console.log(`${samples.length} samples of writers 21–30 → ${PEN_ASSET_PATH}`);
