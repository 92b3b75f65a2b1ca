/**
 * Seeded randomness, so a lesson's "shuffle with seed 42" gives every student the same
 * split and the same batches — and a result can be reproduced by rerunning a cell.
 */

/** A source of uniform numbers in [0, 1), like Math.random but repeatable. */
export type Rng = () => number;

/**
 * mulberry32 (Tommy Ettinger, public domain): 32 bits of state, fast, and good enough
 * for shuffling; not for cryptography.
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Anything with a length and numbered slots: a plain array or any typed array. */
export interface IndexedSlots<T> {
  length: number;
  [index: number]: T;
}

/** Fisher–Yates: every ordering is equally likely, in one pass, without extra memory. */
export function shuffleInPlace<T>(array: IndexedSlots<T>, rng: Rng): void {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const held = array[i] as T;
    array[i] = array[j] as T;
    array[j] = held;
  }
}
