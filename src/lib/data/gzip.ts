/**
 * Gzip in the browser without a library: DecompressionStream is built into every current
 * browser and into Node 18+.
 */
import { arrayBufferBacked } from './array-buffer-bytes';

/** Every gzip stream starts with the bytes 1f 8b (RFC 1952); an IDX file starts with 00 00. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const compressed = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(arrayBufferBacked(bytes));
      controller.close();
    },
  });
  const decompressed = compressed.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(decompressed).arrayBuffer());
}
