import { describe, expect, it } from 'vitest';
import { ModelConfigError, type LayerSpec, type ModelConfig } from '../../../src/lib/model/config';
import { BATCH_NORM_CNN, TUTORIAL_CNN } from '../../../src/lib/model/presets';
import { formatShape, inferShapes, traceShapes } from '../../../src/lib/model/shapes';

const model = (...layers: LayerSpec[]): ModelConfig => ({ name: 'test', layers });
const rows = (config: ModelConfig) =>
  inferShapes(config).layers.map((layer) => [layer.type, formatShape(layer.outputShape), layer.parameters]);

describe('inferShapes on the presets (worked by hand)', () => {
  it('follows the tutorial CNN: 28 → 24 → 12 → 8 → 4, 5,994 parameters', () => {
    expect(rows(TUTORIAL_CNN)).toEqual([
      ['conv', '24×24×8', 5 * 5 * 1 * 8 + 8],
      ['maxPool', '12×12×8', 0],
      ['conv', '8×8×16', 5 * 5 * 8 * 16 + 16],
      ['maxPool', '4×4×16', 0],
      ['flatten', '256', 0],
      ['dense', '10', 256 * 10 + 10],
    ]);
    const table = inferShapes(TUTORIAL_CNN);
    expect(table.inputShape).toEqual([28, 28, 1]);
    expect(table.outputShape).toEqual([10]);
    expect(table.parameters).toBe(5994);
    expect(table.trainableParameters).toBe(5994);
  });

  it('follows the default recipe: 28 → 14 → 7 → 3, conv without bias, batch norm 4 numbers a channel', () => {
    expect(rows(BATCH_NORM_CNN)).toEqual([
      ['conv', '28×28×16', 3 * 3 * 1 * 16],
      ['batchNorm', '28×28×16', 4 * 16],
      ['relu', '28×28×16', 0],
      ['maxPool', '14×14×16', 0],
      ['conv', '14×14×32', 3 * 3 * 16 * 32],
      ['batchNorm', '14×14×32', 4 * 32],
      ['relu', '14×14×32', 0],
      ['maxPool', '7×7×32', 0],
      ['conv', '7×7×64', 3 * 3 * 32 * 64],
      ['batchNorm', '7×7×64', 4 * 64],
      ['relu', '7×7×64', 0],
      ['maxPool', '3×3×64', 0],
      ['flatten', '576', 0],
      ['dense', '10', 576 * 10 + 10],
    ]);
    const table = inferShapes(BATCH_NORM_CNN);
    expect(table.parameters).toBe(29_402);
    // The moving mean and variance (2 a channel) are stored, not trained.
    expect(table.trainableParameters).toBe(29_402 - 2 * (16 + 32 + 64));
  });
});

describe('inferShapes arithmetic (TF conventions)', () => {
  const outputOf = (...layers: LayerSpec[]) => formatShape(inferShapes(model(...layers)).outputShape);

  it("'same' padding keeps ceil(size / strides)", () => {
    expect(outputOf({ type: 'conv', filters: 4, kernelSize: 3, padding: 'same' })).toBe('28×28×4');
    expect(outputOf({ type: 'conv', filters: 4, kernelSize: 3, padding: 'same', strides: 2 })).toBe('14×14×4');
    expect(outputOf({ type: 'conv', filters: 4, kernelSize: 3, padding: 'same', strides: 3 })).toBe('10×10×4');
  });

  it("'valid' padding (the default) counts where the window fits", () => {
    expect(outputOf({ type: 'conv', filters: 4, kernelSize: 3 })).toBe('26×26×4');
    expect(outputOf({ type: 'conv', filters: 4, kernelSize: 3, strides: 2 })).toBe('13×13×4');
    expect(outputOf({ type: 'conv', filters: 2, kernelSize: 28 })).toBe('1×1×2');
  });

  it('max-pooling steps by its own size unless given strides', () => {
    expect(outputOf({ type: 'maxPool', poolSize: 3 })).toBe('9×9×1');
    expect(outputOf({ type: 'maxPool', poolSize: 3, strides: 2 })).toBe('13×13×1');
  });

  it('global average pooling keeps one number a channel; dense after it works', () => {
    const table = inferShapes(
      model({ type: 'conv', filters: 12, kernelSize: 3 }, { type: 'globalAveragePool' }, { type: 'dense', units: 10 }),
    );
    expect(table.layers.map((layer) => formatShape(layer.outputShape))).toEqual(['26×26×12', '12', '10']);
    expect(table.parameters).toBe(3 * 3 * 12 + 12 + 12 * 10 + 10);
  });

  it('batch norm after a dense layer has 4 numbers a unit; relu and dropout change nothing', () => {
    const table = inferShapes(
      model({ type: 'flatten' }, { type: 'dense', units: 32 }, { type: 'batchNorm' }, { type: 'relu' }, { type: 'dropout', rate: 0.5 }),
    );
    expect(table.layers.map((layer) => [formatShape(layer.outputShape), layer.parameters, layer.trainableParameters])).toEqual([
      ['784', 0, 0],
      ['32', 784 * 32 + 32, 784 * 32 + 32],
      ['32', 128, 64],
      ['32', 0, 0],
      ['32', 0, 0],
    ]);
  });
});

describe('shapes that cannot be computed', () => {
  it('traceShapes stops at the first impossible layer and keeps the rows before it', () => {
    const trace = traceShapes([
      { type: 'maxPool', poolSize: 4 },
      { type: 'maxPool', poolSize: 4 },
      { type: 'conv', filters: 8, kernelSize: 3 },
      { type: 'flatten' },
    ]);
    expect(trace.layers.map((layer) => formatShape(layer.outputShape))).toEqual(['7×7×1', '1×1×1']);
    expect(trace.problem).toEqual({
      layerIndex: 2,
      message: 'Layer 3 (conv): the 3×3 kernel is larger than its 1×1 input, so the output would be empty (0×0)',
    });
  });

  it('inferShapes throws a ModelConfigError naming the layer', () => {
    const config = model({ type: 'flatten' }, { type: 'conv', filters: 8, kernelSize: 3 });
    expect(() => inferShapes(config)).toThrow(ModelConfigError);
    expect(() => inferShapes(config)).toThrow(/Layer 2 \(conv\): a conv layer needs an image .* flat list of 784 numbers; move it before the flatten/);
  });

  it('says a dense layer on an image needs a flatten first', () => {
    const trace = traceShapes([{ type: 'conv', filters: 16, kernelSize: 5 }, { type: 'dense', units: 10 }]);
    expect(trace.problem?.message).toBe(
      'Layer 2 (dense): a dense layer needs a flat list of numbers but gets a 24×24×16 image; put a flatten (or globalAveragePool) before it',
    );
  });

  it("explains an oversized 'same' kernel differently from a 'valid' one", () => {
    const trace = traceShapes([{ type: 'maxPool', poolSize: 7 }, { type: 'conv', filters: 4, kernelSize: 5, padding: 'same' }]);
    expect(trace.problem?.message).toMatch(/5×5 kernel is larger than its 4×4 input, so it would mostly see padding/);
  });

  it('an empty model has the input as its output', () => {
    const table = inferShapes(model());
    expect(table.outputShape).toEqual([28, 28, 1]);
    expect(table.parameters).toBe(0);
  });
});
