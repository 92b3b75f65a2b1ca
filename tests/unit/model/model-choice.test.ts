import { describe, expect, it } from 'vitest';
import { setLayerField } from '../../../src/lib/model/edit';
import {
  MODEL_CHOICE_KEY,
  isEdited,
  presetChoice,
  readModelChoice,
  recipeFor,
  writeModelChoice,
} from '../../../src/lib/model/model-choice';
import { DEFAULT_RECIPE, TRAINING_RECIPES, TUTORIAL_CNN } from '../../../src/lib/model/presets';
import { fullStorage, memoryStorage } from '../memory-storage';

describe('the saved model choice', () => {
  it('is the default recipe when nothing was saved, or no storage exists', () => {
    expect(readModelChoice(memoryStorage())).toEqual({ preset: 'default', config: DEFAULT_RECIPE });
    expect(readModelChoice(undefined).config).toEqual(DEFAULT_RECIPE);
  });

  it('gives back exactly the edited model that was saved, with its preset’s recipe', () => {
    const storage = memoryStorage();
    const edited = { preset: 'tutorial' as const, config: setLayerField(TUTORIAL_CNN, 0, 'filters', 12) };
    expect(writeModelChoice(storage, edited)).toEqual([]);
    const read = readModelChoice(storage);
    expect(read).toEqual(edited);
    expect(read.config.layers[0]).toMatchObject({ filters: 12 });
    expect(recipeFor(read)).toBe(TRAINING_RECIPES.tutorial);
    expect(isEdited(read)).toBe(true);
    expect(isEdited(presetChoice('tutorial'))).toBe(false);
  });

  it('refuses to save a model that cannot be built, and keeps the previous choice', () => {
    const storage = memoryStorage();
    writeModelChoice(storage, presetChoice('batchNorm'));
    const broken = { preset: 'default' as const, config: setLayerField(DEFAULT_RECIPE, 0, 'kernelSize', 40) };
    const problems = writeModelChoice(storage, broken);
    expect(problems[0]).toMatch(/Layer 1 \(conv\): Kernel size must be a whole number from 1 to 28, got 40/);
    expect(readModelChoice(storage).preset).toBe('batchNorm');
  });

  it('ignores a stale or hand-edited value instead of breaking lesson 4', () => {
    for (const value of ['not json', '{"preset":"huge","config":{}}', JSON.stringify({ preset: 'default', config: { name: 'x', layers: [{ type: 'dense', units: 3 }] } })]) {
      const storage = memoryStorage();
      storage.setItem(MODEL_CHOICE_KEY, value);
      expect(readModelChoice(storage)).toEqual(presetChoice('default'));
    }
  });

  it('says so when the browser refuses to store it', () => {
    const full = fullStorage();
    expect(writeModelChoice(full, presetChoice('default'))).toEqual([expect.stringMatching(/refused to save your model/)]);
    expect(writeModelChoice(undefined, presetChoice('default'))).toEqual([expect.stringMatching(/no local storage/)]);
  });

  it('hands out copies: editing a choice never changes the preset', () => {
    const choice = presetChoice('default');
    const before = JSON.stringify(DEFAULT_RECIPE);
    (choice.config.layers[0] as { filters: number }).filters = 99;
    expect(JSON.stringify(DEFAULT_RECIPE)).toBe(before);
    expect(choice.config.layers[0]).toMatchObject({ filters: 99 });
  });
});
