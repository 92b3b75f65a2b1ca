import { describe, expect, it } from 'vitest';
import { readUploadedModel, someOf } from '../../../src/lib/model/upload';

const file = (name: string, text: string) => ({ name, arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer });

describe('upload messages stay short (issue 13)', () => {
  it('lists a few names, then counts the rest', () => {
    expect(someOf(['a.bin'])).toBe('a.bin');
    expect(someOf(['a.bin', 'b.bin'])).toBe('a.bin and b.bin');
    expect(someOf(['a', 'b', 'c'])).toBe('a, b and c');
    expect(someOf(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
    expect(someOf(['x'.repeat(500)])).toHaveLength(60);
  });

  it('a model.json naming 50,000 missing shards gets a sentence of normal length', async () => {
    const paths = Array.from({ length: 50_000 }, (_, i) => `group1-shard${i + 1}of50000.bin`);
    const modelJson = { format: 'layers-model', modelTopology: { class_name: 'Sequential', config: { layers: [] } }, weightsManifest: [{ paths, weights: [] }] };
    const error = await readUploadedModel([file('model.json', JSON.stringify(modelJson))]).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      'group1-shard1of50000.bin, group1-shard2of50000.bin, group1-shard3of50000.bin and 49,997 more are missing: choose them together with model.json.',
    );
  });
});
