/**
 * An Astro integration that writes offline.json into the built site: the
 * list of files the service worker (public/sw.js) keeps so the course opens
 * without a network.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { offlineList } from '../src/lib/site/offline';

export function offlineListIntegration(): AstroIntegration {
  return {
    name: 'digit-lab-offline-list',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const paths = (await readdir(root, { recursive: true, withFileTypes: true }))
          .filter((entry) => entry.isFile())
          .map((entry) => relative(root, join(entry.parentPath, entry.name)));
        const list = offlineList(paths, []);
        const hashes = await Promise.all(
          list.files.map(async (file) => {
            const onDisk = file === '' || file.endsWith('/') ? `${file}index.html` : file;
            return createHash('sha256').update(await readFile(join(root, onDisk))).digest('hex');
          }),
        );
        const versioned = offlineList(paths, hashes);
        await writeFile(join(root, 'offline.json'), JSON.stringify(versioned));
        logger.info(`offline.json lists ${versioned.files.length} files (version ${versioned.version})`);
      },
    },
  };
}
