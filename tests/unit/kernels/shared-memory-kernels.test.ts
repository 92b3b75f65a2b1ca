/**
 * training-kernels-shared.wasm: the same C built for a shared memory, which is
 * how the threaded wasm backend (cross-origin isolated pages) keeps its tensors.
 * Node's wasm backend is single-threaded, so here the shared memory is one we
 * make; the loops must work on views of it in place and match the JS loops.
 */
import { describe, expect, it } from 'vitest';
import { conv2dGeometry, maxPoolGeometry } from '../../../src/lib/kernels/conv-geometry';
import * as jsLoops from '../../../src/lib/kernels/js-gradient-loops';
import { instantiateSimdGradientLoops } from '../../../src/lib/kernels/simd-gradient-loops';
import { wasmBackendMemory } from '../../../src/lib/kernels/wasm-backend-heap';
import { loadSharedTrainingKernelsWasm, loadTrainingKernelsWasm } from '../../../src/lib/kernels/wasm-bytes-node';
import { randomArray, relativeMaxError, RELATIVE_TOLERANCE, seededRandom } from './backend-comparison';

/** Lays views out one after another in `memory`, 16-byte aligned, like a backend's heap. */
function heapOf(memory: WebAssembly.Memory) {
  let end = 1024; // pointer 0 is never a tensor
  return (values: Float32Array | number): Float32Array => {
    const length = typeof values === 'number' ? values : values.length;
    const view = new Float32Array(memory.buffer, end, length);
    if (typeof values !== 'number') view.set(values);
    end += Math.ceil((length * 4) / 16) * 16;
    return view;
  };
}

const sharedMemory = () => new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });

describe('the SIMD kernels on a shared memory', () => {
  it('bind in place to a shared memory with the shared build, and copy through a private one without it', async () => {
    const [plain, shared] = await Promise.all([loadTrainingKernelsWasm(), loadSharedTrainingKernelsWasm()]);
    const memory = sharedMemory();
    expect((await instantiateSimdGradientLoops(plain, memory, shared)).mode).toBe('in-place-shared');
    expect((await instantiateSimdGradientLoops(plain, memory)).mode).toBe('private-memory');
    // The plain build cannot import a shared memory at all: that is why there are two.
    await expect(WebAssembly.instantiate(plain, { env: { memory } })).rejects.toThrow();
  });

  it('compute the conv filter and input gradients and the max-pool gradient in place, as the JS loops do', async () => {
    const memory = sharedMemory();
    const { loops, mode, usage } = await instantiateSimdGradientLoops(await loadTrainingKernelsWasm(), memory, await loadSharedTrainingKernelsWasm());
    expect(mode).toBe('in-place-shared');
    const place = heapOf(memory);
    const random = seededRandom(7);

    const g = conv2dGeometry('Conv2DBackpropFilter', [3, 9, 8, 5], [3, 3, 5, 8], { strides: [2, 1], pad: 'same', dataFormat: 'NHWC' } as never);
    const x = place(randomArray(3 * 9 * 8 * 5, random));
    const dy = place(randomArray(g.batchSize * g.outHeight * g.outWidth * g.outChannels, random));
    const filter = place(randomArray(3 * 3 * 5 * 8, random));

    const dW = place(3 * 3 * 5 * 8);
    loops.conv2dFilterGradient(x, dy, g, dW);
    const dWExpected = new Float32Array(dW.length);
    jsLoops.conv2dFilterGradient(x.slice(), dy.slice(), g, dWExpected);
    expect(relativeMaxError(dW.slice(), dWExpected)).toBeLessThan(RELATIVE_TOLERANCE);

    const dx = place(x.length);
    loops.conv2dInputGradient(dy, filter, g, dx);
    const dxExpected = new Float32Array(dx.length);
    jsLoops.conv2dInputGradient(dy.slice(), filter.slice(), g, dxExpected);
    expect(relativeMaxError(dx.slice(), dxExpected)).toBeLessThan(RELATIVE_TOLERANCE);

    const pool = maxPoolGeometry([3, 9, 8, 5], { filterSize: 2, strides: 2, pad: 'valid' } as never);
    const poolDy = place(randomArray(pool.batchSize * pool.outHeight * pool.outWidth * pool.outChannels, random));
    const poolDx = place(x.length);
    loops.maxPoolInputGradient(x, poolDy, pool, poolDx);
    const poolDxExpected = new Float32Array(x.length);
    jsLoops.maxPoolInputGradient(x.slice(), poolDy.slice(), pool, poolDxExpected);
    expect(relativeMaxError(poolDx.slice(), poolDxExpected)).toBeLessThan(RELATIVE_TOLERANCE);

    // Stride 1, in place, both with scratch: 5×5 on padded copies and the input gradient as a
    // forward conv of dy; 3×3 both as Winograd F(2×2, 3×3).
    const x1 = place(randomArray(3 * 7 * 6 * 4, random));
    for (const k of [5, 3]) {
      const g = conv2dGeometry('Conv2D', [3, 7, 6, 4], [k, k, 4, 8], { strides: 1, pad: 'same', dataFormat: 'NHWC' } as never);
      const w1 = place(randomArray(k * k * 4 * 8, random));
      const y1 = place(3 * 7 * 6 * 8);
      loops.conv2dForward(x1, w1, null, g, k === 3, y1, place(loops.forwardScratchFloats(g)));
      const y1Expected = new Float32Array(y1.length);
      jsLoops.conv2dForward(x1.slice(), w1.slice(), null, g, k === 3, y1Expected);
      expect(relativeMaxError(y1.slice(), y1Expected), `${k}x${k} forward`).toBeLessThan(RELATIVE_TOLERANCE);
      const dx1 = place(x1.length);
      loops.conv2dInputGradient(y1, w1, g, dx1, place(loops.inputGradientScratchFloats(g)));
      const dx1Expected = new Float32Array(x1.length);
      jsLoops.conv2dInputGradient(y1.slice(), w1.slice(), g, dx1Expected);
      expect(relativeMaxError(dx1.slice(), dx1Expected), `${k}x${k} input gradient`).toBeLessThan(RELATIVE_TOLERANCE);
    }

    expect(usage).toEqual({ simd: 7, js: 0, paddedForward: 1, strideOneInputGradient: 1, winograd: 2, filterByImage: 0 });
  });

  it('fall back to the JS loops for views that are not on the shared memory', async () => {
    const memory = sharedMemory();
    const { loops, usage } = await instantiateSimdGradientLoops(await loadTrainingKernelsWasm(), memory, await loadSharedTrainingKernelsWasm());
    const random = seededRandom(8);
    const g = conv2dGeometry('Conv2DBackpropFilter', [2, 6, 6, 3], [3, 3, 3, 4], { strides: 1, pad: 'valid', dataFormat: 'NHWC' } as never);
    const x = randomArray(2 * 6 * 6 * 3, random);
    const dy = randomArray(g.batchSize * g.outHeight * g.outWidth * g.outChannels, random);
    const dW = new Float32Array(3 * 3 * 3 * 4);
    loops.conv2dFilterGradient(x, dy, g, dW);
    const expected = new Float32Array(dW.length);
    jsLoops.conv2dFilterGradient(x, dy, g, expected);
    expect(relativeMaxError(dW, expected)).toBeLessThan(RELATIVE_TOLERANCE);
    expect(usage).toMatchObject({ simd: 0, js: 1 });
  });

  it('find the threaded backend memory, which the Emscripten module keeps as wasmMemory, not as an export', () => {
    const memory = sharedMemory();
    expect(wasmBackendMemory({ wasm: { asm: {}, wasmMemory: memory } })).toBe(memory);
    const exported = new WebAssembly.Memory({ initial: 1 });
    expect(wasmBackendMemory({ wasm: { asm: { memory: exported }, wasmMemory: memory } })).toBe(exported);
    expect(wasmBackendMemory({ wasm: {} })).toBeUndefined();
  });
});
