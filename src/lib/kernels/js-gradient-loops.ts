/**
 * The gradient loops in plain TypeScript, on NHWC Float32Arrays. They define
 * what the kernels compute; the SIMD module (wasm/training_kernels.c) must agree
 * with them, and they run wherever it cannot: no WebAssembly SIMD, or output
 * channels not a multiple of 4. (For Conv2DBackpropInput the stock kernel runs
 * there instead: it is faster than conv2dInputGradient below.)
 *
 * Every loop walks the output positions (b, oh, ow) in memory order and keeps
 * the innermost loop on the channel axis, which is contiguous in NHWC, so
 * each pass touches a few short runs of memory instead of striding across it.
 * The conv loops repeat the same walk on purpose: sharing it through a
 * callback per (pixel, tap) made them 1.5x slower in V8 (measured).
 */
import type { ConvGeometry } from './conv-geometry';

/** The input row ih = oh * stride + k * dilation - pad, or -1 when it falls in the padding. */
function inputIndex(outIndex: number, stride: number, tap: number, dilation: number, pad: number, size: number): number {
  const index = outIndex * stride + tap * dilation - pad;
  return index >= 0 && index < size ? index : -1;
}

/**
 * dW[kh, kw, ci, co] = Σ over b, oh, ow of x[b, ih, iw, ci] · dy[b, oh, ow, co].
 * Sums run in float64 (as the 'cpu' backend's do): a filter tap sums over every
 * output pixel of the batch, 70 000 terms for the first layer of the tutorial CNN.
 */
export function conv2dFilterGradient(x: Float32Array, dy: Float32Array, g: ConvGeometry, dW: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = g;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = g;
  const { top, left } = g.padInfo;
  const sums = new Float64Array(dW.length);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = inputIndex(oh, strideHeight, kh, 1, top, inHeight);
          if (ih < 0) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = inputIndex(ow, strideWidth, kw, 1, left, inWidth);
            if (iw < 0) continue;
            const xBase = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const tapBase = (kh * filterWidth + kw) * inChannels * outChannels;
            for (let ci = 0; ci < inChannels; ci++) {
              const xValue = x[xBase + ci]!;
              // After a ReLU about half of x is exactly zero: nothing to add.
              if (xValue === 0) continue;
              const rowBase = tapBase + ci * outChannels;
              for (let co = 0; co < outChannels; co++) sums[rowBase + co]! += xValue * dy[dyBase + co]!;
            }
          }
        }
      }
    }
  }
  dW.set(sums);
}

/**
 * dx[b, ih, iw, ci] = Σ over the (oh, ow, kh, kw) that read it of W[kh, kw, ci, co] · dy[b, oh, ow, co]:
 * each dy pixel is scattered back through the filter onto the inputs it was computed from.
 */
export function conv2dInputGradient(dy: Float32Array, filter: Float32Array, g: ConvGeometry, dx: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = g;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = g;
  const { top, left } = g.padInfo;
  dx.fill(0);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = inputIndex(oh, strideHeight, kh, 1, top, inHeight);
          if (ih < 0) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = inputIndex(ow, strideWidth, kw, 1, left, inWidth);
            if (iw < 0) continue;
            const xBase = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const tapBase = (kh * filterWidth + kw) * inChannels * outChannels;
            for (let ci = 0; ci < inChannels; ci++) {
              const rowBase = tapBase + ci * outChannels;
              let sum = 0;
              for (let co = 0; co < outChannels; co++) sum += filter[rowBase + co]! * dy[dyBase + co]!;
              dx[xBase + ci]! += sum;
            }
          }
        }
      }
    }
  }
}

/**
 * dx of a max pool: each dy value goes to the first maximum of its window
 * (scanning rows, then columns), as the 'cpu' backend does; cells in the
 * padding never win. Windows may overlap, so contributions add up.
 */
export function maxPoolInputGradient(x: Float32Array, dy: Float32Array, g: ConvGeometry, dx: Float32Array): void {
  const { inHeight, inWidth, inChannels: channels } = g;
  const bestValue = new Float32Array(channels);
  const bestIndex = new Int32Array(channels);
  dx.fill(0);
  forEachPoolWindow(g, (b, rows, cols, outAt) => {
    bestValue.fill(-Infinity);
    bestIndex.fill(-1);
    for (let ih = rows[0]; ih < rows[1]; ih++) {
      for (let iw = cols[0]; iw < cols[1]; iw++) {
        const xBase = ((b * inHeight + ih) * inWidth + iw) * channels;
        for (let c = 0; c < channels; c++) {
          const value = x[xBase + c]!;
          if (value > bestValue[c]!) {
            bestValue[c] = value;
            bestIndex[c] = xBase + c;
          }
        }
      }
    }
    for (let c = 0; c < channels; c++) {
      const index = bestIndex[c]!;
      if (index >= 0) dx[index]! += dy[outAt + c]!;
    }
  });
}

/** Calls `visit` for each pool window: its image, input rows and columns [start, end) (the padding left out), and where its output pixel starts. */
function forEachPoolWindow(
  g: ConvGeometry,
  visit: (b: number, rows: [number, number], cols: [number, number], outAt: number) => void,
): void {
  const { batchSize, inHeight, inWidth, outChannels, outHeight, outWidth } = g;
  const { effectiveFilterHeight, effectiveFilterWidth, strideHeight, strideWidth } = g;
  const { top, left } = g.padInfo;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const rows: [number, number] = [Math.max(0, oh * strideHeight - top), Math.min(inHeight, oh * strideHeight - top + effectiveFilterHeight)];
      for (let ow = 0; ow < outWidth; ow++) {
        const cols: [number, number] = [Math.max(0, ow * strideWidth - left), Math.min(inWidth, ow * strideWidth - left + effectiveFilterWidth)];
        visit(b, rows, cols, ((b * outHeight + oh) * outWidth + ow) * outChannels);
      }
    }
  }
}

/**
 * dW[kh, kw, ci, m] of a depthwise conv: output channel d = ci · multiplier + m
 * reads only input channel ci, so one contiguous loop over d covers (ci, m).
 */
export function depthwiseFilterGradient(x: Float32Array, dy: Float32Array, g: ConvGeometry, dW: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = g;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = g;
  const { top, left } = g.padInfo;
  const multiplier = outChannels / inChannels;
  const sums = new Float64Array(dW.length);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = inputIndex(oh, strideHeight, kh, dilationHeight, top, inHeight);
          if (ih < 0) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = inputIndex(ow, strideWidth, kw, dilationWidth, left, inWidth);
            if (iw < 0) continue;
            const xBase = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const tapBase = (kh * filterWidth + kw) * outChannels;
            for (let d = 0; d < outChannels; d++) {
              sums[tapBase + d]! += x[xBase + Math.floor(d / multiplier)]! * dy[dyBase + d]!;
            }
          }
        }
      }
    }
  }
  dW.set(sums);
}

/**
 * sums[c] = Σ over rows r of x[r·C + c]: the sum of a [rows, C] tensor over its rows,
 * which is a bias's gradient (every pixel of every image is a row). Float64 sums.
 */
export function channelSums(x: Float32Array, rows: number, channels: number, sums: Float32Array): void {
  const totals = new Float64Array(channels);
  for (let r = 0, base = 0; r < rows; r++, base += channels) {
    for (let c = 0; c < channels; c++) totals[c]! += x[base + c]!;
  }
  sums.set(totals);
}

/**
 * The gradient through a ReLU and the bias before it, in one pass: dz = y > 0 ? dy : 0
 * (y is the ReLU's output, positive exactly where its input is), and db = channelSums(dz).
 */
/**
 * MaxPool forward as the 'cpu' backend computes it: each window's largest value, compared
 * with > from -Infinity (NaN never wins); cells in the padding are not in any window.
 */
export function maxPoolForward(x: Float32Array, g: ConvGeometry, y: Float32Array): void {
  const { inHeight, inWidth, inChannels: channels } = g;
  forEachPoolWindow(g, (b, rows, cols, outAt) => {
    for (let c = 0; c < channels; c++) {
      let best = -Infinity;
      for (let ih = rows[0]; ih < rows[1]; ih++) {
        for (let iw = cols[0]; iw < cols[1]; iw++) {
          const value = x[((b * inHeight + ih) * inWidth + iw) * channels + c]!;
          if (value > best) best = value;
        }
      }
      y[outAt + c] = best;
    }
  });
}

/**
 * The gradient of relu → bias → max pool at once: y is the ReLU's output (the pool's input),
 * dy the pool output's gradient; dz = the max pool's gradient, kept where y > 0, and db its
 * sum per channel. Any pool geometry.
 */
export function maxPoolReluBiasGradient(y: Float32Array, dy: Float32Array, g: ConvGeometry, dz: Float32Array, db: Float32Array): void {
  maxPoolInputGradient(y, dy, g, dz);
  reluBiasGradient(y, dz, dz.length / g.inChannels, g.inChannels, dz, db);
}

export function reluBiasGradient(y: Float32Array, dy: Float32Array, rows: number, channels: number, dz: Float32Array, db: Float32Array): void {
  const totals = new Float64Array(channels);
  for (let r = 0, base = 0; r < rows; r++, base += channels) {
    for (let c = 0; c < channels; c++) {
      const d = y[base + c]! > 0 ? dy[base + c]! : 0;
      dz[base + c] = d;
      totals[c]! += d;
    }
  }
  db.set(totals);
}

/**
 * Per channel of a [rows, C] tensor: the mean and the biased variance (float64 sums).
 * The batch-norm loops take a `_scratch` of 6·C floats that only the SIMD module uses.
 */
export function channelMoments(x: Float32Array, rows: number, channels: number, mean: Float32Array, variance: Float32Array, _scratch?: Float32Array): void {
  const sums = new Float64Array(channels);
  for (let r = 0, base = 0; r < rows; r++, base += channels) for (let c = 0; c < channels; c++) sums[c]! += x[base + c]!;
  const means = sums.map((s) => s / rows);
  const squares = new Float64Array(channels);
  for (let r = 0, base = 0; r < rows; r++, base += channels) {
    for (let c = 0; c < channels; c++) {
      const d = x[base + c]! - means[c]!;
      squares[c]! += d * d;
    }
  }
  mean.set(means);
  variance.set(squares.map((s) => s / rows));
}

/** y = (x − mean) · γ / √(variance + ε) + β per channel, then max(y, 0) when `relu`. */
export function batchNormForward(
  x: Float32Array, mean: Float32Array, variance: Float32Array, gamma: Float32Array, beta: Float32Array,
  rows: number, channels: number, epsilon: number, relu: boolean, y: Float32Array, _scratch?: Float32Array,
): void {
  const scale = gamma.map((g, c) => g / Math.sqrt(variance[c]! + epsilon));
  for (let r = 0, base = 0; r < rows; r++, base += channels) {
    for (let c = 0; c < channels; c++) {
      const v = (x[base + c]! - mean[c]!) * scale[c]! + beta[c]!;
      y[base + c] = relu && v < 0 ? 0 : v;
    }
  }
}

/**
 * The batch-norm gradient in training (mean and variance are the batch's own), through the
 * ReLU after it when `relu` (y is then the output): with dz = dy masked by y > 0 and
 * x̂ = (x − mean)/σ, dβ = Σ dz, dγ = Σ dz·x̂ and dx = γ/σ · (dz − dβ/N − x̂·dγ/N).
 */
export function batchNormGradient(
  x: Float32Array, dy: Float32Array, y: Float32Array | null, mean: Float32Array, variance: Float32Array, gamma: Float32Array,
  rows: number, channels: number, epsilon: number, relu: boolean, dx: Float32Array, dGamma: Float32Array, dBeta: Float32Array,
  _scratch?: Float32Array,
): void {
  const dz = (i: number) => (relu && !(y![i]! > 0) ? 0 : dy[i]!);
  const sumDz = new Float64Array(channels);
  const sumDzCentred = new Float64Array(channels);
  for (let r = 0, base = 0; r < rows; r++, base += channels) {
    for (let c = 0; c < channels; c++) {
      const d = dz(base + c);
      sumDz[c]! += d;
      sumDzCentred[c]! += d * (x[base + c]! - mean[c]!);
    }
  }
  const invStd = variance.map((v) => 1 / Math.sqrt(v + epsilon));
  for (let c = 0; c < channels; c++) {
    dBeta[c] = sumDz[c]!;
    dGamma[c] = sumDzCentred[c]! * invStd[c]!;
  }
  for (let r = 0, base = 0; r < rows; r++, base += channels) {
    for (let c = 0; c < channels; c++) {
      const k = gamma[c]! * invStd[c]!;
      const centred = x[base + c]! - mean[c]!;
      dx[base + c] = k * (dz(base + c) - sumDz[c]! / rows - centred * invStd[c]! * invStd[c]! * sumDzCentred[c]! / rows);
    }
  }
}

/** y = act(bias + Σ x·w) for NHWC x and [KH, KW, CI, CO] w, act = ReLU or identity; float64 sums. */
export function conv2dForward(x: Float32Array, w: Float32Array, bias: Float32Array | null, g: ConvGeometry, relu: boolean, y: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = g;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = g;
  const { top, left } = g.padInfo;
  const sums = new Float64Array(outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        for (let co = 0; co < outChannels; co++) sums[co] = bias ? bias[co]! : 0;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = inputIndex(oh, strideHeight, kh, 1, top, inHeight);
          if (ih < 0) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = inputIndex(ow, strideWidth, kw, 1, left, inWidth);
            if (iw < 0) continue;
            const xBase = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const wBase = (kh * filterWidth + kw) * inChannels * outChannels;
            for (let ci = 0; ci < inChannels; ci++) {
              const value = x[xBase + ci]!;
              const wRow = wBase + ci * outChannels;
              for (let co = 0; co < outChannels; co++) sums[co]! += value * w[wRow + co]!;
            }
          }
        }
        const yBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let co = 0; co < outChannels; co++) y[yBase + co] = relu && sums[co]! < 0 ? 0 : sums[co]!;
      }
    }
  }
}

/** Adam's constants for one step: TF.js's β1, β2, learning rate and ε, and c1 = 1 − β1^t, c2 = 1 − β2^t. */
export interface AdamStep {
  beta1: number;
  beta2: number;
  learningRate: number;
  epsilon: number;
  c1: number;
  c2: number;
}

/** One Adam step of one variable, in TF.js's AdamOptimizer's order of operations (float32). */
export function adamUpdate(g: Float32Array, m: Float32Array, v: Float32Array, w: Float32Array, k: AdamStep, m2: Float32Array, v2: Float32Array, w2: Float32Array): void {
  const f = Math.fround;
  const [b1, b2, ob1, ob2, c1, c2, eps, nlr] = [f(k.beta1), f(k.beta2), f(1 - k.beta1), f(1 - k.beta2), f(k.c1), f(k.c2), f(k.epsilon), f(-k.learningRate)];
  for (let i = 0; i < g.length; i++) {
    const mi = f(f(m[i]! * b1) + f(g[i]! * ob1));
    const vi = f(f(v[i]! * b2) + f(f(g[i]! * g[i]!) * ob2));
    m2[i] = mi;
    v2[i] = vi;
    w2[i] = f(f(f(f(mi / c1) / f(f(Math.sqrt(f(vi / c2))) + eps)) * nlr) + w[i]!);
  }
}

/**
 * Batch norm, its ReLU and a max pool whose windows tile the input (g: the pool's geometry
 * over x), forward: the pooled output only. As the three one after another.
 */
export function batchNormPoolForward(
  x: Float32Array, mean: Float32Array, variance: Float32Array, gamma: Float32Array, beta: Float32Array,
  g: ConvGeometry, epsilon: number, y: Float32Array, _scratch?: Float32Array,
): void {
  const normalised = new Float32Array(x.length);
  batchNormForward(x, mean, variance, gamma, beta, x.length / g.inChannels, g.inChannels, epsilon, true, normalised);
  maxPoolForward(normalised, g, y);
}

/** The gradient of batchNormPoolForward (dy: the pooled output's): through the pool, the ReLU and the batch norm. */
export function batchNormPoolGradient(
  x: Float32Array, dy: Float32Array, mean: Float32Array, variance: Float32Array, gamma: Float32Array, beta: Float32Array,
  g: ConvGeometry, epsilon: number, dx: Float32Array, dGamma: Float32Array, dBeta: Float32Array, _scratch?: Float32Array,
): void {
  const [rows, channels] = [x.length / g.inChannels, g.inChannels];
  const normalised = new Float32Array(x.length);
  batchNormForward(x, mean, variance, gamma, beta, rows, channels, epsilon, true, normalised);
  const dz = new Float32Array(x.length);
  maxPoolInputGradient(normalised, dy, g, dz);
  batchNormGradient(x, dz, normalised, mean, variance, gamma, rows, channels, epsilon, true, dx, dGamma, dBeta);
}
