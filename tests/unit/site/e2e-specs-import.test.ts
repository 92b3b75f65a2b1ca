import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The e2e suite runs under the site's Content-Security-Policy only because every spec takes
 * `test` from tests/e2e/test.ts, whose fixture fails a test on any policy violation. A spec that
 * imports Playwright's own `test` would still run, silently without that check.
 */
describe('the e2e specs', () => {
  it('all take test from tests/e2e/test.ts, so every one fails on a CSP violation', () => {
    const folder = fileURLToPath(new URL('../../e2e/', import.meta.url));
    const specs = readdirSync(folder).filter((name) => name.endsWith('.spec.ts'));
    expect(specs.length).toBeGreaterThan(10);
    const strays = specs.filter((name) => /import\s*\{[^}]*\btest\b[^}]*\}\s*from\s*'@playwright\/test'/.test(readFileSync(folder + name, 'utf8')));
    expect(strays).toEqual([]);
  });
});
