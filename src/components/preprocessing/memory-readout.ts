/**
 * A live readout of tf.memory() (tensors alive, bytes they hold) shown beside lesson 2's
 * cells that make tensors. Every readout on the page is refreshed a few times a second while
 * it is in the document, and at once whenever a cell calls refreshMemoryReadouts().
 */
import { formatBytes, formatCount } from '../../lib/site/format';
import type { Tfjs } from '../../lib/model/tfjs';

const REFRESH_MS = 250;
const readouts = new Set<{ element: HTMLElement; tf: Tfjs; placed: boolean }>();
let timer: ReturnType<typeof setInterval> | undefined;

export function memoryReadout(tf: Tfjs): HTMLElement {
  const element = document.createElement('p');
  element.className = 'tensor-memory';
  element.dataset.testid = 'tensor-memory';
  readouts.add({ element, tf, placed: false });
  timer ??= setInterval(refreshMemoryReadouts, REFRESH_MS);
  show(element, tf);
  return element;
}

export function refreshMemoryReadouts(): void {
  for (const readout of readouts) {
    // A readout taken off the page (the cell ran again) is dropped; one not yet placed is kept.
    if (readout.element.isConnected) readout.placed = true;
    else if (readout.placed) readouts.delete(readout);
    show(readout.element, readout.tf);
  }
  if (readouts.size === 0 && timer !== undefined) {
    clearInterval(timer);
    timer = undefined;
  }
}

function show(element: HTMLElement, tf: Tfjs): void {
  const { numTensors, numBytes } = tf.memory();
  if (element.dataset.tensors === String(numTensors) && element.dataset.bytes === String(numBytes)) return;
  element.dataset.tensors = String(numTensors);
  element.dataset.bytes = String(numBytes);
  element.replaceChildren(
    'tf.memory() now: ',
    strong(`${formatCount(numTensors)} ${numTensors === 1 ? 'tensor' : 'tensors'}`),
    ' alive, holding ',
    strong(formatBytes(numBytes)),
    ` (${tf.getBackend()} backend)`,
  );
}

function strong(text: string): HTMLElement {
  const element = document.createElement('strong');
  element.textContent = text;
  return element;
}
