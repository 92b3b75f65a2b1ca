/**
 * One seed a student can type ("seed 42") stands for many: a layer's initial weights, the
 * validation split, each epoch's shuffle, the augmentation. Drawing them in a fixed order
 * from one generator gives each its own stream, and the same run for the same seed.
 */
import { mulberry32 } from '../data/random';

/** Successive 32-bit seeds derived from `seed`. */
export function seedSequence(seed: number): () => number {
  const rng = mulberry32(seed);
  return () => Math.floor(rng() * 2 ** 32);
}
