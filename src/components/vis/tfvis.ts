/**
 * tfjs-vis, loaded on demand. It is large (about 1.7 MB of JavaScript with Vega), so no page
 * imports it statically: the pages that draw its charts (training curves, evaluation, the model
 * views) call `loadTfvis()` when a chart is about to be shown, and every other page never
 * downloads it. Vega evaluates code at run time, so these pages need `'unsafe-eval'` under a
 * Content-Security-Policy (see the README's hosting section).
 */
export type Tfvis = typeof import('@tensorflow/tfjs-vis');

let loading: Promise<Tfvis> | undefined;

export function loadTfvis(): Promise<Tfvis> {
  loading ??= import('@tensorflow/tfjs-vis').catch((error: unknown) => {
    loading = undefined; // a failed download (offline, say) can be tried again
    throw error;
  });
  return loading;
}
