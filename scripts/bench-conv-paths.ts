/**
 * `npx tsx --experimental-wasm-relaxed-simd scripts/bench-conv-paths.ts`: each preset's
 * convolutions on one thread, in the wasm backend's memory, through both forms of the SIMD
 * loops: the forward conv on the input as it is and on padded copies (3×3 stride 1: Winograd F(2×2, 3×3)), the input gradient
 * direct and (stride 1) as a forward conv of dy with the flipped filter (3×3: Winograd), the filter
 * gradient direct and with its scratch (3×3: Winograd; one thread, so no split by image). Best of 8 rounds of
 * 5 calls, the two forms alternating, so a busy moment hits both. Prints ms and G multiply-adds/s.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { conv2dGeometry } from '../src/lib/kernels/conv-geometry';
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
