/**
 * What the network reads: pixels as numbers from 0 (background) to 1 (ink). MNIST stores
 * bytes 0..255; dividing by 255 keeps the first layer's inputs small, where the initial
 * weights (He, Glorot) expect them.
 */

/** The factor that brings `pixels` to 0..1: bytes are 0..255, floats are taken to be 0..1 already. */
export function pixelScale(pixels: Uint8Array | Float32Array): number {
  return pixels instanceof Uint8Array ? 1 / 255 : 1;
}

/** A 0..1 copy of MNIST bytes, ready to become an input tensor. */
export function toUnitRange(pixels: Uint8Array): Float32Array {
  const scale = pixelScale(pixels);
  // A plain loop: Float32Array.from with a map function is several times slower on 43 M bytes.
  const scaled = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) scaled[i] = pixels[i]! * scale;
  return scaled;
}
