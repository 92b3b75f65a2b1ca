/**
 * Weights as bytes: how many bytes a weights manifest describes, and joining the buffers
 * TF.js or a file upload hands over into the one ArrayBuffer the rest of the site keeps.
 */
import type { io } from '@tensorflow/tfjs';

/** io.WeightData is one buffer or several (TF.js ≥ 4.10 may split large models). */
export function joinBuffers(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  const joined = new Uint8Array(data.reduce((sum, buffer) => sum + buffer.byteLength, 0));
  let offset = 0;
  for (const buffer of data) {
    joined.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return joined.buffer;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** How many bytes of weight data a manifest describes (quantized weights take their smaller size). */
export function weightBytes(specs: readonly io.WeightsManifestEntry[]): number {
  return specs.reduce((sum, spec) => {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const size = spec.shape.reduce((product, side) => product * side, 1);
    return sum + size * (DTYPE_BYTES[dtype] ?? Number.NaN);
  }, 0);
}

/** A manifest entry with a name, a type and a shape of whole numbers. */
export function isWeightSpec(value: unknown): value is io.WeightsManifestEntry {
  if (typeof value !== 'object' || value === null) return false;
  const spec = value as Record<string, unknown>;
  return (
    typeof spec.name === 'string' &&
    typeof spec.dtype === 'string' &&
    Array.isArray(spec.shape) &&
    spec.shape.every((side) => Number.isInteger(side) && side >= 0)
  );
}
