import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { fastest, pickFastestBackend, switchBackend } from '../../../src/lib/train/backend';

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('fastest', () => {
  it('picks the highest images per second and ignores failures', () => {
    expect(
      fastest([
        { backend: 'webgl', imagesPerSecond: 180 },
        { backend: 'wasm', imagesPerSecond: 2400 },
        { backend: 'cpu', error: 'boom' },
      ]),
    ).toBe('wasm');
    expect(fastest([{ backend: 'webgl', error: 'no context' }])).toBeUndefined();
  });
});

describe('pickFastestBackend', () => {
  it('measures every candidate that starts and ends on the fastest', async () => {
    // Node has 'cpu' (and 'tensorflow' when tfjs-node is installed, which it is not);
    // 'webgl' cannot start here, so it is reported and skipped.
    const speeds: Record<string, number> = { cpu: 50 };
    const pick = await pickFastestBackend(tf, ['webgl', 'cpu'], async () => speeds[tf.getBackend()] ?? 0);
    expect(pick.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(pick.measurements).toEqual([
      { backend: 'webgl', error: 'not available in this browser' },
      { backend: 'cpu', imagesPerSecond: 50 },
    ]);
  });

  it('skips a backend whose probe throws, and says so when none works', async () => {
    await expect(
      pickFastestBackend(tf, ['cpu'], async () => {
        throw new Error('NaN loss');
      }),
    ).rejects.toThrow(/No backend could train here: cpu \(NaN loss\)/);
  });

  it('switchBackend reports a backend that is not registered', async () => {
    expect(await switchBackend(tf, 'webgpu')).toBe(false);
    expect(await switchBackend(tf, 'cpu')).toBe(true);
  });
});
