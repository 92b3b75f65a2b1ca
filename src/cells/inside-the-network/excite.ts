import { digitCanvas } from '../../components/dom/digits';
import { textElement } from '../../components/dom/elements';
import { followModel, type InspectSession } from '../../components/inspect/inspect-session';
import { divergingCanvas } from '../../components/inspect/paint';
import type { CellRunner } from '../../components/notebook/types';
import { firstConvModel, strongestResponses, topIndices } from '../../lib/inspect/excite';
import { modelKernels } from '../../lib/inspect/filters';
import { nextTurn } from '../../components/dom/turns';

const FILTERS = 6;
const IMAGES_EACH = 6;
/** Images per call of the first layer: small enough that one call stays well under a frame's budget, on a busy machine too. */
const SLICE = 10;
/** Calls go on in one task until this much time has passed, then the page gets the thread back. */
const TASK_MS = 12;

/** For a few first-layer filters, the test images that excite each most. */
export const run: CellRunner = async ({ output, input, status }) => {
  const session = input<InspectSession>('model');
  let generation = 0;
  let finished: Promise<void> = Promise.resolve();
  // What excites a filter depends on the model alone: a new digit keeps the scan (redoing it
  // was a thousand calls of the layer, and tasks over 50 ms, for every digit followed).
  followModel(session, 'excite', output, (model) => {
    const mine = ++generation;
    const probe = firstConvModel(session.tf, model.model);
    if (!probe) {
      const sentence = textElement('p', `“${model.name}” has no convolution layer, so there are no filters to ask; each of its first dense units looks at all 784 pixels at once.`);
      sentence.dataset.testid = 'no-convolution';
      output.replaceChildren(sentence);
      return;
    }
    const kernels = modelKernels(model.model)[0]!;
    const filters = Math.min(FILTERS, kernels.outChannels);
    const progress = textElement('p', 'Running the first layer over the 10,000 test images…');
    progress.setAttribute('aria-live', 'polite');
    output.replaceChildren(progress);
    const { test } = session.data;
    const scores = Array.from({ length: filters }, () => new Float32Array(test.count));
    // The scan spans a thousand turns: the model is held so a newer choice cannot dispose it mid-scan.
    const release = session.hold(model);
    finished = (async () => {
      let start = 0;
      while (start < test.count) {
        // The view itself only sets up; every call of the layer runs in a turn of the scan's own.
        await nextTurn();
        if (mine !== generation) return;
        const until = performance.now() + TASK_MS;
        do {
          const end = Math.min(test.count, start + SLICE);
          const responses = strongestResponses(session.tf, probe, model.spec, model.pixelScale, test.pixels, start, end);
          for (let i = 0; i < end - start; i++) for (let f = 0; f < filters; f++) scores[f]![start + i] = responses[i * kernels.outChannels + f]!;
          start = end;
        } while (start < test.count && performance.now() < until);
        progress.textContent = `Running the first layer over the test images: ${start.toLocaleString('en')} of ${test.count.toLocaleString('en')}`;
      }
      await nextTurn();
      if (mine !== generation) return;
      const rows = scores.map((filterScores, f) => {
        const row = document.createElement('div');
        row.className = 'layer-block';
        row.dataset.testid = 'exciting-images';
        const kernel = divergingCanvas(kernels.kernel(f, 0), kernels.size[1], kernels.size[0], kernels.maxAbs, `Filter ${f + 1} of ${kernels.layerName}`);
        const grid = document.createElement('div');
        grid.className = 'filter-grid';
        grid.append(kernel, ...topIndices(filterScores, IMAGES_EACH).map((index) => {
          const canvas = digitCanvas(test.pixels.subarray(index * 784, (index + 1) * 784), 'digit');
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', `Test image ${index}, a ${test.labels[index]}`);
          return canvas;
        }));
        row.append(textElement('h4', `Filter ${f + 1}: its kernel, then the ${IMAGES_EACH} test images it responds to most`), grid);
        return row;
      });
      output.replaceChildren(...rows);
    })()
      .catch((error: unknown) => {
        if (mine === generation) output.replaceChildren(textElement('p', `The scan stopped: ${error instanceof Error ? error.message : String(error)}`));
      })
      .finally(release);
  });
  status('Scanning the test set…');
  await finished;
  return undefined;
};
