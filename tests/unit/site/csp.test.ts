import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyCspToPage, contentSecurityPolicy } from '../../../src/lib/site/csp';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');
const page = (head: string, body = '') => `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="content-security-policy" content="${contentSecurityPolicy()}">${head}</head><body>${body}</body></html>`;

describe('the Content-Security-Policy', () => {
  it("allows 'unsafe-eval' only on a tfjs-vis page, and never inline scripts or other hosts", () => {
    const strict = contentSecurityPolicy();
    const vis = contentSecurityPolicy({ tfjsVis: true });
    expect(strict).toContain("script-src 'self' blob: 'wasm-unsafe-eval'");
    expect(strict).not.toContain("'unsafe-eval'");
    expect(vis).toContain("'unsafe-eval'");
    for (const policy of [strict, vis]) {
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(policy).not.toMatch(/https?:|\*/);
      expect(policy).toContain("connect-src 'self'");
      expect(policy).toContain("object-src 'none'");
    }
  });

  it('hashes an inline script into the page policy and leaves external scripts alone', () => {
    const inline = 'console.log("hi")';
    const checked = applyCspToPage(page(`<script type="module" src="/_astro/a.js"></script><script>${inline}</script>`), sha256);
    expect(checked.problems).toEqual([]);
    expect(checked.inlineScripts).toBe(1);
    expect(checked.html).toContain(`'sha256-${sha256(inline)}'`);
    const untouched = applyCspToPage(page('<script type="module" src="/_astro/a.js"></script>'), sha256);
    expect(untouched).toEqual({ html: page('<script type="module" src="/_astro/a.js"></script>'), problems: [], inlineScripts: 0 });
  });

  it('fails a page with no policy, an inline handler, a javascript: link or a script before the policy', () => {
    expect(applyCspToPage('<html><head></head></html>', sha256).problems[0]).toMatch(/has no Content-Security-Policy <meta> tag/);
    expect(applyCspToPage(page('', '<button onclick="go()">Go</button>'), sha256).problems).toEqual([
      'has an inline event handler (onclick=…), which the policy refuses; add the listener in a script instead.',
    ]);
    expect(applyCspToPage(page('', '<a href="javascript:go()">Go</a>'), sha256).problems).toEqual(['has a javascript: link, which the policy refuses.']);
    const early = page('').replace('<meta charset="utf-8">', '<meta charset="utf-8"><script src="/x.js"></script>');
    expect(applyCspToPage(early, sha256).problems[0]).toMatch(/before its Content-Security-Policy/);
  });
});
