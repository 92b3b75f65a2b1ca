/**
 * tfjs-vis, loaded on demand. It is large (about 1.7 MB of JavaScript with Vega), so no page
 * imports it statically: the pages that draw its charts (training curves, evaluation, the model
 * views) call `loadTfvis()` when a chart is about to be shown, or `preloadTfvis()` when the
 * browser is idle before that, and every other page never downloads it. Vega evaluates code at
 * run time, so these pages need `'unsafe-eval'` under a Content-Security-Policy (see the
 * README's hosting section).
 *
 * Its modules are evaluated in two tasks, Vega first and then tfjs-vis with the rest: together
 * they were one long task of the page.
 */
import { nextTurn } from '../dom/turns';

export type Tfvis = typeof import('@tensorflow/tfjs-vis');

let loading: Promise<Tfvis> | undefined;

export function loadTfvis(): Promise<Tfvis> {
  loading ??= (async () => {
    await import('vega'); // the copy tfjs-vis draws with
    await nextTurn();
    return import('@tensorflow/tfjs-vis');
  })().catch((error: unknown) => {
    loading = undefined; // a failed download (offline, say) can be tried again
    throw error;
  });
  return loading;
}

/** Starts loading tfjs-vis when the browser has nothing else to do (a failure waits for loadTfvis to say it). */
export function preloadTfvis(): void {
  const start = () => void loadTfvis().catch(() => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 3000 });
  else setTimeout(start, 500);
}

/**
 * `tfvis.show.layer`, without its leak: it computes each weight's min, max and zero count as
 * tensors and never disposes them (24 tensors for the shipped model at each draw). It makes
 * them, and reads their values, synchronously before its first await, so a tidy around the call
 * frees them; the weights themselves are variables, which a tidy leaves alone.
 */
export function showLayer(tf: Pick<typeof import('@tensorflow/tfjs'), 'tidy'>, tfvis: Tfvis, container: HTMLElement, layer: import('@tensorflow/tfjs').layers.Layer): Promise<void> {
  let drawn: Promise<void> = Promise.resolve();
  tf.tidy(() => {
    drawn = tfvis.show.layer(container, layer);
  });
  return drawn;
}
