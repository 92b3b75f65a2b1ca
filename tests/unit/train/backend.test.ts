import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { autoCandidates, fastest, isSoftwareRenderer, pickFastestBackend, switchBackend } from '../../../src/lib/train/backend';

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

describe('autoCandidates', () => {
  it('does not time WebGL on a software rasteriser, nor where there is none; times both on a real GPU', () => {
    const swiftShader = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
    expect(isSoftwareRenderer(swiftShader)).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)')).toBe(false);
    const skipped = autoCandidates(swiftShader);
    expect(skipped.candidates).toEqual(['wasm']);
    expect(skipped.skipped[0]?.error).toMatch(/^not timed: its renderer is a software rasteriser \(ANGLE .*SwiftShader/);
    expect(autoCandidates(null)).toMatchObject({ candidates: ['wasm'], skipped: [{ backend: 'webgl', error: 'no WebGL in this browser' }] });
    expect(autoCandidates('NVIDIA GeForce RTX 3060')).toEqual({ candidates: ['wasm', 'webgl'], skipped: [] });
  });
});
