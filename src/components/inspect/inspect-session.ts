/**
 * Lesson 6's shared state: the model being opened up (loaded on this page, with TF.js's
 * single-threaded wasm backend, as the drawing pad does) and the digit being followed
 * through it. Each view follows both and is called again when either changes (a view that depends on
 * the model alone, as the filters and the test-set scan, skips a new digit), each in a turn of
 * its own (turnQueue: a change is several short tasks, not one long one). A model that is
 * replaced is disposed only once every view has moved to the new one and no work that spans
 * several turns (a scan of the test set, tfjs-vis reading weights) still holds it.
 */
import type { MnistData } from '../../lib/data/mnist';
import { loadDigitModel, type LoadedDigitModel } from '../../lib/eval/digit-model-source';
import { registerWasmTrainingKernels } from '../../lib/kernels/register';
import type { Tfjs } from '../../lib/model/tfjs';
import { loadTfjs } from '../draw/tf-runtime';
import { turnQueue } from '../dom/turns';
import { chosenModel } from '../evaluation/chosen-model';

export interface OpenModel extends LoadedDigitModel {
  id: string;
  name: string;
}

export interface Digit {
  /** 784 values 0..1, white ink on black. */
  pixels: Float32Array;
  /** The true label, when it is known (test images). */
  label?: number;
  name: string;
}

type View = (model: OpenModel, digit: Digit) => void;

export interface InspectSession {
  tf: Tfjs;
  data: MnistData;
  model(): OpenModel;
  digit(): Digit;
  setDigit(digit: Digit): void;
  /**
   * Replaces the model (loading it); throws a sentence when it cannot be used, keeping the old
   * one. Resolves to null when a later open() was asked for before this one's model was read
   * (the later choice wins; this one's model is let go), or replaced it before every view had
   * moved to it.
   */
  open(id: string): Promise<OpenModel | null>;
  /**
   * Keeps `model` from being disposed until the returned release is called: for work that uses it
   * across turns. Releasing twice is harmless.
   */
  hold(model: OpenModel): () => void;
  /** `view` now and after every change of model or digit; a second call with the same key replaces the first. */
  follow(key: string, view: View): void;
}

export function testDigit(data: MnistData, index: number): Digit {
  return { pixels: Float32Array.from(data.image('test', index), (v) => v / 255), label: data.label('test', index), name: `test image ${index}` };
}

export async function openSession(data: MnistData, id: string): Promise<InspectSession> {
  const tf = await loadTfjs();
  // Saliency takes a gradient through the convolutions and poolings: the course's own wasm
  // gradient kernels (stock 4.22's MaxPoolGrad drops some gradients), with their plain JS loops.
  registerWasmTrainingKernels();
  const load = async (modelId: string): Promise<OpenModel> => {
    const chosen = await chosenModel(modelId);
    return { ...(await loadDigitModel(tf, chosen.source)), id: modelId, name: chosen.name };
  };
  let model = await load(id);
  let digit = testDigit(data, 0);
  const views = new Map<string, View>();
  const inTurns = turnQueue();
  // The latest redraw: a newer one drops the steps an older one has not run, so "every view has
  // moved on" is when the latest redraw, whichever it is by then, has run to the end.
  let drawing: Promise<void> = Promise.resolve();
  const redraw = (): Promise<void> => (drawing = inTurns([...views.values()].map((view) => () => view(model, digit))));
  const settled = async (): Promise<void> => {
    let seen: Promise<void>;
    do {
      seen = drawing;
      await seen;
    } while (seen !== drawing);
  };
  const holds = new Map<OpenModel, number>();
  const retired = new Set<OpenModel>();
  const retire = (old: OpenModel): void => {
    if ((holds.get(old) ?? 0) > 0) retired.add(old);
    else old.model.dispose();
  };
  let opening = 0;
  return {
    tf,
    data,
    model: () => model,
    digit: () => digit,
    setDigit(next) {
      digit = next;
      void redraw();
    },
    async open(modelId) {
      const mine = ++opening;
      const next = await load(modelId);
      if (mine !== opening) {
        next.model.dispose();
        return null;
      }
      const previous = model;
      model = next;
      void redraw();
      await settled();
      retire(previous);
      // A later open() may have put its model in place (and retired this one) while the views
      // moved over: the caller must not show this one after it.
      return model === next ? next : null;
    },
    hold(held) {
      holds.set(held, (holds.get(held) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (holds.get(held) ?? 1) - 1;
        if (left > 0) {
          holds.set(held, left);
          return;
        }
        holds.delete(held);
        if (retired.delete(held)) held.model.dispose();
      };
    },
    follow(key, view) {
      views.set(key, view);
      view(model, digit);
    },
  };
}

/**
 * Follows the model alone: `draw` runs for each new model, and a new digit is only noted on
 * `output` (`data-digit`, with `data-model` the model drawn), for views such as the filters and
 * the test-set scan, whose content no digit changes.
 */
export function followModel(session: InspectSession, key: string, output: HTMLElement, draw: (model: OpenModel) => void): void {
  let drawn: OpenModel | undefined;
  session.follow(key, (model, digit) => {
    output.dataset.digit = digit.name;
    if (model === drawn) return;
    drawn = model;
    output.dataset.model = model.id;
    draw(model);
  });
}
