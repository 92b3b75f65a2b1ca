import { describe, expect, it } from 'vitest';
import { BUILTIN_MODEL_IDS, chooseActiveModel, padChoiceAfterTraining, padModelNow } from '../../../src/lib/store/active-model';
import type { ModelSource, StoredModelInfo } from '../../../src/lib/store/model-store';

const model = (id: string, source: ModelSource, createdAt: number): StoredModelInfo => ({
  id,
  name: id,
  source,
  createdAt,
  pixelScale: 'unit',
});

// Deliberately not in date order: the rule must not rely on list() having sorted them.
const stored = [
  model('old-trained', 'trained', 100),
  model('new-uploaded', 'uploaded', 300),
  model('new-trained', 'trained', 200),
];

describe('chooseActiveModel', () => {
  it('keeps a remembered stored model that still exists', () => {
    expect(chooseActiveModel(stored, 'old-trained')).toBe('old-trained');
  });

  it('keeps a remembered built-in model, whatever is stored', () => {
    expect(BUILTIN_MODEL_IDS).toEqual(['default', 'mnist-only']);
    for (const id of BUILTIN_MODEL_IDS) expect(chooseActiveModel(stored, id)).toBe(id);
  });

  it('falls back to the newest trained model when the remembered one is gone', () => {
    expect(chooseActiveModel(stored, 'removed-model')).toBe('new-trained');
  });

  it('takes the newest trained model when nothing is remembered, even if an upload is newer', () => {
    expect(chooseActiveModel(stored, null)).toBe('new-trained');
  });

  it('takes the newest uploaded model when none was trained', () => {
    const uploads = [model('up-1', 'uploaded', 1), model('up-2', 'uploaded', 2)];
    expect(chooseActiveModel(uploads, null)).toBe('up-2');
  });

  it('uses the shipped default when nothing is stored', () => {
    expect(chooseActiveModel([], null)).toBe('default');
    expect(chooseActiveModel([], 'removed-model')).toBe('default');
  });
});

describe('padChoiceAfterTraining', () => {
  const names = { default: 'Shipped model' };
  const scored = (id: string, createdAt: number, testAccuracy: number): StoredModelInfo => ({ ...model(id, 'trained', createdAt), details: { testAccuracy } });

  it('a first model of the student’s own takes over from the shipped fallback', () => {
    const current = padModelNow([], null, names);
    expect(current).toEqual({ id: 'default', name: 'Shipped model', testAccuracy: undefined, fallback: true });
    const decision = padChoiceAfterTraining(current, { id: 'mine', name: 'Mine', testAccuracy: 0.9 });
    expect(decision).toMatchObject({ use: 'mine', switched: true });
    expect(decision.message).toBe('The drawing pad of lesson 7 now reads with “Mine”: your first model of your own.');
  });

  it('a newer model replaces the one in use only when it reads better on the same test images', () => {
    const inUse = padModelNow([scored('good', 100, 0.99)], 'good', names);
    const worse = padChoiceAfterTraining(inUse, { id: 'new', name: 'New', testAccuracy: 0.95 });
    expect(worse).toMatchObject({ use: 'good', switched: false });
    expect(worse.message).toMatch(/^The drawing pad keeps “good” \(99\.00% on the test images\), which reads better than this one \(95\.00%\)/);
    const better = padChoiceAfterTraining(inUse, { id: 'new', name: 'New', testAccuracy: 0.995 });
    expect(better).toMatchObject({ use: 'new', switched: true });
    expect(better.message).toContain('better than “good” (99.00%)');
  });

  it('a shipped model the student chose is kept against a weaker one', () => {
    const chosen = padModelNow([], 'default', names);
    expect(chosen.fallback).toBe(false);
    expect(padChoiceAfterTraining({ ...chosen, testAccuracy: 0.9946 }, { id: 'new', name: 'New', testAccuracy: 0.99 }).switched).toBe(false);
  });
});
