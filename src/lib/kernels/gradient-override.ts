/**
 * Replacing one of TF.js's registered gradients, and putting the stock one
 * back. Gradients are global (every backend uses them), so each replacement
 * must give the stock gradient's numbers; tests/unit/kernels compares them.
 */
import * as tf from '@tensorflow/tfjs';

export type GradConfig = NonNullable<ReturnType<typeof tf.getGradient>>;

const stockGradients = new Map<string, GradConfig>();

/** Installs `config` for its kernel (idempotent), remembering the stock gradient first. */
export function overrideGradient(config: GradConfig): void {
  const current = tf.getGradient(config.kernelName);
  if (current === config) return;
  if (current && !stockGradients.has(config.kernelName)) stockGradients.set(config.kernelName, current);
  quietly(() => tf.registerGradient(config));
}

export function restoreGradient(kernelName: string): void {
  const stock = stockGradients.get(kernelName);
  if (stock) quietly(() => tf.registerGradient(stock));
}

/** The gradient TF.js shipped for `kernelName`, whether or not it is replaced now. */
export function stockGradient(kernelName: string): GradConfig | undefined {
  return stockGradients.get(kernelName) ?? tf.getGradient(kernelName);
}

/** TF.js warns about replacing a gradient when its DEBUG flag is on; here we mean to. */
function quietly(register: () => void): void {
  const warn = console.warn;
  console.warn = () => {};
  try {
    register();
  } finally {
    console.warn = warn;
  }
}
