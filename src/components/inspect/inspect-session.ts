/**
 * Lesson 6's shared state: the model being opened up (loaded on this page, with TF.js's
 * single-threaded wasm backend, as the drawing pad does) and the digit being followed
 * through it. Each view follows both and draws again when either changes, each in a turn of
 * its own (turnQueue: a change is several short tasks, not one long one); a model that is
 * replaced is disposed after every view has moved to the new one.
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
  /** Replaces the model (loading it); throws a sentence when it cannot be used, keeping the old one. */
  open(id: string): Promise<OpenModel>;
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
  const redraw = () => inTurns([...views.values()].map((view) => () => view(model, digit)));
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
      const next = await load(modelId);
      const previous = model;
      model = next;
      await redraw();
      previous.model.dispose();
      return next;
    },
    follow(key, view) {
      views.set(key, view);
      view(model, digit);
    },
  };
}
