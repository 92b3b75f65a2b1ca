/**
 * The built site (dist/) served by `astro preview` for scripts that drive it (the bench, the
 * handwriting evaluation): the same server, with the cross-origin isolation headers, that the
 * end-to-end tests use.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The astro binary itself rather than `npx astro`, so stopping the server stops astro, not just npx.
const ASTRO = resolve(dirname(fileURLToPath(import.meta.url)), '../../node_modules/.bin/astro');

export interface PreviewServer {
  url: string;
  stop: () => void;
}

/** Starts `astro preview` on `port` and resolves once it answers. */
export async function startPreview(port: number): Promise<PreviewServer> {
  const url = `http://127.0.0.1:${port}/`;
  const child: ChildProcess = spawn(ASTRO, ['preview', '--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore' });
  const stop = () => {
    child.kill();
  };
  try {
    await waitForServer(url);
  } catch (error) {
    stop();
    throw error;
  }
  return { url, stop };
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No free port'))));
    });
  });
}

async function waitForServer(url: string): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The preview server did not answer at ${url}`);
}
