/**
 * The gradient replacements that make training faster on the CPU path, in one
 * call: batch norm without Tile (every backend) and matrix products without
 * transposed operands (wasm only). Both give the stock gradients' numbers.
 */
import { registerFastBatchNormGradient } from './batch-norm-gradient';
import { registerUntransposedMatMulGradient } from './matmul-gradient';

export function registerFastGradients(): void {
  registerFastBatchNormGradient();
  registerUntransposedMatMulGradient();
}
