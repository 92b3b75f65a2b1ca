/**
 * The TensorFlow.js namespace, passed in rather than imported: the page, the training
 * worker and Node tests each load their own copy with their own backend, and a module that
 * imported '@tensorflow/tfjs' itself could end up talking to a different engine.
 */
export type Tfjs = typeof import('@tensorflow/tfjs');
