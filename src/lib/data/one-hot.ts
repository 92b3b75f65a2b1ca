/**
 * Labels as a network's training targets. A label "7" is not a quantity (7 is not "more"
 * than 3), so it becomes ten numbers, all 0 but a 1 in place 7: one row per image, one
 * column per digit, the same layout as the ten scores the network outputs.
 */
import { DIGIT_CLASSES } from '../model/config';

/** `labels.length` rows of `classes` numbers, row by row: 1 at the label's place, 0 elsewhere. */
export function oneHot(labels: ArrayLike<number>, classes = DIGIT_CLASSES): Float32Array {
  const rows = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`Label ${i} is ${label}: expected a whole number from 0 to ${classes - 1}`);
    }
    rows[i * classes + label] = 1;
  }
  return rows;
}

/** The shape of a set of `count` 28×28 grey images as the network reads them: [count, 28, 28, 1]. */
export function imageTensorShape(count: number, rows: number, cols: number): [number, number, number, number] {
  // The last axis is the channel: 1 for grey; a colour photo would have 3 (red, green, blue).
  return [count, rows, cols, 1];
}
