/**
 * Web APIs (crypto.subtle, DecompressionStream) take bytes backed by a plain ArrayBuffer,
 * not a SharedArrayBuffer. Ours almost always are, so this copies only when they are not.
 */
export function arrayBufferBacked(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
