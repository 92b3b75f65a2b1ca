/**
 * TF.js carries a Node-only code path that imports `node-fetch`. Builds drop
 * it, but `astro dev` pre-bundles it, and node-fetch's own imports
 * (whatwg-url) break the page and the training worker. Browsers have fetch:
 * astro.config.mjs points `node-fetch` here.
 */
export default globalThis.fetch;
export const { Headers, Request, Response } = globalThis;
