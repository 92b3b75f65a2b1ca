/**
 * A BatchMatMul gradient for the wasm backend that never asks for a
 * transposed product. The stock gradient computes dA = dY·Bᵀ and dB = Aᵀ·dY
 * with matMul's transpose flags; the wasm backend's fast (XNNPACK) path only
 * takes untransposed operands and falls back to a scalar loop otherwise. In
 * the light CNN that made the dense layer's backward pass 190 of a 341 ms step
 * (scripts/profile-recipe.ts light). Transposing the operand first is a cheap
 * copy, and the product then runs on the fast path.
 *
 * On other backends the stock gradient runs unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { overrideGradient, restoreGradient, stockGradient, type GradConfig } from './gradient-override';

/** Swaps the last two axes (a batched matrix transpose). */
function transposeLast2(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, axis) => axis);
  const last = perm.length - 1;
  [perm[last - 1], perm[last]] = [perm[last]!, perm[last - 1]!];
  return tf.transpose(x, perm);
}

const product = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b, false, false);

export const untransposedMatMulGradient: GradConfig = {
  kernelName: tf.BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const stock = stockGradient(tf.BatchMatMul);
    if (tf.getBackend() !== 'wasm' && stock) return stock.gradFunc(dy, saved, attrs);
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const grad = dy as tf.Tensor;
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    if (!transposeA && !transposeB) return { a: () => product(grad, transposeLast2(b)), b: () => product(transposeLast2(a), grad) };
    if (!transposeA && transposeB) return { a: () => product(grad, b), b: () => product(transposeLast2(grad), a) };
    if (transposeA && !transposeB) return { a: () => product(b, transposeLast2(grad)), b: () => product(a, grad) };
    return { a: () => product(transposeLast2(b), transposeLast2(grad)), b: () => product(transposeLast2(grad), transposeLast2(a)) };
  },
};

export function registerUntransposedMatMulGradient(): void {
  overrideGradient(untransposedMatMulGradient);
}

export function restoreStockMatMulGradient(): void {
  restoreGradient(tf.BatchMatMul);
}
