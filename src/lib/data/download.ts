/**
 * Reads a response body piece by piece, so a progress bar can move while 10 MB arrive
 * (`response.arrayBuffer()` would only say "done" at the end).
 */
export async function readBodyWithProgress(
  response: Response,
  onBytes: (receivedBytes: number) => void,
): Promise<Uint8Array> {
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onBytes(bytes.length);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onBytes(received);
  }
  return concatBytes(chunks, received);
}

function concatBytes(chunks: Uint8Array[], totalLength: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]!.length === totalLength) return chunks[0]!;
  const joined = new Uint8Array(totalLength);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
