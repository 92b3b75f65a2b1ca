/**
 * The IDX file format, in which MNIST was published (Yann LeCun's page, 1998).
 *
 * An IDX file is a 4-byte magic number, one big-endian uint32 per dimension, then the
 * values themselves. The magic is two zero bytes, a type code and the number of
 * dimensions. MNIST only uses type 0x08 (unsigned byte), so that is all we accept.
 */

export class IdxError extends Error {
  override name = 'IdxError';
}

export interface IdxTensor {
  dims: number[];
  /** A view into the bytes that were parsed, not a copy: 47 MB is worth not copying. */
  data: Uint8Array;
}

const UNSIGNED_BYTE_TYPE = 0x08;
const MAX_DIMS = 4;
const HEADER_BYTES = 4;
const DIM_BYTES = 4;
const LABEL_CLASSES = 10;

export function parseIdx(bytes: Uint8Array): IdxTensor {
  if (bytes.length < HEADER_BYTES) {
    throw new IdxError(`IDX data too short: expected at least ${HEADER_BYTES} header bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zeros = view.getUint16(0);
  const type = view.getUint8(2);
  const dimCount = view.getUint8(3);
  if (zeros !== 0) {
    throw new IdxError(`Not an IDX file: expected magic starting with 0x0000, got 0x${hex(zeros, 4)}`);
  }
  if (type !== UNSIGNED_BYTE_TYPE) {
    throw new IdxError(`Unsupported IDX value type: expected 0x08 (unsigned byte), got 0x${hex(type, 2)}`);
  }
  if (dimCount < 1 || dimCount > MAX_DIMS) {
    throw new IdxError(`Unsupported IDX dimension count: expected 1 to ${MAX_DIMS}, got ${dimCount}`);
  }
  const headerLength = HEADER_BYTES + DIM_BYTES * dimCount;
  if (bytes.length < headerLength) {
    throw new IdxError(`IDX header truncated: expected ${headerLength} bytes for ${dimCount} dimensions, got ${bytes.length}`);
  }
  const dims: number[] = [];
  for (let d = 0; d < dimCount; d++) dims.push(view.getUint32(HEADER_BYTES + DIM_BYTES * d));
  const valueCount = dims.reduce((product, size) => product * size, 1);
  const expectedLength = headerLength + valueCount;
  if (bytes.length !== expectedLength) {
    const problem = bytes.length < expectedLength ? 'truncated' : 'too long';
    throw new IdxError(
      `IDX data ${problem}: dims [${dims.join(', ')}] need ${expectedLength} bytes, got ${bytes.length}`,
    );
  }
  return { dims, data: bytes.subarray(headerLength) };
}

/** Images are a 3-dimensional IDX: count × rows × cols, one byte per pixel (0 = background). */
export function parseImages(bytes: Uint8Array): { count: number; rows: number; cols: number; pixels: Uint8Array } {
  const { dims, data } = parseIdx(bytes);
  const [count, rows, cols] = dims;
  if (dims.length !== 3 || count === undefined || rows === undefined || cols === undefined) {
    throw new IdxError(`Not an image file: expected 3 dimensions (count, rows, cols), got ${dims.length}`);
  }
  return { count, rows, cols, pixels: data };
}

/** Labels are a 1-dimensional IDX of digits; anything outside 0..9 means the file is not MNIST labels. */
export function parseLabels(bytes: Uint8Array): Uint8Array {
  const { dims, data } = parseIdx(bytes);
  if (dims.length !== 1) {
    throw new IdxError(`Not a label file: expected 1 dimension, got ${dims.length}`);
  }
  const badIndex = data.findIndex((label) => label >= LABEL_CLASSES);
  if (badIndex !== -1) {
    throw new IdxError(`Label ${badIndex} is ${data[badIndex]}: expected a digit 0 to 9`);
  }
  return data;
}

/** Writes unsigned-byte IDX data; the fixtures in tests are made with it. */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  if (dims.length < 1 || dims.length > MAX_DIMS) {
    throw new IdxError(`encodeIdx: expected 1 to ${MAX_DIMS} dimensions, got ${dims.length}`);
  }
  const valueCount = dims.reduce((product, size) => product * size, 1);
  if (valueCount !== data.length) {
    throw new IdxError(`encodeIdx: dims [${dims.join(', ')}] need ${valueCount} values, got ${data.length}`);
  }
  const headerLength = HEADER_BYTES + DIM_BYTES * dims.length;
  const bytes = new Uint8Array(headerLength + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(2, UNSIGNED_BYTE_TYPE);
  view.setUint8(3, dims.length);
  dims.forEach((size, d) => view.setUint32(HEADER_BYTES + DIM_BYTES * d, size));
  bytes.set(data, headerLength);
  return bytes;
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}
