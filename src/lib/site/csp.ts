/**
 * The site's Content-Security-Policy, one place for the <meta> tag every page carries
 * (src/layouts/BaseLayout.astro), the build step that checks the built pages against it
 * (scripts/astro-csp.ts) and the headers the README gives for hosts that set them.
 *
 * - scripts only from the site itself, plus `blob:` for the code cells, which run each cell as a
 *   module the page made itself (src/lib/notebook/code/run-cell.ts), and `'wasm-unsafe-eval'`
 *   for TF.js's WebAssembly backend;
 * - `'unsafe-eval'` only on the pages that draw tfjs-vis charts (Vega compiles its expressions
 *   at run time): a lesson says so with `tfjsVis: true` in its front matter, and `npm run check`
 *   holds it to that;
 * - workers from the site, and `blob:` for the wasm backend's threads (Emscripten starts them
 *   from a blob);
 * - styles from the site and inline: Observable Plot puts a <style> in each figure and tfjs-vis
 *   inserts styles at run time;
 * - no inline scripts unless their hash is in the policy (the build adds it), no inline event
 *   handlers (the build fails on one), nothing fetched from another host.
 */
export interface CspOptions {
  /** The page draws tfjs-vis (Vega) charts. */
  tfjsVis?: boolean;
  /** 'sha256-…' sources for inline scripts the build found. */
  scriptHashes?: readonly string[];
}

export function contentSecurityPolicy({ tfjsVis = false, scriptHashes = [] }: CspOptions = {}): string {
  const script = ["'self'", 'blob:', "'wasm-unsafe-eval'", ...(tfjsVis ? ["'unsafe-eval'"] : []), ...scriptHashes.map((hash) => `'${hash}'`)];
  return [
    "default-src 'self'",
    `script-src ${script.join(' ')}`,
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

export interface CheckedPage {
  html: string;
  problems: string[];
  /** Inline scripts found (and hashed into the policy). */
  inlineScripts: number;
}

const META = /<meta http-equiv="content-security-policy" content="([^"]*)"\s*\/?>/i;

/**
 * A built page against its policy: inline scripts get their hash added to the page's meta
 * policy; a missing policy, a script before it, an inline event handler or a `javascript:` URL is
 * a problem. `sha256` is passed in (Node's crypto at build time), so this stays pure.
 */
export function applyCspToPage(html: string, sha256Base64: (text: string) => string): CheckedPage {
  const problems: string[] = [];
  const meta = META.exec(html);
  if (!meta) return { html, problems: ['has no Content-Security-Policy <meta> tag (BaseLayout.astro puts one on every page).'], inlineScripts: 0 };
  const firstScript = html.search(/<script\b/i);
  if (firstScript >= 0 && firstScript < meta.index) problems.push('has a <script> before its Content-Security-Policy <meta> tag, which the policy would not cover.');
  for (const handler of html.matchAll(/<[a-z][^>]*?\s(on[a-z]+)\s*=/gi)) problems.push(`has an inline event handler (${handler[1]}=…), which the policy refuses; add the listener in a script instead.`);
  if (/\shref\s*=\s*["']?\s*javascript:/i.test(html)) problems.push('has a javascript: link, which the policy refuses.');

  const hashes: string[] = [];
  for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = script[1]!;
    if (/\ssrc\s*=/.test(attributes) || /type\s*=\s*["']?application\/(ld\+)?json/i.test(attributes)) continue;
    hashes.push(`sha256-${sha256Base64(script[2]!)}`);
  }
  if (hashes.length === 0) return { html, problems, inlineScripts: 0 };
  const policy = meta[1]!.replace(/script-src ([^;]*)/, (_all, sources: string) => `script-src ${sources} ${hashes.map((hash) => `'${hash}'`).join(' ')}`);
  const rewritten = html.slice(0, meta.index) + meta[0].replace(meta[1]!, policy) + html.slice(meta.index + meta[0].length);
  return { html: rewritten, problems, inlineScripts: hashes.length };
}
