/**
 * The edits lesson 3's model builder offers: change a number of a layer, add a layer, remove
 * one. Each returns a new config and leaves the old one alone, so the page can always go back
 * to what validated last. None of them checks the result: validate.ts says what is wrong, in
 * the student's words, and the builder shows that.
 */
import type { LayerSpec, LayerType, ModelConfig } from './config';

/** The numbers a student may edit, per layer type, with the words the form shows. */
export const EDITABLE_FIELDS = {
  conv: [
    { field: 'filters', label: 'Filters' },
    { field: 'kernelSize', label: 'Kernel size' },
  ],
  maxPool: [{ field: 'poolSize', label: 'Pool size' }],
  dense: [{ field: 'units', label: 'Units' }],
  dropout: [{ field: 'rate', label: 'Rate' }],
} as const satisfies Partial<Record<LayerType, readonly { field: string; label: string }[]>>;

export type EditableType = keyof typeof EDITABLE_FIELDS;
export type EditableField = (typeof EDITABLE_FIELDS)[EditableType][number]['field'];

/** The fields of a layer the builder shows as inputs (none for flatten, relu, batchNorm…). */
export function editableFields(spec: LayerSpec): readonly { field: EditableField; label: string }[] {
  return spec.type in EDITABLE_FIELDS ? EDITABLE_FIELDS[spec.type as EditableType] : [];
}

/** What a newly added layer starts as: the common choice for a small MNIST network. */
export const NEW_LAYERS: Record<'conv' | 'maxPool' | 'dense' | 'dropout' | 'flatten' | 'batchNorm' | 'relu', LayerSpec> = {
  conv: { type: 'conv', filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  maxPool: { type: 'maxPool', poolSize: 2 },
  dense: { type: 'dense', units: 64, activation: 'relu' },
  dropout: { type: 'dropout', rate: 0.25 },
  flatten: { type: 'flatten' },
  batchNorm: { type: 'batchNorm', momentum: 0.9 },
  relu: { type: 'relu' },
};
export type NewLayerType = keyof typeof NEW_LAYERS;

/** Sets one number of one layer. A field the layer does not have is refused: it is a bug, not a student's slip. */
export function setLayerField(config: ModelConfig, index: number, field: EditableField, value: number): ModelConfig {
  const spec = layerAt(config, index);
  if (!editableFields(spec).some((editable) => editable.field === field)) {
    throw new RangeError(`${spec.type} layers have no editable "${field}"`);
  }
  return replaceLayers(config, config.layers.map((layer, i) => (i === index ? ({ ...layer, [field]: value } as LayerSpec) : layer)));
}

/** Inserts a new layer of `type` at `index` (0 puts it first, layers.length last). */
export function insertLayer(config: ModelConfig, index: number, type: NewLayerType): ModelConfig {
  if (!Number.isInteger(index) || index < 0 || index > config.layers.length) throw new RangeError(`No place ${index} to insert a layer`);
  const layers = [...config.layers];
  layers.splice(index, 0, structuredClone(NEW_LAYERS[type]));
  return replaceLayers(config, layers);
}

export function removeLayer(config: ModelConfig, index: number): ModelConfig {
  layerAt(config, index);
  return replaceLayers(config, config.layers.filter((_, i) => i !== index));
}

/**
 * Reads a number typed into a form: plain decimals only ("12", "0.25", ".5", "-3"). An empty
 * box is NaN rather than 0 (what `Number('')` gives), and so are "0x10", "1e1", "Infinity" or
 * "1_000", which `Number` would quietly turn into 16, 10, … that the box does not show.
 */
export function parseTypedNumber(text: string): number {
  const trimmed = text.trim();
  return PLAIN_DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
}

const PLAIN_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Checks end "…, got NaN" for an empty or garbled box; the student is told that instead. */
export function inPlainWords(problem: string): string {
  return problem.replace(/got NaN$/, 'but the box is empty or not a plain decimal number');
}

function layerAt(config: ModelConfig, index: number): LayerSpec {
  const spec = config.layers[index];
  if (!spec) throw new RangeError(`The model has no layer ${index + 1}`);
  return spec;
}

function replaceLayers(config: ModelConfig, layers: LayerSpec[]): ModelConfig {
  return { ...config, layers };
}
