/**
 * Keras 3 models, converted with tensorflowjs_converter, in a form TF.js 4.22 can read.
 *
 * TF.js 4.22 reads the model.json that Keras 2 models convert to. Keras 3 (the default
 * since TensorFlow 2.16) writes some of it differently, and TF.js then refuses the model.
 * Tried on hand-written model.json files that follow real converter output
 * (tests/fixtures/keras) and on reports (tensorflow/tfjs issues 8321, 8328, 8494):
 *
 * 1. InputLayer says `batch_shape` where Keras 2 said `batch_input_shape`
 *    → "An InputLayer should be passed either a `batchInputShape` or an `inputShape`".
 * 2. A functional model's links between layers (`inbound_nodes`) are objects
 *    `{args: [{class_name: "__keras_tensor__", config: {keras_history: [layer, node, tensor]}}], kwargs}`
 *    where Keras 2 wrote lists `[[layer, node, tensor, kwargs]]`
 *    → "Corrupted configuration, expected array for nodeData".
 * 3. Weight names may carry the model's name, `sequential/conv2d/kernel` for the layer
 *    `conv2d`'s kernel → "Provided weight data has no target variable".
 * 4. `dtype` is a policy object `{class_name: "DTypePolicy", config: {name: "float32"}}`
 *    instead of "float32". TF.js loads it but keeps the object as a layer's dtype where a
 *    layer sets the input's type; we write the plain name.
 *
 * Everything else Keras 3 adds (`module`, `registered_name`, `build_config`, new options)
 * TF.js ignores. The rewriting is harmless for Keras 2 models, so it runs on every upload.
 */
import type { io } from '@tensorflow/tfjs';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of a model.json `modelTopology` with the Keras 3 differences rewritten the Keras 2 way. */
export function normaliseKerasTopology(topology: JsonObject): JsonObject {
  return rewrite(structuredClone(topology)) as JsonObject;
}

function rewrite(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewrite);
  if (!isObject(value)) return value;
  const object: JsonObject = {};
  for (const [key, field] of Object.entries(value)) object[key] = rewrite(field);

  if (isDTypePolicy(object)) return plainDType(object);
  const config = object.config;
  if (object.class_name === 'InputLayer' && isObject(config) && config.batch_shape !== undefined) {
    const { batch_shape, ...rest } = config;
    object.config = { ...rest, batch_input_shape: config.batch_input_shape ?? batch_shape };
  }
  if (Array.isArray(object.inbound_nodes)) object.inbound_nodes = object.inbound_nodes.map(keras2Node);
  for (const key of ['input_layers', 'output_layers']) {
    const links = object[key];
    // One [name, node, tensor] on its own, rather than a list of them.
    if (Array.isArray(links) && typeof links[0] === 'string') object[key] = [links];
  }
  return object;
}

function isDTypePolicy(object: JsonObject): boolean {
  const className = object.class_name;
  return typeof className === 'string' && className.endsWith('DTypePolicy') && isObject(object.config);
}

/**
 * TF.js computes in float32; a mixed-precision policy ("mixed_float16") keeps its weights
 * in float32 too, so that is what such a layer gets.
 */
function plainDType(policy: JsonObject): string {
  const name = isObject(policy.config) ? policy.config.name : undefined;
  if (typeof name !== 'string' || name.includes('float')) return 'float32';
  return name;
}

/** A Keras 3 node `{args, kwargs}` as the Keras 2 list of [layer, node, tensor, kwargs]. */
function keras2Node(node: Json): Json {
  if (!isObject(node) || !Array.isArray(node.args)) return node;
  const kwargs: JsonObject = {};
  // Keyword arguments that are settings (not tensors) still reach the layer's call.
  if (isObject(node.kwargs)) {
    for (const [key, value] of Object.entries(node.kwargs)) if (kerasTensors(value).length === 0) kwargs[key] = value;
  }
  return kerasTensors(node.args).map((history) => [...history, kwargs]);
}

/** The [layer, node, tensor] of every Keras tensor in `value`, in order (merge layers take a list). */
function kerasTensors(value: Json): Json[][] {
  if (Array.isArray(value)) return value.flatMap(kerasTensors);
  if (!isObject(value)) return [];
  const history = isObject(value.config) ? value.config.keras_history : undefined;
  if (value.class_name === '__keras_tensor__' && Array.isArray(history)) return [history.slice(0, 3)];
  return Object.values(value).flatMap(kerasTensors);
}

/** The names of the model's layers, as its weights are named after them. */
export function layerNames(topology: JsonObject): Set<string> {
  const model = isObject(topology.model_config) ? topology.model_config : topology;
  const layers = isObject(model.config) ? model.config.layers : undefined;
  const names = new Set<string>();
  if (!Array.isArray(layers)) return names;
  for (const layer of layers) {
    if (!isObject(layer)) continue;
    const name = isObject(layer.config) ? layer.config.name : layer.name;
    if (typeof name === 'string') names.add(name);
  }
  return names;
}

/**
 * Weight names without the model's own name in front (`sequential/conv2d/kernel` →
 * `conv2d/kernel`), so TF.js finds the layer each weight belongs to. A name that already
 * starts with a layer's name is left as it is.
 */
export function normaliseWeightNames(specs: readonly io.WeightsManifestEntry[], layers: Set<string>): io.WeightsManifestEntry[] {
  return specs.map((spec) => {
    const parts = spec.name.split('/');
    const start = parts.findIndex((part) => layers.has(part));
    return start > 0 && parts.length - start >= 2 ? { ...spec, name: parts.slice(start).join('/') } : spec;
  });
}
