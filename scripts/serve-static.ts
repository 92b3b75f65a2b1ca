/**
 * A plain static file server, the kind an instructor's host is: no special
 * headers (no cross-origin isolation, no Content-Encoding games), files from a
 * folder mounted under a sub-path. The end-to-end tests serve the /course/
 * build with it, so "works on any static host" is what is tested.
 *
 *   tsx scripts/serve-static.ts --dir dist-course --base /course/ --port 4322
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'dist' },
    base: { type: 'string', default: '/' },
    port: { type: 'string', default: '4322' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const root = resolve(values.dir!);
const base = `/${values.base!.replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');

createServer(async (request, response) => {
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
  if (!path.startsWith(base)) return notFound(response);
  let file = normalize(join(root, path.slice(base.length)));
  if (!file.startsWith(root)) return notFound(response);
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const info = await stat(file);
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': info.size });
    createReadStream(file).pipe(response);
  } catch {
    notFound(response);
  }
}).listen(Number(values.port), values.host, () => {
  console.log(`Serving ${root} at http://${values.host}:${values.port}${base}`);
});

function notFound(response: import('node:http').ServerResponse): void {
  response.writeHead(404, { 'Content-Type': 'text/plain' });
  response.end('Not found');
}
