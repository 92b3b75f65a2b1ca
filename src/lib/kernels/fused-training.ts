/**
 * A Sequential model's training forward pass with each Conv2D and Dense layer
 * (and its bias and ReLU) as one op with its own gradient, on the 'wasm' backend.
 *
 * TF.js fuses bias and ReLU into the convolution only outside of gradient
 * recording (tfjs-core's shouldFuse), so while training a conv layer is three
 * ops forward (Conv2D, Add, Relu) and six back (Cast, Step, Multiply for the
 * ReLU, Sum for the bias, then the two convolution gradients): four extra
 * passes over the largest tensors of the step. Here a conv layer is one kernel
 * forward (CONV2D_FORWARD: our SIMD conv, bias and ReLU in the same pass, on
 * our threads) and, back, one pass of RELU_BIAS_GRAD (the ReLU's mask and the
 * bias's sum together) before the two convolution gradients. The input's
 * gradient is not computed for the first layer (the images need none).
 *
 * A max pool right after a conv with a ReLU, whose windows tile its input (2×2, stride 2,
 * 'valid': every preset's), joins the conv's op: forward, our pool (MAX_POOL); back, one
 * pass of MAX_POOL_RELU_BIAS_GRAD writes the gradient through pool and ReLU and sums the
 * bias's, where TF.js's MaxPoolGrad zero-fills, scatters, and RELU_BIAS_GRAD reads it all again.
 *
 * Batch norm (and a ReLU right after it) is one op too: moments, normalisation
 * and the closed-form gradient in our kernels, where TF.js composes about twenty ops.
 *
 * The weights are the layers' own variables, so the optimizer, checkpoints
 * and exported models see no difference; every other layer (pooling,
 * flatten, dropout, ...) runs its own `apply(x, { training: true })`.
 * Tests compare loss and gradients with model.apply's on random batches.
 */
import type { LayersModel, NamedAttrMap, Tensor } from '@tensorflow/tfjs';
import { layerChain } from '../model/layer-chain';
import type { Tfjs } from '../model/tfjs';
import { BATCH_NORM_FORWARD, BATCH_NORM_GRAD, BATCH_NORM_MOMENTS, BATCH_NORM_POOL_FORWARD, BATCH_NORM_POOL_GRAD, MOVING_AVERAGES, CONV2D_FORWARD, MAX_POOL, MAX_POOL_RELU_BIAS_GRAD, RELU_BIAS_GRAD } from './kernel-names';

type Layer = LayersModel['layers'][number];

/** The parts of tfjs-layers' Conv2D and Dense that the fused ops read (4.22 field names). */
interface WeightedLayer {
  kernel: { read(): Tensor };
  bias?: { read(): Tensor } | null;
  useBias: boolean;
  activation?: { getClassName(): string } | null;
}
interface ConvLayer extends WeightedLayer {
  strides: number[];
  padding: string;
  dataFormat: string;
  dilationRate: number | number[];
  rank: number;
}

interface BatchNormLayer {
  axis: number;
  epsilon: number;
  momentum: number;
  center: boolean;
  scale: boolean;
  gamma: { read(): Tensor };
  beta: { read(): Tensor };
  movingMean: { read(): Tensor; write(value: Tensor): void };
  movingVariance: { read(): Tensor; write(value: Tensor): void };
}

/** The parts of tfjs-layers' MaxPooling2D that the fused conv step reads. */
interface MaxPoolLayer {
  poolSize: [number, number];
  strides: [number, number];
  padding: string;
  dataFormat: string;
}

/** A max pool whose windows tile its input ('valid', stride = window), folded into the conv before it. */
interface TiledPool {
  filterSize: [number, number];
  strides: [number, number];
}

type Step =
  | { kind: 'conv'; layer: ConvLayer; strides: [number, number]; pad: 'same' | 'valid'; relu: boolean; pool?: TiledPool }
  | { kind: 'batchNorm'; layer: BatchNormLayer; relu: boolean; pool?: TiledPool; poolLayer?: Layer }
  | { kind: 'dense'; layer: WeightedLayer; relu: boolean }
  | { kind: 'layer'; layer: Layer };

const plans = new WeakMap<LayersModel, Step[] | null>();

/** Whether the fused ops can run now: the wasm backend with our kernels registered. */
export function fusedTrainingAvailable(tf: Tfjs): boolean {
  return tf.getBackend() === 'wasm' && tf.getKernel(RELU_BIAS_GRAD, 'wasm') !== undefined;
}

/** How many layers of `model` would run fused (0 when it is not a chain); tests and the bench read it. */
export function fusedLayerCount(model: LayersModel): number {
  return (planOf(model) ?? []).filter((step) => step.kind !== 'layer').length;
}

/**
 * The model's logits in training mode through the fused ops, or null when they cannot
 * run here (another backend, our kernels not registered, a model that is not a chain,
 * or no layer to fuse); the caller then uses model.apply.
 */
export function fusedTrainingLogits(tf: Tfjs, model: LayersModel, images: Tensor): Tensor | null {
  if (!fusedTrainingAvailable(tf)) return null;
  const plan = planOf(model);
  if (plan === null) return null;
  let x = images;
  plan.forEach((step, index) => {
    // The images need no gradient: the first layer skips its input's.
    const needsInputGradient = index > 0;
    if (step.kind === 'conv') x = fusedConv(tf, step, x, needsInputGradient);
    else if (step.kind === 'dense') x = fusedDense(tf, step, x);
    else if (step.kind === 'batchNorm') x = fusedBatchNorm(tf, step, x);
    else x = step.layer.apply(x, { training: true }) as Tensor;
  });
  return x;
}

function planOf(model: LayersModel): Step[] | null {
  if (plans.has(model)) return plans.get(model)!;
  const chain = layerChain(model);
  const plan = chain === null ? null : stepsFor(chain);
  const usable = plan !== null && plan.some((step) => step.kind !== 'layer') ? plan : null;
  plans.set(model, usable);
  return usable;
}

function activationOf(layer: WeightedLayer): 'relu' | 'linear' | null {
  const name = layer.activation?.getClassName() ?? 'linear';
  return name === 'relu' || name === 'linear' ? name : null;
}

/**
 * A batch norm and the ReLU right after it become one step, and so does a max pool after
 * them whose windows tile its input; so do a conv with a ReLU and such a max pool right after
 * it (the pool's gradient, the ReLU's and the bias's then take one pass: MAX_POOL_RELU_BIAS_GRAD).
 */
function stepsFor(chain: Layer[]): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < chain.length; i++) {
    const step = stepFor(chain[i]!);
    const next = chain[i + 1];
    const pool = step.kind === 'conv' && step.relu && next !== undefined ? tiledPoolOf(next) : null;
    if (step.kind === 'batchNorm' && next !== undefined && isPlainRelu(next)) {
      const after = chain[i + 2];
      const bnPool = after !== undefined ? tiledPoolOf(after) : null;
      steps.push(bnPool ? { ...step, relu: true, pool: bnPool, poolLayer: after } : { ...step, relu: true });
      i += bnPool ? 2 : 1;
    } else if (step.kind === 'conv' && pool !== null) {
      steps.push({ ...step, pool });
      i++;
    } else steps.push(step);
  }
  return steps;
}

/** A MaxPooling2D layer's pool when its windows tile the input: 'valid', stride = window, channels last. */
function tiledPoolOf(layer: Layer): TiledPool | null {
  if (layer.getClassName() !== 'MaxPooling2D') return null;
  const pool = layer as unknown as MaxPoolLayer;
  const [fh, fw] = pool.poolSize;
  const [sh, sw] = pool.strides;
  const tiles = pool.padding === 'valid' && pool.dataFormat === 'channelsLast' && fh === sh && fw === sw && fh! >= 1 && fw! >= 1;
  return tiles ? { filterSize: [fh!, fw!], strides: [sh!, sw!] } : null;
}

/** A ReLU layer (no cap, no slope, no threshold) or an Activation layer whose activation is relu. */
function isPlainRelu(layer: Layer): boolean {
  const fields = layer as unknown as { maxValue?: number | null; activation?: { getClassName(): string } | null };
  if (layer.getClassName() === 'ReLU') return fields.maxValue == null;
  return layer.getClassName() === 'Activation' && fields.activation?.getClassName() === 'relu';
}

function stepFor(layer: Layer): Step {
  if (layer.getClassName() === 'BatchNormalization') {
    const bn = layer as unknown as BatchNormLayer;
    const lastAxis = bn.axis === -1 || (layer.inputSpec?.[0]?.ndim !== undefined && bn.axis === layer.inputSpec[0].ndim - 1);
    return lastAxis && bn.center && bn.scale ? { kind: 'batchNorm', layer: bn, relu: false } : { kind: 'layer', layer };
  }
  const className = layer.getClassName();
  const weighted = layer as unknown as WeightedLayer;
  const activation = className === 'Conv2D' || className === 'Dense' ? activationOf(weighted) : null;
  if (activation === null) return { kind: 'layer', layer };
  if (className === 'Dense') return { kind: 'dense', layer: weighted, relu: activation === 'relu' };
  const conv = layer as unknown as ConvLayer;
  const dilations = Array.isArray(conv.dilationRate) ? conv.dilationRate : [conv.dilationRate, conv.dilationRate];
  const plain =
    conv.rank === 2 &&
    conv.dataFormat === 'channelsLast' &&
    dilations.every((d) => d === 1) &&
    (conv.padding === 'same' || conv.padding === 'valid') &&
    conv.strides.length === 2;
  if (!plain) return { kind: 'layer', layer };
  return { kind: 'conv', layer: conv, strides: [conv.strides[0]!, conv.strides[1]!], pad: conv.padding as 'same' | 'valid', relu: activation === 'relu' };
}

/** dz and db for a layer's output y and its gradient dy: through the ReLU when there is one. */
function reluAndBiasGradient(tf: Tfjs, dy: Tensor, y: Tensor, relu: boolean, hasBias: boolean): { dz: Tensor; db: Tensor | null } {
  if (relu) {
    const [dz, db] = tf.engine().runKernel(RELU_BIAS_GRAD, { y, dy }, {}) as Tensor[];
    return { dz: dz!, db: db! };
  }
  if (!hasBias) return { dz: dy, db: null };
  const channels = dy.shape.at(-1)!;
  return { dz: dy, db: tf.sum(tf.reshape(dy, [-1, channels]), 0) };
}

type Attrs = NamedAttrMap;

/** dz and db through a tiled max pool and the ReLU before it (y: the ReLU's output), in one kernel. */
function poolReluAndBiasGradient(tf: Tfjs, dy: Tensor, y: Tensor, poolAttrs: Attrs, hasBias: boolean): { dz: Tensor; db: Tensor | null } {
  const [dz, db] = tf.engine().runKernel(MAX_POOL_RELU_BIAS_GRAD, { y, dy }, poolAttrs) as Tensor[];
  if (hasBias) return { dz: dz!, db: db! };
  db!.dispose();
  return { dz: dz!, db: null };
}

function fusedConv(tf: Tfjs, step: Extract<Step, { kind: 'conv' }>, x: Tensor, needsInputGradient: boolean): Tensor {
  if (x.rank !== 4) return (step.layer as unknown as Layer).apply(x, { training: true }) as Tensor;
  const { strides, pad, relu, pool } = step;
  const filter = step.layer.kernel.read();
  const bias = step.layer.useBias && step.layer.bias ? step.layer.bias.read() : null;
  const convAttrs = { strides, pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
  const op = tf.customGrad((...args: unknown[]) => {
    const [input, weights, maybeBias] = args as Tensor[];
    const save = args.at(-1) as (tensors: Tensor[]) => void;
    const withBias = bias !== null;
    // Our SIMD conv on our threads where it covers the layer, else the backend's FusedConv2D.
    const y = tf.engine().runKernel(
      CONV2D_FORWARD,
      withBias ? { x: input!, filter: weights!, bias: maybeBias! } : { x: input!, filter: weights! },
      { ...convAttrs, dilations: [1, 1], activation: relu ? 'relu' : 'linear' } as unknown as Attrs,
    ) as Tensor;
    save(relu ? [input!, weights!, y] : [input!, weights!]);
    const poolAttrs = pool && ({ ...pool, pad: 'valid', dimRoundingMode: undefined } as unknown as Attrs);
    return {
      value: poolAttrs ? (tf.engine().runKernel(MAX_POOL, { x: y }, poolAttrs) as Tensor) : y,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [savedX, savedFilter, savedY] = saved as [Tensor, Tensor, Tensor | undefined];
        const { dz, db } = poolAttrs
          ? poolReluAndBiasGradient(tf, dy, savedY!, poolAttrs, withBias)
          : reluAndBiasGradient(tf, dy, savedY ?? dy, relu, withBias);
        const dx = needsInputGradient
          ? (tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: dz, filter: savedFilter }, { ...convAttrs, inputShape: savedX.shape } as unknown as Attrs) as Tensor)
          : tf.zerosLike(savedX);
        const dFilter = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: savedX, dy: dz }, { ...convAttrs, filterShape: savedFilter.shape } as unknown as Attrs) as Tensor;
        return db ? [dx, dFilter, db] : [dx, dFilter];
      },
    };
  });
  return (bias ? op(x, filter, bias) : op(x, filter)) as Tensor;
}

function fusedDense(tf: Tfjs, step: Extract<Step, { kind: 'dense' }>, x: Tensor): Tensor {
  if (x.rank !== 2) return (step.layer as unknown as Layer).apply(x, { training: true }) as Tensor;
  const { relu } = step;
  const kernel = step.layer.kernel.read();
  const bias = step.layer.useBias && step.layer.bias ? step.layer.bias.read() : null;
  const [rows, features] = x.shape as [number, number];
  const units = kernel.shape[1]!;
  const op = tf.customGrad((...args: unknown[]) => {
    const [input, weights, maybeBias] = args as Tensor[];
    const save = args.at(-1) as (tensors: Tensor[]) => void;
    const withBias = bias !== null;
    const a = tf.reshape(input!, [1, rows, features]);
    const b = tf.reshape(weights!, [1, features, units]);
    const product = tf.engine().runKernel(tf._FusedMatMul, withBias ? { a, b, bias: maybeBias! } : { a, b }, {
      transposeA: false,
      transposeB: false,
      activation: relu ? 'relu' : 'linear',
    } as unknown as Attrs) as Tensor;
    const y = tf.reshape(product, [rows, units]);
    save(relu ? [input!, weights!, y] : [input!, weights!]);
    return {
      value: y,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [savedX, savedKernel, savedY] = saved as [Tensor, Tensor, Tensor | undefined];
        const { dz, db } = reluAndBiasGradient(tf, dy, savedY ?? dy, relu, withBias);
        // Untransposed products: the wasm backend's fast matrix product takes no transposed operand.
        const dx = tf.matMul(dz, tf.transpose(savedKernel));
        const dKernel = tf.matMul(tf.transpose(savedX), dz);
        return db ? [dx, dKernel, db] : [dx, dKernel];
      },
    };
  });
  return (bias ? op(x, kernel, bias) : op(x, kernel)) as Tensor;
}

/**
 * Batch norm in training as three kernels: the batch's moments in one pass, the normalisation
 * (and the ReLU after it) in one, and the whole gradient (through the ReLU) in two, where
 * TF.js composes about twenty ops. With a tiled max pool after the ReLU, the normalisation
 * writes only the pooled output and the gradient goes through the pool in the same two
 * passes (BATCH_NORM_POOL_FORWARD / _GRAD): the full-size normalised tensor and the pool's
 * full-size gradient are never written. The moving averages are updated as tfjs-layers does.
 */
function fusedBatchNorm(tf: Tfjs, step: Extract<Step, { kind: 'batchNorm' }>, x: Tensor): Tensor {
  const { layer, relu, pool } = step;
  const attrs = { epsilon: layer.epsilon, relu } as unknown as Attrs;
  const poolAttrs = pool && x.rank === 4 ? ({ ...pool, pad: 'valid', dimRoundingMode: undefined, epsilon: layer.epsilon } as unknown as Attrs) : null;
  let moments: Tensor[] = [];
  const op = tf.customGrad((...args: unknown[]) => {
    const [input, gamma, beta] = args as Tensor[];
    const save = args.at(-1) as (tensors: Tensor[]) => void;
    const [mean, variance] = tf.engine().runKernel(BATCH_NORM_MOMENTS, { x: input! }, {}) as Tensor[];
    moments = [tf.keep(mean!.clone()), tf.keep(variance!.clone())];
    if (poolAttrs) {
      const pooled = tf.engine().runKernel(BATCH_NORM_POOL_FORWARD, { x: input!, mean: mean!, variance: variance!, gamma: gamma!, beta: beta! }, poolAttrs) as Tensor;
      save([input!, gamma!, beta!, mean!, variance!]);
      return {
        value: pooled,
        gradFunc: (dy: Tensor, saved: Tensor[]) => {
          const [savedX, savedGamma, savedBeta, savedMean, savedVariance] = saved as Tensor[];
          return tf.engine().runKernel(
            BATCH_NORM_POOL_GRAD,
            { x: savedX!, dy, mean: savedMean!, variance: savedVariance!, gamma: savedGamma!, beta: savedBeta! },
            poolAttrs,
          ) as Tensor[];
        },
      };
    }
    const y = tf.engine().runKernel(BATCH_NORM_FORWARD, { x: input!, mean: mean!, variance: variance!, gamma: gamma!, beta: beta! }, attrs) as Tensor;
    save([input!, gamma!, mean!, variance!, y]);
    return {
      value: y,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [savedX, savedGamma, savedMean, savedVariance, savedY] = saved as Tensor[];
        return tf.engine().runKernel(
          BATCH_NORM_GRAD,
          { x: savedX!, dy, y: savedY!, mean: savedMean!, variance: savedVariance!, gamma: savedGamma! },
          attrs,
        ) as Tensor[];
      },
    };
  });
  let output = op(x, layer.gamma.read(), layer.beta.read()) as Tensor;
  // A pool that could not join (not a 4-D input) still runs, after the batch norm and its ReLU.
  if (step.poolLayer && !poolAttrs) output = step.poolLayer.apply(output, { training: true }) as Tensor;
  const [mean, variance] = moments as [Tensor, Tensor];
  tf.tidy(() => {
    // As tfjs-layers moves them (average − (average − value) · (1 − momentum)), both in one op.
    const [newMean, newVariance] = tf.engine().runKernel(
      MOVING_AVERAGES,
      { movingMean: layer.movingMean.read(), movingVariance: layer.movingVariance.read(), mean: mean!, variance: variance! },
      { decay: 1 - layer.momentum } as unknown as Attrs,
    ) as Tensor[];
    layer.movingMean.write(newMean!);
    layer.movingVariance.write(newVariance!);
  });
  tf.dispose([mean, variance]);
  return output;
}
