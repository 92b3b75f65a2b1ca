import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mulberry32 } from '../../../src/lib/data/random';
import { sha256Hex, sha256HexSync } from '../../../src/lib/data/sha256';

function randomBytes(length: number): Uint8Array {
  const rng = mulberry32(length);
  return Uint8Array.from({ length }, () => Math.floor(rng() * 256));
}

const nodeSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('sha256HexSync (the fallback for plain-http pages)', () => {
  it('matches the FIPS 180-2 example for "abc"', () => {
    expect(sha256HexSync(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  // 55 and 56 bytes straddle the point where the length no longer fits in the last block.
  it.each([0, 1, 55, 56, 63, 64, 65, 1000, 1_000_000])('matches node:crypto on %i bytes', (length) => {
    const bytes = randomBytes(length);
    expect(sha256HexSync(bytes)).toBe(nodeSha256(bytes));
  });

  it('hashes only the bytes a view covers', () => {
    const whole = randomBytes(200);
    const view = whole.subarray(37, 150);
    expect(sha256HexSync(view)).toBe(nodeSha256(view));
  });
});

describe('sha256Hex', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('gives the same answer through crypto.subtle', async () => {
    const bytes = randomBytes(5000).subarray(3);
    expect(await sha256Hex(bytes)).toBe(nodeSha256(bytes));
  });

  it('falls back to the pure version when crypto.subtle is missing', async () => {
    vi.stubGlobal('crypto', {});
    const bytes = randomBytes(777);
    expect(globalThis.crypto.subtle).toBeUndefined();
    expect(await sha256Hex(bytes)).toBe(nodeSha256(bytes));
  });
});
