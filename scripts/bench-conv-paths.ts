/**
 * `npx tsx --experimental-wasm-relaxed-simd scripts/bench-conv-paths.ts`: each preset's
 * convolutions on one thread, in the wasm backend's memory, through both forms of the SIMD
 * loops: the forward conv on the input as it is and on padded copies (3×3 stride 1: Winograd F(2×2, 3×3)), the input gradient
 * direct and (stride 1) as a forward conv of dy with the flipped filter (3×3: Winograd), the filter
 * gradient direct and with its scratch (3×3: Winograd; one thread, so no split by image). Best of 8 rounds of
 * 5 calls, the two forms alternating, so a busy moment hits both. Prints ms and G multiply-adds/s.
 * Then the batch-norm preset's norm + ReLU + 2×2 pool blocks, forward and back, as separate
 * kernels (normalisation, max pool; max-pool gradient, batch-norm gradient) and as the fused ones.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { conv2dGeometry, maxPoolGeometry } from '../src/lib/kernels/conv-geometry';
import { instantiateSimdGradientLoops } from '../src/lib/kernels/simd-gradient-loops';
import { wasmBackendMemory, asWasmBackend, float32View } from '../src/lib/kernels/wasm-backend-heap';
import { loadTrainingKernelsWasm } from '../src/lib/kernels/wasm-bytes-node';

await tf.setBackend('wasm');
const backend = asWasmBackend(tf.backend());
const { loops } = await instantiateSimdGradientLoops(await loadTrainingKernelsWasm(), wasmBackendMemory(tf.backend()));

const layers: [string, number[], number[], 'same' | 'valid'][] = [
  ['batch-norm 1', [64, 28, 28, 1], [3, 3, 1, 16], 'same'],
  ['batch-norm 2', [64, 14, 14, 16], [3, 3, 16, 32], 'same'],
  ['batch-norm 3', [64, 7, 7, 32], [3, 3, 32, 64], 'same'],
  ['default 1', [256, 28, 28, 1], [5, 5, 1, 12], 'valid'],
  ['default 2', [256, 12, 12, 12], [3, 3, 12, 24], 'valid'],
  ['wide 2', [256, 12, 12, 24], [3, 3, 24, 32], 'valid'],
  ['tutorial 1', [128, 28, 28, 1], [5, 5, 1, 8], 'valid'],
  ['tutorial 2', [128, 12, 12, 8], [5, 5, 8, 16], 'valid'],
];

function best(run: () => void): number {
  const n = 5;
  const started = performance.now();
  for (let i = 0; i < n; i++) run();
  return (performance.now() - started) / n;
}

console.log('| layer | M multiply-adds | forward: direct / padded (ms) | input gradient: direct / stride-1 form (ms) | filter gradient: direct / with scratch (ms) |');
console.log('|---|---|---|---|---|');
for (const [name, xShape, filterShape, pad] of layers) {
  const g = conv2dGeometry('bench', xShape, filterShape, { strides: [1, 1], pad } as tf.Conv2DBackpropInputAttrs);
  const tensors = [
    g.inShape, g.filterShape, g.outShape, g.inShape, [Math.max(1, loops.forwardScratchFloats(g))], [Math.max(1, loops.inputGradientScratchFloats(g))],
    g.filterShape, [Math.max(1, loops.filterGradientScratchFloats(g))],
  ];
  const infos = tensors.map((shape) => backend.makeOutput(shape as number[], 'float32'));
  const [x, w, y, dx, forwardScratch, gradientScratch, dW, filterScratch] = infos.map((info) => float32View(backend, info)) as Float32Array[];
  for (const view of [x!, w!, y!]) for (let i = 0; i < view.length; i++) view[i] = Math.sin(i);
  const times = { direct: [Infinity, Infinity, Infinity], other: [Infinity, Infinity, Infinity] };
  for (let round = 0; round < 8; round++) {
    times.direct[0] = Math.min(times.direct[0]!, best(() => loops.conv2dForward(x!, w!, null, g, true, y!)));
    times.other[0] = Math.min(times.other[0]!, best(() => loops.conv2dForward(x!, w!, null, g, true, y!, loops.forwardScratchFloats(g) > 0 ? forwardScratch : undefined)));
    times.direct[1] = Math.min(times.direct[1]!, best(() => loops.conv2dInputGradient(y!, w!, g, dx!)));
    times.other[1] = Math.min(times.other[1]!, best(() => loops.conv2dInputGradient(y!, w!, g, dx!, loops.inputGradientScratchFloats(g) > 0 ? gradientScratch : undefined)));
    times.direct[2] = Math.min(times.direct[2]!, best(() => loops.conv2dFilterGradient(x!, y!, g, dW!)));
    times.other[2] = Math.min(times.other[2]!, best(() => loops.conv2dFilterGradient(x!, y!, g, dW!, loops.filterGradientScratchFloats(g) > 0 ? filterScratch : undefined)));
  }
  const macs = tf.util.sizeFromShape(g.outShape) * g.filterHeight * g.filterWidth * g.inChannels;
  const cell = (ms: number) => `${ms.toFixed(2)} (${(macs / ms / 1e6).toFixed(1)} G/s)`;
  console.log(
    `| ${name} | ${(macs / 1e6).toFixed(1)} | ${cell(times.direct[0]!)} / ${cell(times.other[0]!)} | ${cell(times.direct[1]!)} / ${cell(times.other[1]!)} | ${cell(times.direct[2]!)} / ${cell(times.other[2]!)} |`,
  );
  infos.forEach((info) => backend.disposeData(info.dataId));
}

console.log('\n| batch norm + ReLU + 2×2 pool | forward: separate / fused (ms) | gradient: separate / fused (ms) |');
console.log('|---|---|---|');
for (const [name, shape] of [['batch-norm 1', [64, 28, 28, 16]], ['batch-norm 2', [64, 14, 14, 32]], ['batch-norm 3', [64, 7, 7, 64]]] as const) {
  const g = maxPoolGeometry([...shape], { filterSize: 2, strides: 2, pad: 'valid' } as never);
  const C = shape[3];
  const rows = tf.util.sizeFromShape([...shape]) / C;
  const pooled = [g.batchSize, g.outHeight, g.outWidth, C];
  const shapes = [
    shape, shape, shape, shape, pooled, pooled, [C], [C], [C], [C], [C], [C],
    [Math.max(1, loops.batchNormScratchFloats(rows, C))], [Math.max(1, loops.batchNormPoolScratchFloats(g))],
  ];
  const infos = shapes.map((dims) => backend.makeOutput([...dims], 'float32'));
  const [x, y, dyFull, dx, dy, out, mean, variance, gamma, beta, dGamma, dBeta, normScratch, poolScratch] = infos.map((info) => float32View(backend, info)) as Float32Array[];
  for (const view of [x!, dy!, gamma!, beta!, mean!]) for (let i = 0; i < view.length; i++) view[i] = Math.sin(i * 1.7) * 0.8 + 0.1;
  variance!.fill(1);
  const times = [Infinity, Infinity, Infinity, Infinity];
  for (let round = 0; round < 8; round++) {
    times[0] = Math.min(times[0]!, best(() => {
      loops.batchNormForward(x!, mean!, variance!, gamma!, beta!, rows, C, 1e-3, true, y!, normScratch);
      loops.maxPoolForward(y!, g, out!);
    }));
    times[1] = Math.min(times[1]!, best(() => loops.batchNormPoolForward(x!, mean!, variance!, gamma!, beta!, g, 1e-3, out!, poolScratch)));
    times[2] = Math.min(times[2]!, best(() => {
      loops.maxPoolInputGradient(y!, dy!, g, dyFull!);
      loops.batchNormGradient(x!, dyFull!, y!, mean!, variance!, gamma!, rows, C, 1e-3, true, dx!, dGamma!, dBeta!, normScratch);
    }));
    times[3] = Math.min(times[3]!, best(() => loops.batchNormPoolGradient(x!, dy!, mean!, variance!, gamma!, beta!, g, 1e-3, dx!, dGamma!, dBeta!, poolScratch)));
  }
  const [a, b, c, d] = times.map((ms) => ms.toFixed(2));
  console.log(`| ${name} (${shape.slice(1).join('×')}) | ${a} / ${b} | ${c} / ${d} |`);
  infos.forEach((info) => backend.disposeData(info.dataId));
}
