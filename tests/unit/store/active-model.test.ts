import { describe, expect, it } from 'vitest';
import { BUILTIN_MODEL_IDS, chooseActiveModel } from '../../../src/lib/store/active-model';
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
