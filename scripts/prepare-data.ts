/**
 * Writes public/data/mnist: the gzipped MNIST files and their manifest.json.
 * Usage: tsx scripts/prepare-data.ts [--out DIR] [--source DIR]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { prepareData, PrepareDataError } from './lib/prepare';

const USAGE = 'Usage: tsx scripts/prepare-data.ts [--out DIR] [--source DIR]';
// Relative to the project, not the working directory, so it works from any folder.
const DEFAULT_OUT_DIR = fileURLToPath(new URL('../public/data/mnist', import.meta.url));

let args: { out?: string; source?: string; help?: boolean };
try {
  args = parseArgs({
    options: { out: { type: 'string' }, source: { type: 'string' }, help: { type: 'boolean' } },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

try {
  await prepareData({
    outDir: args.out === undefined ? DEFAULT_OUT_DIR : resolve(args.out),
    sourceDir: args.source === undefined ? undefined : resolve(args.source),
    log: (line) => console.log(line),
  });
} catch (error) {
  if (!(error instanceof PrepareDataError)) throw error;
  console.error(`prepare-data: ${error.message}`);
  process.exit(1);
}
