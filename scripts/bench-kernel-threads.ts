/**
 * `npx tsx scripts/bench-kernel-threads.ts [threads]`: our SIMD gradient kernels on the default
 * recipe's backward shapes (batch 256), on one thread and split across a pool of `threads`
 * (default 2) worker threads sharing one memory, as on a cross-origin isolated page. Rounds
 * alternate one thread / the pool so a machine shared with other work loads both alike; the
 * median of the rounds is printed with the load average. Figures depend on the machine; tests
 * never assert them.
 */
import { loadavg } from 'node:os';
import { conv2dGeometry, maxPoolGeometry, type ConvGeometry } from '../src/lib/kernels/conv-geometry';
import type { GradientLoops } from '../src/lib/kernels/gradient-kernels';
import { createNodeKernelThreadPool } from '../src/lib/kernels/kernel-threads-node';
import { instantiateSimdGradientLoops } from '../src/lib/kernels/simd-gradient-loops';
import { loadSharedTrainingKernelsWasm, loadTrainingKernelsWasm } from '../src/lib/kernels/wasm-bytes-node';

const threads = Number(process.argv[2] ?? 2);
const ROUNDS = 9;
const memory = new WebAssembly.Memory({ initial: 4096, maximum: 65536, shared: true });
let end = 1024;
function place(length: number): Float32Array {
  const view = new Float32Array(memory.buffer, end, length);
  for (let i = 0; i < length; i++) view[i] = Math.sin(i * 12.9898) * 0.5;
  end += Math.ceil((length * 4) / 16) * 16;
  return view;
}

const B = 256;
const conv = (x: [number, number, number, number], f: [number, number, number, number]) =>
  conv2dGeometry('Conv2DBackpropFilter', x, f, { strides: 1, pad: 'valid', dataFormat: 'NHWC' } as never);
const pool = (x: [number, number, number, number]) => maxPoolGeometry(x, { filterSize: 2, strides: 2, pad: 'valid' } as never);
const size = (g: ConvGeometry, which: 'in' | 'out') =>
  which === 'in' ? g.batchSize * g.inHeight * g.inWidth * g.inChannels : g.batchSize * g.outHeight * g.outWidth * g.outChannels;

const conv1 = conv([B, 28, 28, 1], [5, 5, 1, 12]);
const conv2 = conv([B, 12, 12, 12], [3, 3, 12, 24]);
const pool1 = pool([B, 24, 24, 12]);
const pool2 = pool([B, 10, 10, 24]);
const cases: { name: string; run: (loops: GradientLoops) => void }[] = [];
{
  const [x, dy, dW] = [place(size(conv1, 'in')), place(size(conv1, 'out')), place(5 * 5 * 12)];
  cases.push({ name: 'Conv2DBackpropFilter 5x5 1→12', run: (l) => l.conv2dFilterGradient(x, dy, conv1, dW) });
}
{
  const [x, dy, w, dW, dx] = [place(size(conv2, 'in')), place(size(conv2, 'out')), place(3 * 3 * 12 * 24), place(3 * 3 * 12 * 24), place(size(conv2, 'in'))];
  cases.push({ name: 'Conv2DBackpropFilter 3x3 12→24', run: (l) => l.conv2dFilterGradient(x, dy, conv2, dW) });
  cases.push({ name: 'Conv2DBackpropInput 3x3 12→24', run: (l) => l.conv2dInputGradient(dy, w, conv2, dx) });
}
for (const [name, g] of [['MaxPoolGrad 24x24x12', pool1], ['MaxPoolGrad 10x10x24', pool2]] as const) {
  const [x, dy, dx] = [place(size(g, 'in')), place(size(g, 'out')), place(size(g, 'in'))];
  cases.push({ name, run: (l) => l.maxPoolInputGradient(x, dy, g, dx) });
}

const [plain, shared] = await Promise.all([loadTrainingKernelsWasm(), loadSharedTrainingKernelsWasm()]);
const one = await instantiateSimdGradientLoops(plain, memory, shared);
const many = await instantiateSimdGradientLoops(plain, memory, shared, { threads, startThreads: createNodeKernelThreadPool });
if (many.threads !== threads) throw new Error(`Asked for ${threads} threads, got ${many.threads}: ${many.threadsReason}`);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** Wall time and CPU time of the whole process (every thread), in ms. */
const time = (run: () => void): [number, number] => {
  const [started, cpu] = [performance.now(), process.cpuUsage()];
  run();
  const used = process.cpuUsage(cpu);
  return [performance.now() - started, (used.user + used.system) / 1000];
};
console.log(`Our SIMD gradient kernels, batch ${B}, median of ${ROUNDS} alternating rounds; load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}\n`);
console.log(`| kernel | 1 thread | ${threads} threads | speed-up | CPU time, 1 thread | CPU time, ${threads} threads |`);
console.log('|---|---|---|---|---|---|');
let [total1, totalN, cpu1, cpuN] = [0, 0, 0, 0];
for (const c of cases) {
  c.run(one.loops);
  c.run(many.loops);
  const [single, pooled, singleCpu, pooledCpu]: [number[], number[], number[], number[]] = [[], [], [], []];
  for (let round = 0; round < ROUNDS; round++) {
    const [wall1, used1] = time(() => c.run(one.loops));
    const [wallN, usedN] = time(() => c.run(many.loops));
    single.push(wall1);
    singleCpu.push(used1);
    pooled.push(wallN);
    pooledCpu.push(usedN);
  }
  const [a, b, ca, cb] = [median(single), median(pooled), median(singleCpu), median(pooledCpu)];
  [total1, totalN, cpu1, cpuN] = [total1 + a, totalN + b, cpu1 + ca, cpuN + cb];
  console.log(`| ${c.name} | ${a.toFixed(2)} ms | ${b.toFixed(2)} ms | ${(a / b).toFixed(2)}× | ${ca.toFixed(1)} ms | ${cb.toFixed(1)} ms |`);
}
console.log(`| all five | ${total1.toFixed(2)} ms | ${totalN.toFixed(2)} ms | ${(total1 / totalN).toFixed(2)}× | ${cpu1.toFixed(1)} ms | ${cpuN.toFixed(1)} ms |`);
console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
many.close();
