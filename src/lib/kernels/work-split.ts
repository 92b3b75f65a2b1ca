/**
 * How the SIMD gradient kernels split one call into chunks for the threads, without
 * changing the C: each chunk is the same exported function with pointers
 * moved and shapes cut, so every output element is summed in the same order
 * as on one thread (the threaded results are bit-identical). A call is cut into
 * `parts` chunks (chunkCount: a few per thread), which the threads claim as they come.
 *
 * - Conv2D forward, Conv2DBackpropInput, MaxPool and MaxPoolGrad: by image (each image's
 *   gradient depends on that image alone). The padded forms get one scratch image per chunk.
 * - Batch norm + ReLU + a tiled max pool: by image, the gradient's sums as batch norm's.
 * - Batch norm (moments, normalisation, gradient): by runs of whole CHANNEL_BLOCKs of rows;
 *   the sums over rows into each chunk's own float64 totals, added in chunk order on the
 *   calling thread (batchNormChunks: equal to one thread's to float rounding).
 * - Conv2DBackpropFilter on threads: by image, each chunk into its own partial sum, added
 *   afterwards (filterGradientByImageCalls: equal to one thread's to float rounding).
 *   Without scratch for the partials: by filter tap (kh, kw). A call with KH = 1 and the
 *   top padding moved by kh computes filter row kh alone; within a row, a run
 *   of taps kw0..kw1 is a call with KW = kw1 - kw0 and the left padding moved
 *   by kw0, because a row's (kw, ci) pairs are contiguous in x and in dW.
 *
 * Pure arithmetic (pointers are byte offsets), so Vitest checks it in Node.
 */
import type { ConvGeometry } from './conv-geometry';

/** One call of an exported kernel: its index in KERNEL_EXPORTS and its i32 arguments. */
export interface KernelCall {
  kernel: number;
  args: number[];
}

/** The C functions a thread can be asked to run, by index (the helper threads see the same list). */
export const KERNEL_EXPORTS = [
  'conv2d_filter_grad', 'conv2d_input_grad', 'max_pool_grad', 'conv2d_forward', 'conv2d_forward_padded', 'conv2d_input_grad_stride1',
  'max_pool_forward', 'max_pool_relu_bias_grad', 'conv2d_forward_winograd', 'winograd_filter_grad',
  'channel_moment_partials', 'batch_norm_apply', 'batch_norm_grad_partials', 'batch_norm_grad_apply',
  'batch_norm_relu_pool_forward', 'batch_norm_relu_pool_grad_partials', 'batch_norm_relu_pool_grad_apply',
] as const;
export const FILTER_GRAD = 0;
export const INPUT_GRAD = 1;
export const MAX_POOL_GRAD = 2;
export const CONV_FORWARD = 3;
export const CONV_FORWARD_PADDED = 4;
export const INPUT_GRAD_STRIDE_1 = 5;
export const MAX_POOL_FORWARD = 6;
export const MAX_POOL_RELU_BIAS_GRAD = 7;
export const CONV_FORWARD_WINOGRAD = 8;
export const FILTER_GRAD_WINOGRAD = 9;
export const CHANNEL_MOMENT_PARTIALS = 10;
export const BATCH_NORM_APPLY = 11;
export const BATCH_NORM_GRAD_PARTIALS = 12;
export const BATCH_NORM_GRAD_APPLY = 13;
export const BATCH_NORM_POOL_FORWARD = 14;
export const BATCH_NORM_POOL_GRAD_PARTIALS = 15;
export const BATCH_NORM_POOL_GRAD_APPLY = 16;

const FLOAT_BYTES = 4;

/**
 * `total` items in at most `parts` contiguous runs whose lengths differ by at
 * most one (the longer ones first); never an empty run, so 1 item is 1 run.
 */
export function splitEvenly(total: number, parts: number): [number, number][] {
  const count = Math.max(0, Math.min(Math.floor(parts), total));
  const runs: [number, number][] = [];
  let begin = 0;
  for (let i = 0; i < count; i++) {
    const length = Math.floor(total / count) + (i < total % count ? 1 : 0);
    runs.push([begin, begin + length]);
    begin += length;
  }
  return runs;
}

/** Chunks in one call at most (the thread pool's table holds this many). */
export const MAX_CHUNKS = 64;

/**
 * How many chunks a call of `items` (images, or filter taps) is cut into for `threads`
 * threads: `perThread` each, so a thread the machine holds up leaves its share to the others
 * (kernel-thread-pool.ts), never more chunks than items or than the pool's table holds; one
 * on a single thread. The split functions below take this as their `parts`.
 */
export function chunkCount(items: number, threads: number, perThread = 4): number {
  if (threads <= 1) return 1;
  return Math.max(1, Math.min(items, Math.floor(threads) * perThread, MAX_CHUNKS));
}

/** The shape arguments of both conv kernels, in the C functions' order. */
export function convShapeArgs(g: ConvGeometry): number[] {
  return [
    g.batchSize, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.outChannels,
    g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padInfo.top, g.padInfo.left,
  ];
}

export function maxPoolShapeArgs(g: ConvGeometry): number[] {
  return [
    g.batchSize, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth,
    g.effectiveFilterHeight, g.effectiveFilterWidth, g.strideHeight, g.strideWidth, g.padInfo.top, g.padInfo.left,
  ];
}

/** Conv2DBackpropInput by image: per chunk, one call on its images' dy and dx. */
export function inputGradientCalls(g: ConvGeometry, dyAt: number, filterAt: number, dxAt: number, parts: number): KernelCall[][] {
  const dyImage = g.outHeight * g.outWidth * g.outChannels * FLOAT_BYTES;
  const dxImage = g.inHeight * g.inWidth * g.inChannels * FLOAT_BYTES;
  const shape = convShapeArgs(g);
  return splitEvenly(g.batchSize, parts).map(([b0, b1]) => [
    { kernel: INPUT_GRAD, args: [dyAt + b0 * dyImage, filterAt, dxAt + b0 * dxImage, b1 - b0, ...shape.slice(1)] },
  ]);
}

/** Conv2D forward (bias and ReLU fused; biasAt 0 for none) by image: per chunk, one call on its images' x and y. */
export function forwardCalls(g: ConvGeometry, xAt: number, filterAt: number, biasAt: number, yAt: number, relu: boolean, parts: number): KernelCall[][] {
  const xImage = g.inHeight * g.inWidth * g.inChannels * FLOAT_BYTES;
  const yImage = g.outHeight * g.outWidth * g.outChannels * FLOAT_BYTES;
  const shape = convShapeArgs(g);
  return splitEvenly(g.batchSize, parts).map(([b0, b1]) => [
    { kernel: CONV_FORWARD, args: [xAt + b0 * xImage, filterAt, biasAt, yAt + b0 * yImage, b1 - b0, ...shape.slice(1), relu ? 1 : 0] },
  ]);
}

/** The rows and columns a conv's windows cover, padding included: Hp and Wp of conv2d_forward_padded. */
function coveredSize(g: ConvGeometry): [number, number] {
  return [(g.outHeight - 1) * g.strideHeight + g.filterHeight, (g.outWidth - 1) * g.strideWidth + g.filterWidth];
}

/** Floats of one padded image (conv2d_forward_padded's scratch: the image's rows, padded left and right). */
export function paddedImageFloats(g: ConvGeometry): number {
  const [, columns] = coveredSize(g);
  return g.inHeight * columns * g.inChannels;
}

/** Whether the forward conv has any padding (then it runs on padded copies: conv2d_forward_padded). */
export function forwardNeedsPadding(g: ConvGeometry): boolean {
  const [rows, columns] = coveredSize(g);
  return g.padInfo.top !== 0 || g.padInfo.left !== 0 || rows > g.inHeight || columns > g.inWidth;
}

/** As forwardCalls on padded copies: chunk i pads its images into scratch image i (paddedImageFloats each). */
export function paddedForwardCalls(
  g: ConvGeometry, xAt: number, filterAt: number, biasAt: number, yAt: number, scratchAt: number, relu: boolean, parts: number,
): KernelCall[][] {
  const scratchImage = paddedImageFloats(g) * FLOAT_BYTES;
  return forwardCalls(g, xAt, filterAt, biasAt, yAt, relu, parts).map(([call], chunk) => [
    { kernel: CONV_FORWARD_PADDED, args: [...call!.args.slice(0, 4), scratchAt + chunk * scratchImage, ...call!.args.slice(4)] },
  ]);
}

/**
 * A Winograd F(2×2, 3×3) forward conv (conv2d_forward_winograd): from an input of
 * `inHeight`×`inWidth`×`inChannels` to `outHeight`×`outWidth`×`outChannels`, stride 1,
 * padding `top`, `left`. The forward conv's own shapes, or those of the stride-1 input
 * gradient (dy in, dx out, the flipped filter).
 */
export interface WinogradConv {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  top: number;
  left: number;
}

/** The forward conv of `g` as a Winograd conv. */
export function winogradForward(g: ConvGeometry): WinogradConv {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = g;
  return { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, top: g.padInfo.top, left: g.padInfo.left };
}

/** The stride-1 input gradient of `g` as a Winograd conv: dy padded by 2 - pad, convolved with the flipped filter into dx. */
export function winogradInputGradient(g: ConvGeometry): WinogradConv {
  return {
    batchSize: g.batchSize, inHeight: g.outHeight, inWidth: g.outWidth, inChannels: g.outChannels,
    outHeight: g.inHeight, outWidth: g.inWidth, outChannels: g.inChannels,
    top: g.filterHeight - 1 - g.padInfo.top, left: g.filterWidth - 1 - g.padInfo.left,
  };
}

/** The transformed filter's floats: 16 × CI × CO (a multiple of 4: both counts are). */
export function winogradFilterFloats(w: WinogradConv): number {
  return 16 * w.inChannels * w.outChannels;
}

/** The image padded so that every 2×2 tile's 4×4 patch lies inside it (the C's Hp × Wp × CI). */
function winogradPaddedImageFloats(w: WinogradConv): number {
  return (2 * Math.ceil(w.outHeight / 2) + 2) * (2 * Math.ceil(w.outWidth / 2) + 2) * w.inChannels;
}

/**
 * Tiles conv2d_forward_winograd transforms and multiplies at a time, at most: whole rows of tiles, as many
 * as keep to this many tiles (at least one row). 7×7 maps take all 16 of their tiles at once, 14×14 all 49.
 */
const WINOGRAD_GROUP_TILES = 64;

/** Rows of tiles per group (conv2d_forward_winograd's R). */
export function winogradGroupRows(w: WinogradConv): number {
  const tileRows = Math.ceil(w.outHeight / 2);
  const tilesPerRow = Math.ceil(w.outWidth / 2);
  return Math.max(1, Math.min(tileRows, Math.floor(WINOGRAD_GROUP_TILES / tilesPerRow)));
}

/**
 * Floats from one of the sixteen rows of V, M or Q to the next, for `floats` each: the C's
 * winograd_stride (16 more where `floats` is within 8 of a multiple of 4 KB, which would put
 * all sixteen in one L1 cache set).
 */
export function winogradStride(floats: number): number {
  const r = floats % 1024;
  return r < 8 || r > 1016 ? floats + 16 : floats;
}

/** One chunk's scratch of conv2d_forward_winograd: the padded image, then V and M of one group of tile rows. */
export function winogradChunkFloats(w: WinogradConv): number {
  const tiles = winogradGroupRows(w) * Math.ceil(w.outWidth / 2);
  return winogradPaddedImageFloats(w) + 16 * (winogradStride(tiles * w.inChannels) + winogradStride(tiles * w.outChannels));
}

/** The Winograd conv by image, the transformed filter at filterAt: chunk i gets scratch `chunkFloats` floats at scratchAt + i · that. */
export function winogradCalls(
  w: WinogradConv, xAt: number, filterAt: number, biasAt: number, yAt: number, scratchAt: number, relu: boolean, parts: number,
): KernelCall[][] {
  const inImage = w.inHeight * w.inWidth * w.inChannels * FLOAT_BYTES;
  const outImage = w.outHeight * w.outWidth * w.outChannels * FLOAT_BYTES;
  const chunkBytes = winogradChunkFloats(w) * FLOAT_BYTES;
  return splitEvenly(w.batchSize, parts).map(([b0, b1], chunk) => [
    {
      kernel: CONV_FORWARD_WINOGRAD,
      args: [
        xAt + b0 * inImage, filterAt, biasAt, yAt + b0 * outImage, scratchAt + chunk * chunkBytes, b1 - b0,
        w.inHeight, w.inWidth, w.inChannels, w.outHeight, w.outWidth, w.outChannels, w.top, w.left, relu ? 1 : 0,
        winogradGroupRows(w),
      ],
    },
  ]);
}

/** One chunk's work floats of winograd_filter_grad: the padded image, then V and Q of all its tiles. */
export function winogradFilterGradientWorkFloats(w: WinogradConv): number {
  const tiles = Math.ceil(w.outHeight / 2) * Math.ceil(w.outWidth / 2);
  return winogradPaddedImageFloats(w) + 16 * (winogradStride(tiles * w.inChannels) + winogradStride(tiles * w.outChannels));
}

/**
 * The Winograd filter gradient's scratch for `parts` chunks: the summed S (16 × CI × CO), each
 * chunk's own S, then each chunk's work floats.
 */
export function winogradFilterGradientScratchFloats(w: WinogradConv, parts: number): number {
  return (1 + parts) * winogradFilterFloats(w) + parts * winogradFilterGradientWorkFloats(w);
}

/** winograd_filter_grad by image, each chunk into its own S after the summed one (see winogradFilterGradientScratchFloats). */
export function winogradFilterGradientCalls(w: WinogradConv, xAt: number, dyAt: number, scratchAt: number, parts: number): KernelCall[][] {
  const inImage = w.inHeight * w.inWidth * w.inChannels * FLOAT_BYTES;
  const outImage = w.outHeight * w.outWidth * w.outChannels * FLOAT_BYTES;
  const sBytes = winogradFilterFloats(w) * FLOAT_BYTES;
  const workAt = scratchAt + (1 + parts) * sBytes;
  const workBytes = winogradFilterGradientWorkFloats(w) * FLOAT_BYTES;
  return splitEvenly(w.batchSize, parts).map(([b0, b1], chunk) => [
    {
      kernel: FILTER_GRAD_WINOGRAD,
      args: [
        xAt + b0 * inImage, dyAt + b0 * outImage, scratchAt + (1 + chunk) * sBytes, workAt + chunk * workBytes, b1 - b0,
        w.inHeight, w.inWidth, w.inChannels, w.outHeight, w.outWidth, w.outChannels, w.top, w.left,
      ],
    },
  ]);
}

/** Floats of one padded dy image of conv2d_input_grad_stride1 (a forward conv of dy, with stride 1, whose output is dx). */
function paddedGradientImageFloats(g: ConvGeometry): number {
  return g.outHeight * (g.inWidth - 1 + g.filterWidth) * g.outChannels;
}

/** Floats of the stride-1 input gradient's scratch: the flipped filter, then one padded dy image per chunk. */
export function strideOneInputGradientScratchFloats(g: ConvGeometry, parts: number): number {
  return flippedFilterFloats(g) + parts * paddedGradientImageFloats(g);
}

/** The flipped filter's floats (the filter's, rounded up to whole vectors) so the scratch images after it stay aligned. */
export function flippedFilterFloats(g: ConvGeometry): number {
  return filterFloats(g);
}

/** Conv2DBackpropInput with stride 1 by image, after flip_filter wrote the flipped filter at scratchAt. */
export function strideOneInputGradientCalls(g: ConvGeometry, dyAt: number, dxAt: number, scratchAt: number, parts: number): KernelCall[][] {
  const dyImage = g.outHeight * g.outWidth * g.outChannels * FLOAT_BYTES;
  const dxImage = g.inHeight * g.inWidth * g.inChannels * FLOAT_BYTES;
  const imagesAt = scratchAt + flippedFilterFloats(g) * FLOAT_BYTES;
  const scratchImage = paddedGradientImageFloats(g) * FLOAT_BYTES;
  const [, H, W, CI, OH, OW, CO, KH, KW, , , pt, pl] = convShapeArgs(g) as number[];
  return splitEvenly(g.batchSize, parts).map(([b0, b1], chunk) => [
    {
      kernel: INPUT_GRAD_STRIDE_1,
      args: [dyAt + b0 * dyImage, scratchAt, dxAt + b0 * dxImage, imagesAt + chunk * scratchImage, b1 - b0, H!, W!, CI!, OH!, OW!, CO!, KH!, KW!, pt!, pl!],
    },
  ]);
}

/** MaxPoolGrad by image: per chunk, one call on its images' x, dy and dx. */
export function maxPoolGradientCalls(g: ConvGeometry, xAt: number, dyAt: number, dxAt: number, parts: number): KernelCall[][] {
  const inImage = g.inHeight * g.inWidth * g.inChannels * FLOAT_BYTES;
  const outImage = g.outHeight * g.outWidth * g.outChannels * FLOAT_BYTES;
  const shape = maxPoolShapeArgs(g);
  return splitEvenly(g.batchSize, parts).map(([b0, b1]) => [
    { kernel: MAX_POOL_GRAD, args: [xAt + b0 * inImage, dyAt + b0 * outImage, dxAt + b0 * inImage, b1 - b0, ...shape.slice(1)] },
  ]);
}

/**
 * Whether a pool's windows tile its input: stride = window, no padding (2×2 pooling with
 * stride 2, 'valid', or 'same' on sizes it divides). max_pool_forward and
 * max_pool_relu_bias_grad cover only these; MaxPoolGrad has a fast path for them.
 */
export function poolTilesInput(g: ConvGeometry): boolean {
  return (
    g.dilationHeight === 1 && g.dilationWidth === 1 &&
    g.strideHeight === g.effectiveFilterHeight && g.strideWidth === g.effectiveFilterWidth &&
    g.padInfo.top === 0 && g.padInfo.left === 0 &&
    g.outHeight * g.strideHeight <= g.inHeight && g.outWidth * g.strideWidth <= g.inWidth
  );
}

/** The shape arguments of max_pool_forward and max_pool_relu_bias_grad after the batch: H, W, C, OH, OW, FH, FW. */
function tiledPoolShapeArgs(g: ConvGeometry): number[] {
  return [g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.effectiveFilterHeight, g.effectiveFilterWidth];
}

/** MaxPool forward (windows that tile x) by image: per chunk, one call on its images' x and y. */
export function maxPoolForwardCalls(g: ConvGeometry, xAt: number, yAt: number, parts: number): KernelCall[][] {
  const inImage = g.inHeight * g.inWidth * g.inChannels * FLOAT_BYTES;
  const outImage = g.outHeight * g.outWidth * g.outChannels * FLOAT_BYTES;
  return splitEvenly(g.batchSize, parts).map(([b0, b1]) => [
    { kernel: MAX_POOL_FORWARD, args: [xAt + b0 * inImage, yAt + b0 * outImage, b1 - b0, ...tiledPoolShapeArgs(g)] },
  ]);
}

/** Floats of scratch the fused pool + ReLU + bias gradient needs per chunk: C doubles of totals, C floats of row sums (rounded to 4). */
export function poolReluBiasScratchFloatsPerChunk(channels: number): number {
  return 2 * channels + Math.ceil(channels / 4) * 4;
}

/**
 * The fused max-pool + ReLU + bias gradient by image: per chunk, one call on its images'
 * y, dy and dz, with its own totals (C doubles, at the scratch's start, chunk after chunk:
 * sum_partials then adds them in chunk order) and row sums (after all the totals).
 */
export function maxPoolReluBiasGradientCalls(g: ConvGeometry, yAt: number, dyAt: number, dzAt: number, scratchAt: number, parts: number): KernelCall[][] {
  const inImage = g.inHeight * g.inWidth * g.inChannels * FLOAT_BYTES;
  const outImage = g.outHeight * g.outWidth * g.outChannels * FLOAT_BYTES;
  const C = g.inChannels;
  const runs = splitEvenly(g.batchSize, parts);
  const rowSumsAt = scratchAt + runs.length * C * 2 * FLOAT_BYTES;
  return runs.map(([b0, b1], chunk) => [
    {
      kernel: MAX_POOL_RELU_BIAS_GRAD,
      args: [
        yAt + b0 * inImage, dyAt + b0 * outImage, dzAt + b0 * inImage, scratchAt + chunk * C * 2 * FLOAT_BYTES,
        rowSumsAt + chunk * Math.ceil(C / 4) * 4 * FLOAT_BYTES, b1 - b0, ...tiledPoolShapeArgs(g),
      ],
    },
  ]);
}

/** The filter gradient's floats, rounded up to whole vectors (one chunk's partial sum in the scratch). */
export function filterFloats(g: ConvGeometry): number {
  return Math.ceil((g.filterHeight * g.filterWidth * g.inChannels * g.outChannels) / 4) * 4;
}

/**
 * Conv2DBackpropFilter by image: chunk i sums its images' share of dW into partial i of the
 * scratch (filterFloats apart); channel_sums then adds the partials, in chunk order, in float64.
 * Every chunk reads only its images and keeps whole filter rows (the tap split below cuts rows,
 * and the first layer's rows are one channel wide). The sums are grouped by chunk, so the result
 * equals one thread's to float rounding, not bit for bit.
 */
export function filterGradientByImageCalls(g: ConvGeometry, xAt: number, dyAt: number, partialsAt: number, parts: number): KernelCall[][] {
  const inImage = g.inHeight * g.inWidth * g.inChannels * FLOAT_BYTES;
  const outImage = g.outHeight * g.outWidth * g.outChannels * FLOAT_BYTES;
  const [, H, W, CI, OH, OW, CO, KH, KW, sh, sw, pt, pl] = convShapeArgs(g) as number[];
  return splitEvenly(g.batchSize, parts).map(([b0, b1], chunk) => [
    {
      kernel: FILTER_GRAD,
      args: [xAt + b0 * inImage, dyAt + b0 * outImage, partialsAt + chunk * filterFloats(g) * FLOAT_BYTES, b1 - b0, H!, W!, CI!, OH!, OW!, CO!, KH!, KW!, sh!, sw!, pt!, pl!],
    },
  ]);
}

/**
 * Conv2DBackpropFilter by filter tap: the KH·KW taps in at most `parts`
 * contiguous runs, each run as at most three calls (the rest of a first row,
 * whole rows, the start of a last row).
 */
export function filterGradientCalls(g: ConvGeometry, xAt: number, dyAt: number, dWAt: number, parts: number): KernelCall[][] {
  const KW = g.filterWidth;
  const tapFloats = g.inChannels * g.outChannels;
  const [B, H, W, CI, OH, OW, CO, , , sh, sw, pt, pl] = convShapeArgs(g) as [number, ...number[]];
  const call = (kh: number, rows: number, kw0: number, kw1: number): KernelCall => ({
    kernel: FILTER_GRAD,
    args: [xAt, dyAt, dWAt + (kh * KW + kw0) * tapFloats * FLOAT_BYTES, B, H!, W!, CI!, OH!, OW!, CO!, rows, kw1 - kw0, sh!, sw!, pt! - kh, pl! - kw0],
  });
  return splitEvenly(g.filterHeight * KW, parts).map(([begin, end]) => {
    const calls: KernelCall[] = [];
    let tap = begin;
    if (tap % KW !== 0) {
      const rowEnd = Math.min(end, (Math.floor(tap / KW) + 1) * KW);
      calls.push(call(Math.floor(tap / KW), 1, tap % KW, rowEnd - Math.floor(tap / KW) * KW));
      tap = rowEnd;
    }
    const wholeRows = Math.floor((end - tap) / KW);
    if (wholeRows > 0) {
      calls.push(call(tap / KW, wholeRows, 0, KW));
      tap += wholeRows * KW;
    }
    if (tap < end) calls.push(call(tap / KW, 1, 0, end - tap));
    return calls;
  });
}

/** Rows the C sums in float32 before adding them to float64 totals (CHANNEL_BLOCK in training_kernels.c). */
export const CHANNEL_BLOCK = 64;

/** Scratch floats of one batch-norm chunk: its float64 totals (2C doubles), then its float32 partial sums (2C). */
function batchNormChunkFloats(channels: number): number {
  return 6 * channels;
}

/** The chunks a batch-norm pass over `rows` rows is cut into for `threads` threads: runs of whole CHANNEL_BLOCKs. */
export function batchNormParts(rows: number, threads: number): number {
  return Math.max(1, chunkCount(Math.ceil(rows / CHANNEL_BLOCK), threads));
}

/** A batch-norm call's scratch: every chunk's totals and partial sums, then 3C floats of per-channel coefficients. */
export function batchNormScratchFloats(rows: number, channels: number, parts: number): number {
  return parts * batchNormChunkFloats(channels) + 3 * channels;
}

/**
 * Where each batch-norm chunk's rows, totals and partial sums are (byte offsets), and the
 * coefficients after them; `stride` is the distance between two chunks' totals, in doubles
 * (the C's finish functions add chunk after chunk).
 */
export interface BatchNormChunks {
  runs: { rowByte: number; rows: number; totalsAt: number; partialAt: number }[];
  coefficientsAt: number;
  stride: number;
}

export function batchNormChunks(rows: number, channels: number, scratchAt: number, parts: number): BatchNormChunks {
  const chunkBytes = batchNormChunkFloats(channels) * FLOAT_BYTES;
  const blocks = splitEvenly(Math.max(1, Math.ceil(rows / CHANNEL_BLOCK)), parts);
  return {
    runs: blocks.map(([b0, b1], chunk) => {
      const [r0, r1] = [b0 * CHANNEL_BLOCK, Math.min(rows, b1 * CHANNEL_BLOCK)];
      const totalsAt = scratchAt + chunk * chunkBytes;
      return { rowByte: r0 * channels * FLOAT_BYTES, rows: r1 - r0, totalsAt, partialAt: totalsAt + 4 * channels * FLOAT_BYTES };
    }),
    coefficientsAt: scratchAt + blocks.length * chunkBytes,
    stride: batchNormChunkFloats(channels) / 2,
  };
}

/** channel_moment_partials per chunk: its rows of x, shifted by x's first row. */
export function channelMomentCalls(chunks: BatchNormChunks, xAt: number, channels: number): KernelCall[][] {
  return chunks.runs.map((run) => [
    { kernel: CHANNEL_MOMENT_PARTIALS, args: [xAt + run.rowByte, xAt, run.totalsAt, run.partialAt, run.rows, channels] },
  ]);
}

/** batch_norm_apply per chunk, with the coefficients at chunks.coefficientsAt. */
export function batchNormApplyCalls(chunks: BatchNormChunks, xAt: number, yAt: number, channels: number, relu: boolean): KernelCall[][] {
  return chunks.runs.map((run) => [
    { kernel: BATCH_NORM_APPLY, args: [xAt + run.rowByte, chunks.coefficientsAt, yAt + run.rowByte, run.rows, channels, relu ? 1 : 0] },
  ]);
}

/** batch_norm_grad_partials per chunk (yAt: the output, read when relu; any tensor of x's size otherwise). */
export function batchNormGradientPartialCalls(
  chunks: BatchNormChunks, xAt: number, dyAt: number, yAt: number, meanAt: number, channels: number, relu: boolean,
): KernelCall[][] {
  return chunks.runs.map((run) => [
    {
      kernel: BATCH_NORM_GRAD_PARTIALS,
      args: [xAt + run.rowByte, dyAt + run.rowByte, yAt + run.rowByte, meanAt, run.totalsAt, run.partialAt, run.rows, channels, relu ? 1 : 0],
    },
  ]);
}

/** batch_norm_grad_apply per chunk, with the coefficients at chunks.coefficientsAt. */
export function batchNormGradientApplyCalls(
  chunks: BatchNormChunks, xAt: number, dyAt: number, yAt: number, meanAt: number, dxAt: number, channels: number, relu: boolean,
): KernelCall[][] {
  return chunks.runs.map((run) => [
    {
      kernel: BATCH_NORM_GRAD_APPLY,
      args: [xAt + run.rowByte, dyAt + run.rowByte, yAt + run.rowByte, meanAt, chunks.coefficientsAt, dxAt + run.rowByte, run.rows, channels, relu ? 1 : 0],
    },
  ]);
}

/**
 * The scratch of batch norm + ReLU + tiled max pool (forward or gradient) for `parts` chunks by
 * image of pool geometry `g`: every chunk's totals and partial sums, the gradient's coefficients
 * (3C), a and b of the normalisation (2C), then two arrays of the pooled output's size: where in
 * each window its gradient goes, and that gradient.
 */
export function batchNormPoolScratchFloats(g: ConvGeometry, parts: number): number {
  const C = g.inChannels;
  return parts * batchNormPoolChunkFloats(C) + 5 * C + 2 * pooledFloats(g);
}

function pooledFloats(g: ConvGeometry): number {
  return g.batchSize * g.outHeight * g.outWidth * g.outChannels;
}

/** One batch norm + pool chunk's scratch: its float64 totals (2C doubles), then 4C floats of partial sums and window maxima. */
function batchNormPoolChunkFloats(channels: number): number {
  return 8 * channels;
}

/** Where batch norm + ReLU + pool keeps what (byte offsets), for `parts` chunks by image of a pool geometry. */
export interface BatchNormPoolChunks {
  runs: { images: [number, number]; totalsAt: number; partialAt: number }[];
  coefficientsAt: number;
  abAt: number;
  whereAt: number;
  dzAt: number;
  stride: number;
}

export function batchNormPoolChunks(g: ConvGeometry, scratchAt: number, parts: number): BatchNormPoolChunks {
  const C = g.inChannels;
  const chunkBytes = batchNormPoolChunkFloats(C) * FLOAT_BYTES;
  const runs = splitEvenly(g.batchSize, parts);
  const coefficientsAt = scratchAt + runs.length * chunkBytes;
  const whereAt = coefficientsAt + 5 * C * FLOAT_BYTES;
  return {
    runs: runs.map((images, chunk) => ({ images, totalsAt: scratchAt + chunk * chunkBytes, partialAt: scratchAt + chunk * chunkBytes + 4 * C * FLOAT_BYTES })),
    coefficientsAt,
    abAt: coefficientsAt + 3 * C * FLOAT_BYTES,
    whereAt,
    dzAt: whereAt + pooledFloats(g) * FLOAT_BYTES,
    stride: batchNormPoolChunkFloats(C) / 2,
  };
}

/** batch_norm_relu_pool_forward by image: x's images into the pooled y's. */
export function batchNormPoolForwardCalls(g: ConvGeometry, chunks: BatchNormPoolChunks, xAt: number, yAt: number): KernelCall[][] {
  const inImage = g.inHeight * g.inWidth * g.inChannels * FLOAT_BYTES;
  const outImage = g.outHeight * g.outWidth * g.outChannels * FLOAT_BYTES;
  return chunks.runs.map(({ images: [b0, b1] }) => [
    { kernel: BATCH_NORM_POOL_FORWARD, args: [xAt + b0 * inImage, chunks.abAt, yAt + b0 * outImage, b1 - b0, ...tiledPoolShapeArgs(g)] },
  ]);
}

/** batch_norm_relu_pool_grad_partials by image (dy: the pooled output's gradient), each chunk into its own totals. */
export function batchNormPoolGradientPartialCalls(g: ConvGeometry, chunks: BatchNormPoolChunks, xAt: number, dyAt: number, meanAt: number): KernelCall[][] {
  const inImage = g.inHeight * g.inWidth * g.inChannels * FLOAT_BYTES;
  const outImage = g.outHeight * g.outWidth * g.outChannels * FLOAT_BYTES;
  return chunks.runs.map(({ images: [b0, b1], totalsAt, partialAt }) => [
    {
      kernel: BATCH_NORM_POOL_GRAD_PARTIALS,
      args: [
        xAt + b0 * inImage, dyAt + b0 * outImage, chunks.abAt, meanAt, totalsAt, partialAt, chunks.whereAt + b0 * outImage, chunks.dzAt + b0 * outImage,
        b1 - b0, ...tiledPoolShapeArgs(g),
      ],
    },
  ]);
}

/** batch_norm_relu_pool_grad_apply by image, with the coefficients batch_norm_grad_finish wrote. */
export function batchNormPoolGradientApplyCalls(g: ConvGeometry, chunks: BatchNormPoolChunks, xAt: number, meanAt: number, dxAt: number): KernelCall[][] {
  const inImage = g.inHeight * g.inWidth * g.inChannels * FLOAT_BYTES;
  const outImage = g.outHeight * g.outWidth * g.outChannels * FLOAT_BYTES;
  return chunks.runs.map(({ images: [b0, b1] }) => [
    {
      kernel: BATCH_NORM_POOL_GRAD_APPLY,
      args: [xAt + b0 * inImage, chunks.whereAt + b0 * outImage, chunks.dzAt + b0 * outImage, meanAt, chunks.coefficientsAt, dxAt + b0 * inImage, b1 - b0, ...tiledPoolShapeArgs(g)],
    },
  ]);
}
