/**
 * One run of one code cell on the page: compile, load what it uses, run it under the loop
 * guard, put what it shows in its output, and say how it ended — done, an error on line n,
 * stopped — and how many tensors it left behind.
 */
import { createLoopGuard, CellStopped, type LoopGuard } from '../../lib/notebook/code/loop-guard';
import { runCompiledCell, type CellError } from '../../lib/notebook/code/run-cell';
import type { CompiledCell } from '../../lib/notebook/code/transpile';
import type { Tfjs } from '../../lib/model/tfjs';
import { formatBytes } from '../../lib/site/format';
import { libraryFor, type CellIo } from './library';
import { renderShown } from './show-dom';

export type RunOutcome =
  | { state: 'done'; compiled: CompiledCell; defined: Map<string, unknown>; assigned: Map<string, unknown> }
  | { state: 'error' | 'stopped'; error: CellError };

export interface RunRequest {
  cellId: string;
  code: string;
  output: HTMLElement;
  visible: ReadonlyMap<string, unknown>;
  status(message: string): void;
  /** Called once the run can be stopped, with the function that stops it. */
  onStoppable(stop: () => void): void;
}

let runCount = 0;
let lastHeartbeat = 0;
let heartbeatTimer: ReturnType<typeof setInterval> | undefined;
let activeRuns = 0;

/** A timer that cannot fire while a loop hogs the page: the guard reads how long ago it last did. */
function startHeartbeat(): void {
  lastHeartbeat = performance.now();
  activeRuns++;
  heartbeatTimer ??= setInterval(() => {
    lastHeartbeat = performance.now();
  }, 100);
}

function stopHeartbeat(): void {
  if (--activeRuns > 0 || heartbeatTimer === undefined) return;
  clearInterval(heartbeatTimer);
  heartbeatTimer = undefined;
}

export async function runCodeCell(request: RunRequest): Promise<RunOutcome> {
  const { output } = request;
  // The transpiler (sucrase) loads at the first run, not with the editors.
  const { compileCell } = await import('../../lib/notebook/code/transpile');
  const compiled = compileCell(request.code);
  if (!compiled.ok) return { state: 'error', error: { name: 'SyntaxError', message: compiled.message, ...(compiled.line ? { line: compiled.line } : {}) } };

  const io: CellIo = {
    show: (value, label) => output.append(renderShown(value, label)),
    print: (...values) => output.append(printLine(values)),
    scratch: () => output.appendChild(document.createElement('div')),
    status: request.status,
  };
  let tf: Tfjs | undefined;
  let stopRun: (error: CellError) => void = () => {};
  const stopped = new Promise<{ ok: false; error: CellError; thrown: unknown }>((resolve) => {
    stopRun = (error) => resolve({ ok: false, error, thrown: undefined });
  });
  let loop: LoopGuard | undefined;
  request.onStoppable(() => {
    loop?.requestStop();
    stopRun({ name: 'CellStopped', message: 'Stopped: you pressed Stop.' });
  });

  startHeartbeat();
  const created = new Set<{ isDisposed: boolean; size: number; dtype: string; dispose(): void }>();
  let untrack = () => {};
  try {
    const loaded = await Promise.race([libraryFor(compiled.uses, io).then((library) => ({ library })), stopped]);
    if (!('library' in loaded)) return { state: 'stopped', error: loaded.error };
    const { library } = loaded;
    tf = library.tf as Tfjs | undefined;
    if (tf) untrack = trackTensors(tf, created);
    loop = createLoopGuard({
      now: () => performance.now(),
      lastHeartbeat: () => lastHeartbeat,
      tensorBytes: tf ? () => tf!.memory().numBytes : undefined,
      heap: heapUse,
      pageHidden: () => document.visibilityState === 'hidden',
    });
    request.status('Running…');
    const result = await Promise.race([
      runCompiledCell({ runName: `code-cell-${request.cellId}-${++runCount}`, compiled, visible: request.visible, library, guard: loop.guard }),
      stopped,
    ]);
    if (result.ok) return { state: 'done', compiled, defined: result.defined, assigned: result.assigned };
    const wasStopped = result.error.name === 'CellStopped' || ('thrown' in result && result.thrown instanceof CellStopped);
    return { state: wasStopped ? 'stopped' : 'error', error: result.error };
  } catch (error) {
    return { state: 'error', error: { name: 'Error', message: error instanceof Error ? error.message : String(error) } };
  } finally {
    stopHeartbeat();
    untrack();
    reportLeftTensors(request.cellId, output, created);
  }
}

/** Notes every tensor TF.js makes while the run is on (including the weights of a model it builds). */
function trackTensors(tf: Tfjs, created: Set<{ isDisposed: boolean; size: number; dtype: string; dispose(): void }>): () => void {
  const engine = tf.engine() as unknown as { trackTensor(tensor: unknown, backend: unknown): void };
  const original = engine.trackTensor;
  engine.trackTensor = function (this: unknown, tensor, backend) {
    created.add(tensor as never);
    return original.call(this, tensor, backend);
  };
  return () => {
    engine.trackTensor = original;
  };
}

function reportLeftTensors(cellId: string, output: HTMLElement, created: Set<{ isDisposed: boolean; size: number; dtype: string; dispose(): void }>): void {
  const left = [...created].filter((tensor) => !tensor.isDisposed);
  if (left.length === 0) return;
  const bytes = left.reduce((sum, tensor) => sum + tensor.size * (tensor.dtype === 'int32' || tensor.dtype === 'float32' ? 4 : 1), 0);
  const note = document.createElement('p');
  note.className = 'code-tensors';
  note.dataset.testid = `code-tensors-${cellId}`;
  note.dataset.tensorsLeft = String(left.length);
  note.textContent = `This cell left ${left.length} tensor${left.length === 1 ? '' : 's'} (${formatBytes(bytes)}) in memory: what its variables hold, a model’s weights included. `;
  const free = document.createElement('button');
  free.type = 'button';
  free.textContent = 'Free them';
  free.addEventListener('click', () => {
    for (const tensor of left) if (!tensor.isDisposed) tensor.dispose();
    note.dataset.tensorsLeft = '0';
    note.textContent = `Freed ${left.length} tensor${left.length === 1 ? '' : 's'}: the variables that held them no longer work until the cell runs again.`;
  });
  note.append(free);
  output.append(note);
}

function heapUse(): { used: number; limit: number } | undefined {
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number; jsHeapSizeLimit: number } }).memory;
  return memory ? { used: memory.usedJSHeapSize, limit: memory.jsHeapSizeLimit } : undefined;
}

function printLine(values: unknown[]): HTMLElement {
  const line = document.createElement('pre');
  line.className = 'shown-text printed';
  line.textContent = values.map((value) => (typeof value === 'string' ? value : renderText(value))).join(' ');
  return line;
}

function renderText(value: unknown): string {
  if (typeof value === 'number') return String(Number.isInteger(value) ? value : Number(value.toFixed(4)));
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
