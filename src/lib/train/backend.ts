/**
 * Choosing where the tensors run. On a machine with a real GPU, WebGL (or
 * WebGPU) wins; on a school Chromebook with a software rasteriser, the wasm
 * backend with our gradient kernels is many times faster. A fixed order of
 * preference guesses wrong on one of the two, so `auto` measures a few
 * training steps on each candidate and keeps the fastest.
 */
import type { Tfjs } from '../model/tfjs';

export type BackendName = 'wasm' | 'webgl' | 'webgpu' | 'cpu';
export type BackendChoice = BackendName | 'auto';

export const AUTO_CANDIDATES: readonly BackendName[] = ['wasm', 'webgl'];

export interface BackendMeasurement {
  backend: BackendName;
  /** Training images per second in the probe; undefined when the backend failed or was not timed. */
  imagesPerSecond?: number;
  error?: string;
  /** Steps the probe timed, within its time budget. */
  steps?: number;
}

/** A probe that is needed stops after this long (or PROBE_STEPS steps, whichever comes first). */
export const PROBE_BUDGET_MS = 1500;

/**
 * WebGL drawn by the CPU (Chrome's SwiftShader, Mesa's llvmpipe/softpipe, Windows' basic
 * renderer) trains tens of times slower than wasm: known without timing it.
 */
export function isSoftwareRenderer(renderer: string | null | undefined): boolean {
  return renderer !== null && renderer !== undefined && /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}

/**
 * The candidates "auto" should time, given the WebGL renderer's name (null when there is no
 * WebGL): a software rasteriser is dropped with the reason, not probed for seconds.
 */
export function autoCandidates(renderer: string | null): { candidates: BackendName[]; skipped: BackendMeasurement[] } {
  if (renderer === null) return { candidates: ['wasm'], skipped: [{ backend: 'webgl', error: 'no WebGL in this browser' }] };
  if (isSoftwareRenderer(renderer)) {
    return { candidates: ['wasm'], skipped: [{ backend: 'webgl', error: `not timed: its renderer is a software rasteriser (${renderer}), far slower than wasm` }] };
  }
  return { candidates: [...AUTO_CANDIDATES], skipped: [] };
}

export interface BackendPick {
  backend: BackendName;
  measurements: BackendMeasurement[];
}

/** Switches TF.js to `name`; false when this browser cannot run it (no WebGL, no wasm, …). */
export async function switchBackend(tf: Tfjs, name: BackendName): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/**
 * Measures each candidate with `probe` (which trains a few steps on the
 * current backend and returns images per second) and switches to the fastest.
 * A backend that fails to start or throws in the probe is skipped, not fatal.
 */
export async function pickFastestBackend(
  tf: Tfjs,
  candidates: readonly BackendName[],
  probe: () => Promise<number>,
): Promise<BackendPick> {
  const measurements: BackendMeasurement[] = [];
  for (const backend of candidates) {
    if (!(await switchBackend(tf, backend))) {
      measurements.push({ backend, error: 'not available in this browser' });
      continue;
    }
    try {
      const imagesPerSecond = await probe();
      measurements.push(Number.isFinite(imagesPerSecond) && imagesPerSecond > 0 ? { backend, imagesPerSecond } : { backend, error: 'the probe measured nothing' });
    } catch (error) {
      measurements.push({ backend, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const best = fastest(measurements);
  if (!best) throw new Error(`No backend could train here: ${measurements.map((m) => `${m.backend} (${m.error})`).join(', ')}.`);
  if (tf.getBackend() !== best) await switchBackend(tf, best);
  return { backend: best, measurements };
}

export function fastest(measurements: readonly BackendMeasurement[]): BackendName | undefined {
  let best: BackendMeasurement | undefined;
  for (const m of measurements) {
    if (m.imagesPerSecond !== undefined && (!best || m.imagesPerSecond > (best.imagesPerSecond ?? 0))) best = m;
  }
  return best?.backend;
}
