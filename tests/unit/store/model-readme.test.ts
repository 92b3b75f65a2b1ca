import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelReadme, outputKind } from '../../../src/lib/store/model-readme';

const shipped = JSON.parse(readFileSync(new URL('../../../public/models/default/model.json', import.meta.url), 'utf8'));
const keras3 = JSON.parse(readFileSync(new URL('../../fixtures/keras-converted/keras3-sequential-cnn/model.json', import.meta.url), 'utf8'));

describe('the README of a downloaded model', () => {
  it('knows the shipped model ends in logits and a Keras softmax model in probabilities', () => {
    expect(outputKind(shipped.modelTopology)).toBe('logits');
    expect(outputKind(keras3.modelTopology)).toBe('probabilities'); // Keras 3 layout: model_config, Dense(softmax) last
    expect(outputKind({ config: { layers: [{ class_name: 'Dense', config: { activation: 'linear' } }, { class_name: 'Softmax', config: {} }] } })).toBe('probabilities');
    expect(outputKind(undefined)).toBe('logits');
  });

  it('names the files, the converter command, the input and the output kind', () => {
    const text = modelReadme(
      { name: 'My CNN', pixelScale: 'unit', details: { testAccuracy: 0.9912 } },
      { jsonName: 'my-cnn.json', weightsName: 'my-cnn.weights.bin' },
      'logits',
    );
    expect(text).toContain('tensorflowjs_converter --input_format tfjs_layers_model --output_format keras my-cnn.json my-cnn.h5');
    expect(text).toContain('keras.models.load_model("my-cnn.h5", compile=False)');
    expect(text).toContain('pixels from 0 to 1');
    expect(text).toContain('.astype("float32") / 255.0');
    expect(text).toContain('**logits**');
    expect(text).toContain('99.12%');
    expect(text).toContain("tf.loadLayersModel('./my-cnn.json')");
  });

  it('for a 0–255 model with softmax, feeds bytes and needs no softmax', () => {
    const text = modelReadme({ name: 'Upload', pixelScale: 'byte' }, { jsonName: 'model.json', weightsName: 'group1-shard1of1.bin' }, 'probabilities');
    expect(text).toContain('pixels from 0 to 255');
    expect(text).not.toContain('/ 255.0');
    expect(text).not.toContain('softmax(scores)');
    expect(text).toContain('**probabilities**');
  });
});
