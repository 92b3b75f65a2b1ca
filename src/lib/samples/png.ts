/**
 * Greyscale PNG files, written and read without a canvas (so Node tests and workers can too):
 * the PNG format is a signature and chunks (length, type, data, CRC-32); the pixels are rows,
 * each with a filter byte, compressed with zlib — which every browser and Node have as
 * CompressionStream('deflate'). Reading accepts 8-bit greyscale, grey+alpha, RGB and RGBA
 * (non-interlaced), the kinds an image editor saves, and keeps one grey value per pixel.
 */
const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** Far more than a sprite of a class's digits needs; keeps a hostile file from eating memory. */
const MAX_PIXELS = 4096 * 4096;

export class PngError extends Error {
  override name = 'PngError';
}

export interface GreyImage {
  width: number;
  height: number;
  /** One byte per pixel, row by row. */
  pixels: Uint8Array;
}

export async function encodeGreyPng(image: GreyImage): Promise<Uint8Array> {
  const { width, height, pixels } = image;
  if (pixels.length !== width * height) throw new PngError(`A ${width}×${height} image has ${width * height} pixels, got ${pixels.length}`);
  const rows = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) rows.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1); // filter 0 (none)
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8); // 8 bits, greyscale, deflate, adaptive filtering, no interlace
  return concat([Uint8Array.from(SIGNATURE), chunk('IHDR', header), chunk('IDAT', await zlib(rows, 'compress')), chunk('IEND', new Uint8Array(0))]);
}

export async function decodeGreyPng(bytes: Uint8Array): Promise<GreyImage> {
  if (bytes.length < 8 || SIGNATURE.some((value, i) => bytes[i] !== value)) throw new PngError('This is not a PNG file.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Uint8Array[] = [];
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (body.length !== length) throw new PngError('The PNG file is cut short.');
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      const [depth, colour, , , interlace] = body.subarray(8, 13);
      channels = ({ 0: 1, 4: 2, 2: 3, 6: 4 } as Record<number, number>)[colour ?? -1] ?? 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) {
        throw new PngError('Only 8-bit, non-interlaced greyscale or colour PNG files can be read (save it again as an 8-bit PNG).');
      }
      if (width === 0 || height === 0 || width * height > MAX_PIXELS) throw new PngError(`A ${width}×${height} PNG is too large to read here.`);
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (channels === 0 || data.length === 0) throw new PngError('The PNG file has no image in it.');
  const rowBytes = width * channels;
  let raw: Uint8Array;
  try {
    raw = await zlib(concat(data), 'decompress');
  } catch {
    throw new PngError('The PNG file is damaged (its pixels cannot be decompressed).');
  }
  if (raw.length < (rowBytes + 1) * height) throw new PngError('The PNG file is damaged (it has fewer pixel rows than it says).');
  const unfiltered = unfilter(raw, rowBytes, height, channels);
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const at = i * channels;
    // Grey, or the mean of R, G, B; alpha, where present, fades towards black (MNIST's background).
    const grey = channels >= 3 ? (unfiltered[at]! + unfiltered[at + 1]! + unfiltered[at + 2]!) / 3 : unfiltered[at]!;
    const alpha = channels === 2 ? unfiltered[at + 1]! : channels === 4 ? unfiltered[at + 3]! : 255;
    pixels[i] = Math.round((grey * alpha) / 255);
  }
  return { width, height, pixels };
}

function unfilter(raw: Uint8Array, rowBytes: number, height: number, step: number): Uint8Array {
  const out = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)];
    const input = raw.subarray(y * (rowBytes + 1) + 1, (y + 1) * (rowBytes + 1));
    const row = out.subarray(y * rowBytes, (y + 1) * rowBytes);
    const above = y > 0 ? out.subarray((y - 1) * rowBytes, y * rowBytes) : new Uint8Array(rowBytes);
    for (let x = 0; x < rowBytes; x++) {
      const left = x >= step ? row[x - step]! : 0;
      const up = above[x]!;
      const upLeft = x >= step ? above[x - step]! : 0;
      const predictor =
        filter === 0 ? 0 : filter === 1 ? left : filter === 2 ? up : filter === 3 ? (left + up) >> 1 : filter === 4 ? paeth(left, up, upLeft) : -1;
      if (predictor < 0) throw new PngError('The PNG file is damaged (an unknown row filter).');
      row[x] = (input[x]! + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

async function zlib(bytes: Uint8Array, direction: 'compress' | 'decompress'): Promise<Uint8Array> {
  const stream = direction === 'compress' ? new CompressionStream('deflate') : new DecompressionStream('deflate');
  const output = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(output).arrayBuffer());
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309), as PNG chunks carry it. */
export function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
