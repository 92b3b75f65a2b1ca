import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { modelToArtifacts } from '../../../src/lib/model/artifacts';
import { buildModel } from '../../../src/lib/model/build';
import { fileSafeName, modelFiles } from '../../../src/lib/store/model-files';
import { TUTORIAL_CNN } from '../../../src/lib/model/presets';
import { cpuTf } from '../model/tf-cpu';

describe('modelFiles', () => {
  it('writes files TF.js loads back into a model that predicts the same', async () => {
    await cpuTf();
    const tensorsBefore = tf.memory().numTensors;
    const model = buildModel(tf, TUTORIAL_CNN, { seed: 3 });
    const files = modelFiles(await modelToArtifacts(tf, model), 'Tutorial CNN (edited)');
    expect(files.jsonName).toBe('tutorial-cnn-edited.json');
    expect(files.weightsName).toBe('tutorial-cnn-edited.weights.bin');
    const json = JSON.parse(files.json) as { weightsManifest: { paths: string[] }[] };
    expect(json.weightsManifest[0]!.paths).toEqual(['./tutorial-cnn-edited.weights.bin']);
    expect(files.weights.byteLength).toBe(model.countParams() * 4);

    // What tf.io.browserFiles does with the two files, minus the FileReader Node lacks.
    const loaded = await tf.loadLayersModel({
      load: () =>
        tf.io.getModelArtifactsForJSON(JSON.parse(files.json) as tf.io.ModelJSON, async (manifest) => [
          manifest.flatMap((group) => group.weights),
          files.weights,
        ]),
    });
    const input = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 5);
    const [a, b] = [model.predict(input) as tf.Tensor, loaded.predict(input) as tf.Tensor];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([input, a, b]);
    model.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('refuses artifacts without weights, and names files safely', () => {
    expect(() => modelFiles({ modelTopology: {} }, 'x')).toThrow(/no layers or no weights/);
    expect(fileSafeName('  ¡¿ ')).toBe('model');
    expect(fileSafeName('Default recipe 2026-11-26')).toBe('default-recipe-2026-11-26');
  });
});
