/**
 * Tensors are memory TF.js never frees by itself: a test file registers what it makes here,
 * and after its last test everything is disposed and the tensor count must be back where
 * it was when the file started.
 */
import { afterAll, expect } from 'vitest';
import type { Tfjs } from '../../../src/lib/model/tfjs';

export function disposedAfterAll(tf: Tfjs): <T extends { dispose(): unknown }>(made: T) => T {
  const tensorsBefore = tf.memory().numTensors;
  const made: { dispose(): unknown }[] = [];
  afterAll(() => {
    for (const thing of made) thing.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
  return (thing) => {
    made.push(thing);
    return thing;
  };
}
