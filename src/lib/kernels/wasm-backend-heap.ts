/**
 * What our kernels need from TF.js's 'wasm' backend (BackendWasm in
 * @tensorflow/tfjs-backend-wasm 4.22): allocate an output tensor in its heap,
 * view a tensor's bytes there, and free a scratch output. Typed structurally so
 * this folder does not have to load the wasm backend just to name its class.
 */
import * as tf from '@tensorflow/tfjs';

export interface WasmBackendHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  /** Frees an output made here that no tensor took (a kernel's scratch array). */
  disposeData(dataId: object): boolean;
}

export function asWasmBackend(backend: unknown): WasmBackendHeap {
  const candidate = backend as Partial<WasmBackendHeap> | null;
  if (typeof candidate?.makeOutput !== 'function' || typeof candidate.typedArrayFromHeap !== 'function' || typeof candidate.disposeData !== 'function') {
    throw new Error('Digit Lab training kernels run only on the TF.js "wasm" backend');
  }
  return candidate as WasmBackendHeap;
}

/**
 * A float32 view of a tensor in the wasm heap. Take views only after the last
 * makeOutput of a kernel: allocating may grow the heap, which replaces its
 * ArrayBuffer and leaves earlier views detached (length 0).
 */
export function float32View(backend: WasmBackendHeap, tensor: tf.TensorInfo): Float32Array {
  if (tensor.dtype !== 'float32') throw new Error(`Expected a float32 tensor, got ${tensor.dtype}`);
  const view = backend.typedArrayFromHeap(tensor);
  if (!(view instanceof Float32Array)) throw new Error('The wasm backend returned a non-float32 view');
  return view;
}

/** An int32 view of a tensor in the wasm heap (labels); the same care as float32View. */
export function int32View(backend: WasmBackendHeap, tensor: tf.TensorInfo): Int32Array {
  if (tensor.dtype !== 'int32') throw new Error(`Expected an int32 tensor, got ${tensor.dtype}`);
  const view = backend.typedArrayFromHeap(tensor);
  if (!(view instanceof Int32Array)) throw new Error('The wasm backend returned a non-int32 view');
  return view;
}

/** The named input of a kernel call, or a clear error naming the kernel. */
export function requireInput(inputs: tf.NamedTensorInfoMap, name: string, kernelName: string): tf.TensorInfo {
  const tensor = inputs[name];
  if (tensor === undefined) throw new Error(`${kernelName}: missing input "${name}"`);
  return tensor;
}

/**
 * The backend's WebAssembly.Memory (4.22 internals): the single-threaded builds
 * export it from their module (`asm.memory`); the threaded build creates a
 * shared memory in JS and keeps it as `wasmMemory`.
 */
export function wasmBackendMemory(backend: unknown): WebAssembly.Memory | undefined {
  const emscriptenModule = (backend as { wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown } } | null)?.wasm;
  const exported = emscriptenModule?.asm?.memory;
  if (exported instanceof WebAssembly.Memory) return exported;
  const created = emscriptenModule?.wasmMemory;
  return created instanceof WebAssembly.Memory ? created : undefined;
}
