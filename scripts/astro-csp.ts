/**
 * An Astro integration that checks every built page against its Content-Security-Policy
 * (src/lib/site/csp.ts): an inline script gets its hash added to the page's <meta> policy; a
 * page without the policy, with an inline event handler or a javascript: link fails the build,
 * naming the page. It runs before the offline list, which hashes the finished pages.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { applyCspToPage } from '../src/lib/site/csp';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

export function cspIntegration(): AstroIntegration {
  return {
    name: 'digit-lab-csp',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const pages = (await readdir(root, { recursive: true, withFileTypes: true }))
          .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
          .map((entry) => join(entry.parentPath, entry.name));
        const problems: string[] = [];
        let hashed = 0;
        for (const page of pages) {
          const checked = applyCspToPage(await readFile(page, 'utf8'), sha256);
          problems.push(...checked.problems.map((problem) => `${relative(root, page)} ${problem}`));
          if (checked.inlineScripts > 0) {
            hashed += checked.inlineScripts;
            await writeFile(page, checked.html);
          }
        }
        if (problems.length > 0) throw new Error(`The Content-Security-Policy check failed:\n${problems.join('\n')}`);
        logger.info(`${pages.length} pages carry the Content-Security-Policy (${hashed} inline script${hashed === 1 ? '' : 's'} hashed into it)`);
      },
    },
  };
}
