/**
 * What a convolution learned: its kernels as small images. A kernel's weights are positive
 * (it wants ink there) or negative (it wants background there), so they are drawn on a
 * diverging scale: blue for negative, white for zero, red for positive, symmetric around
 * zero so the colours of two kernels of one layer compare.
 */
import type { LayersModel } from '@tensorflow/tfjs';

export interface ConvKernels {
  layerName: string;
  /** kernel height and width */
  size: [number, number];
  inChannels: number;
  outChannels: number;
  /** Largest |weight| in the layer: the ends of the colour scale. */
  maxAbs: number;
  /** kernel(out, in) as size[0] × size[1] values, row by row. */
  kernel(out: number, input: number): Float32Array;
}

/** The convolution layers of a model, in order (none for a dense-only model). */
export function convLayers(model: LayersModel) {
  return model.layers.filter((layer) => layer.getClassName() === 'Conv2D');
}

/** A kernel tensor's values in TF.js's layout [height, width, in, out] → ConvKernels. */
export function kernelsFromValues(layerName: string, values: Float32Array, shape: readonly number[]): ConvKernels {
  const [height, width, inChannels, outChannels] = shape as [number, number, number, number];
  if (shape.length !== 4 || values.length !== height * width * inChannels * outChannels) {
    throw new RangeError(`A convolution kernel is [height, width, in, out], got [${shape.join(', ')}] with ${values.length} values`);
  }
  let maxAbs = 0;
  for (const value of values) maxAbs = Math.max(maxAbs, Math.abs(value));
  return {
    layerName,
    size: [height, width],
    inChannels,
    outChannels,
    maxAbs,
    kernel(out, input) {
      const image = new Float32Array(height * width);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) image[y * width + x] = values[((y * width + x) * inChannels + input) * outChannels + out]!;
      }
      return image;
    },
  };
}

/** Every convolution's kernels, read from the model's weights (the first weight of a Conv2D is its kernel). */
export function modelKernels(model: LayersModel): ConvKernels[] {
  return convLayers(model).map((layer) => {
    const kernel = layer.getWeights()[0]!;
    return kernelsFromValues(layer.name, kernel.dataSync() as Float32Array, kernel.shape);
  });
}

/**
 * A weight's colour: blue (−maxAbs) … white (0) … red (+maxAbs), as [r, g, b] 0..255.
 * Values beyond ±maxAbs take the end colours.
 */
export function divergingColour(value: number, maxAbs: number): [number, number, number] {
  const t = maxAbs > 0 ? Math.max(-1, Math.min(1, value / maxAbs)) : 0;
  // Ends: #2166ac (blue) and #b2182b (red), ColorBrewer's RdBu, readable for most colour-blind viewers.
  const [end, share] = t < 0 ? [[33, 102, 172], -t] : [[178, 24, 43], t];
  return end.map((channel) => Math.round(255 + (channel - 255) * share)) as [number, number, number];
}

/** RGBA pixels of a kernel image on the diverging scale. */
/** Grey pixels (RGBA) for values: 0 (and below) black, `max` white. */
export function greyPixels(values: Float32Array, max: number): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const grey = max > 0 ? Math.round((Math.max(0, values[i]!) / max) * 255) : 0;
    pixels[i * 4] = pixels[i * 4 + 1] = pixels[i * 4 + 2] = grey;
    pixels[i * 4 + 3] = 255;
  }
  return pixels;
}

/**
 * True when RGBA pixels hold more than one colour: a picture that shows something. Read from the
 * pixels before they are painted, not back from the canvas (a read-back per canvas made lesson
 * 6's redraws long tasks).
 */
export function isInked(pixels: Uint8ClampedArray): boolean {
  for (let i = 4; i < pixels.length; i += 4) {
    if (pixels[i] !== pixels[0] || pixels[i + 1] !== pixels[1] || pixels[i + 2] !== pixels[2]) return true;
  }
  return false;
}

export function kernelPixels(values: Float32Array, maxAbs: number): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(values.length * 4);
  values.forEach((value, i) => {
    const [r, g, b] = divergingColour(value, maxAbs);
    pixels.set([r, g, b, 255], i * 4);
  });
  return pixels;
}
