import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextMacrotask } from '../../../src/lib/train/macrotask';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('nextMacrotask', () => {
  it('needs no timer, so the browser cannot clamp it to 4 ms (it resolves while timers stand still)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'setImmediate'] });
    let resolved = false;
    const turn = nextMacrotask().then(() => (resolved = true));
    await turn;
    expect(resolved).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('comes after the microtasks already queued: it is a turn of the event loop, not a microtask', async () => {
    const order: string[] = [];
    const turn = nextMacrotask().then(() => order.push('turn'));
    void Promise.resolve()
      .then(() => order.push('microtask 1'))
      .then(() => order.push('microtask 2'))
      .then(() => order.push('microtask 3'));
    await turn;
    expect(order).toEqual(['microtask 1', 'microtask 2', 'microtask 3', 'turn']);
  });

  it('falls back to setTimeout where there is no MessageChannel', async () => {
    vi.stubGlobal('MessageChannel', undefined);
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    let resolved = false;
    const turn = nextMacrotask().then(() => (resolved = true));
    await Promise.resolve();
    expect(resolved).toBe(false);
    expect(vi.getTimerCount()).toBe(1);
    await vi.runAllTimersAsync();
    await turn;
    expect(resolved).toBe(true);
  });
});
