/**
 * What `show(value, label?)` makes of a value, decided here without a DOM (the page draws
 * the result, show-dom.ts): a number or string as text; a 28×28 array or tensor as a digit
 * image, and a batch of them as a strip; any other tensor as its shape, dtype and first
 * values; a tf.LayersModel as its summary; an element (an Observable Plot figure) as itself;
 * a tfjs-vis chart spec as that chart; other arrays and objects as a table.
 *
 * Tensors and models are recognised by their shape, not their class, so this module needs
 * no TF.js (and a tensor from any copy of TF.js works).
 */
export type Shown =
  | { kind: 'text'; text: string }
  | { kind: 'image'; pixels: Float32Array; width: number; height: number }
  | { kind: 'strip'; images: Float32Array[]; width: number; height: number; total: number }
  | { kind: 'tensor'; shape: number[]; dtype: string; preview: string; size: number }
  | { kind: 'table'; columns: string[]; rows: string[][]; total: number }
  | { kind: 'model'; name: string; rows: ModelSummaryRow[]; parameters: number }
  | { kind: 'element'; element: unknown }
  | { kind: 'vis'; chart: VisChartType; data: unknown; options: Record<string, unknown> };

export interface ModelSummaryRow {
  name: string;
  type: string;
  outputShape: string;
  parameters: number;
}

/** The tfjs-vis charts `show` draws from a spec like `{ chart: 'linechart', data, options }`. */
export const VIS_CHARTS = ['linechart', 'barchart', 'scatterplot', 'histogram', 'heatmap'] as const;
export type VisChartType = (typeof VIS_CHARTS)[number];

/** Rows and images beyond these are counted, not shown. */
export const SHOW_LIMITS = { tableRows: 50, stripImages: 32, previewValues: 12 } as const;

const IMAGE_SIDE = 28;
const IMAGE_SIZE = IMAGE_SIDE * IMAGE_SIDE;

interface TensorLike {
  shape: number[];
  dtype: string;
  size: number;
  dataSync(): ArrayLike<number>;
  isDisposed?: boolean;
}

interface LayerLike {
  name: string;
  getClassName(): string;
  countParams(): number;
  outputShape: unknown;
}

interface ModelLike {
  name: string;
  layers: LayerLike[];
  countParams(): number;
}

export function classifyForShow(value: unknown): Shown {
  if (value === null || value === undefined || typeof value !== 'object') {
    return { kind: 'text', text: typeof value === 'string' ? value : formatScalar(value) };
  }
  if (isTensor(value)) return classifyTensor(value);
  if (isModel(value)) return summariseModel(value);
  if (isElement(value)) return { kind: 'element', element: value };
  if (isVisSpec(value)) return { kind: 'vis', chart: value.chart, data: value.data, options: value.options ?? {} };
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return classifyNumbers(Array.from(value as unknown as ArrayLike<number>), value.constructor.name);
  if (Array.isArray(value)) return classifyArray(value);
  if (value instanceof Map) return table(['key', 'value'], [...value].map(([k, v]) => [cellText(k), cellText(v)]));
  return table(['name', 'value'], Object.entries(value).map(([k, v]) => [k, cellText(v)]));
}

function classifyTensor(tensor: TensorLike): Shown {
  if (tensor.isDisposed) return { kind: 'text', text: `A tensor that was disposed (shape [${tensor.shape.join(', ')}]): it holds no values any more.` };
  const shape = [...tensor.shape];
  const batch = batchOfImages(shape);
  if (batch !== null && tensor.dtype !== 'string') return imagesFrom(Float32Array.from(tensor.dataSync()), batch);
  const values = tensor.dtype === 'string' ? [] : Array.from(tensor.dataSync().length > SHOW_LIMITS.previewValues ? Array.prototype.slice.call(tensor.dataSync(), 0, SHOW_LIMITS.previewValues) : tensor.dataSync());
  const more = tensor.size > values.length ? `, … (${tensor.size - values.length} more)` : '';
  return { kind: 'tensor', shape, dtype: tensor.dtype, size: tensor.size, preview: `[${values.map(formatNumber).join(', ')}${more}]` };
}

/** How many 28×28 images a shape holds, or null: [28,28], [28,28,1], [784], [n,28,28], [n,28,28,1], [n,784]. */
export function batchOfImages(shape: readonly number[]): number | null {
  const dims = shape[shape.length - 1] === 1 && shape.length >= 3 ? shape.slice(0, -1) : [...shape];
  if (dims.length === 1 && dims[0] === IMAGE_SIZE) return 0;
  if (dims.length === 2 && dims[0] === IMAGE_SIDE && dims[1] === IMAGE_SIDE) return 0;
  if (dims.length === 2 && dims[1] === IMAGE_SIZE) return dims[0]!;
  if (dims.length === 3 && dims[1] === IMAGE_SIDE && dims[2] === IMAGE_SIDE) return dims[0]!;
  return null;
}

/** `count` 0 means one image (no batch dimension). Values are scaled to 0..1 from bytes when they go past 1. */
function imagesFrom(values: Float32Array, count: number): Shown {
  const images = count === 0 ? [values] : Array.from({ length: Math.min(count, SHOW_LIMITS.stripImages) }, (_, i) => values.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE));
  let max = 0;
  for (const image of images) for (const v of image) if (v > max) max = v;
  const scaled = images.map((image) => (max > 1 ? image.map((v) => v / 255) : Float32Array.from(image)));
  if (count === 0) return { kind: 'image', pixels: scaled[0]!, width: IMAGE_SIDE, height: IMAGE_SIDE };
  return { kind: 'strip', images: scaled, width: IMAGE_SIDE, height: IMAGE_SIDE, total: count };
}

function classifyNumbers(values: number[], typeName: string): Shown {
  if (values.length === IMAGE_SIZE) return imagesFrom(Float32Array.from(values), 0);
  if (values.length > IMAGE_SIZE && values.length % IMAGE_SIZE === 0 && typeName !== 'Array') {
    return imagesFrom(Float32Array.from(values), values.length / IMAGE_SIZE);
  }
  return table(['index', 'value'], values.map((v, i) => [String(i), formatNumber(v)]));
}

function classifyArray(values: unknown[]): Shown {
  if (values.length > 0 && values.every((v) => typeof v === 'number')) return classifyNumbers(values as number[], 'Array');
  const shape = nestedShape(values);
  if (shape && batchOfImages(shape) !== null) return imagesFrom(Float32Array.from(values.flat(Infinity) as number[]), batchOfImages(shape)!);
  if (values.length > 0 && values.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v))) {
    const columns = [...new Set(values.flatMap((v) => Object.keys(v as object)))];
    return table(columns, values.map((v) => columns.map((c) => (Object.hasOwn(v as object, c) ? cellText((v as Record<string, unknown>)[c]) : ''))));
  }
  if (values.length > 0 && values.every((v) => Array.isArray(v))) {
    const width = Math.max(...values.map((v) => (v as unknown[]).length));
    return table(Array.from({ length: width }, (_, i) => String(i)), values.map((v) => (v as unknown[]).map(cellText)));
  }
  return table(['index', 'value'], values.map((v, i) => [String(i), cellText(v)]));
}

/** The shape of a regular nested array of numbers, or null. */
function nestedShape(values: unknown[]): number[] | null {
  if (values.every((v) => typeof v === 'number')) return [values.length];
  if (!values.every((v) => Array.isArray(v) || ArrayBuffer.isView(v))) return null;
  const inner = values.map((v) => nestedShape(Array.from(v as ArrayLike<unknown>)));
  const first = inner[0];
  if (!first || inner.some((s) => s === null || s.join() !== first.join())) return null;
  return [values.length, ...first];
}

export function summariseModel(model: ModelLike): Shown {
  const rows = model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: formatOutputShape(layer.outputShape),
    parameters: layer.countParams(),
  }));
  return { kind: 'model', name: model.name, rows, parameters: model.countParams() };
}

function formatOutputShape(shape: unknown): string {
  if (!Array.isArray(shape)) return String(shape);
  if (shape.length > 0 && shape.every(Array.isArray)) return shape.map(formatOutputShape).join(', ');
  return `[${shape.map((d) => (d === null ? 'batch' : String(d))).join(', ')}]`;
}

function table(columns: string[], rows: string[][]): Shown {
  return { kind: 'table', columns, rows: rows.slice(0, SHOW_LIMITS.tableRows), total: rows.length };
}

function cellText(value: unknown): string {
  if (value === null || value === undefined || typeof value !== 'object') return typeof value === 'string' ? value : formatScalar(value);
  if (isTensor(value)) return `tensor [${value.shape.join(', ')}] ${value.dtype}`;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const list = Array.from(value as ArrayLike<unknown>);
    return `[${list.slice(0, 8).map(cellText).join(', ')}${list.length > 8 ? `, … ${list.length} in all` : ''}]`;
  }
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 79)}…` : json;
  } catch {
    return String(value);
  }
}

function formatScalar(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  return String(value);
}

/** Up to 4 decimals, no trailing zeros: what a student wants to read. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  if (Math.abs(value) < 1e-4 || Math.abs(value) >= 1e9) return value.toExponential(3);
  return String(Number(value.toFixed(4)));
}

function isTensor(value: object): value is TensorLike {
  const v = value as Partial<TensorLike>;
  return Array.isArray(v.shape) && typeof v.dtype === 'string' && typeof v.dataSync === 'function';
}

function isModel(value: object): value is ModelLike {
  const v = value as Partial<ModelLike> & { summary?: unknown };
  return Array.isArray(v.layers) && typeof v.countParams === 'function' && typeof v.summary === 'function';
}

function isElement(value: object): boolean {
  return (value as { nodeType?: unknown }).nodeType === 1 && typeof (value as { tagName?: unknown }).tagName === 'string';
}

function isVisSpec(value: object): value is { chart: VisChartType; data: unknown; options?: Record<string, unknown> } {
  const v = value as { chart?: unknown; data?: unknown };
  return typeof v.chart === 'string' && (VIS_CHARTS as readonly string[]).includes(v.chart) && v.data !== undefined;
}
