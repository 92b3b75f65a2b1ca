import { describe, expect, it } from 'vitest';
import { CellStopped, createLoopGuard } from '../../../../src/lib/notebook/code/loop-guard';

const turns = (guard: () => true, count: number) => {
  for (let i = 0; i < count; i++) guard();
};

describe('createLoopGuard', () => {
  it('lets loops run while the page gets its turns', () => {
    const { guard } = createLoopGuard({ now: () => 10_000, lastHeartbeat: () => 9_900 });
    expect(() => turns(guard, 10_000)).not.toThrow();
  });

  it('stops a loop that has kept the page from drawing past the limit, with a sentence', () => {
    const { guard } = createLoopGuard({ now: () => 10_000, lastHeartbeat: () => 6_000 });
    expect(() => turns(guard, 1000)).toThrow(CellStopped);
    expect(() => turns(guard, 1000)).toThrow(/ran for 4 seconds without letting the page draw/);
  });

  it('does not judge a hidden page by its slowed timers', () => {
    const { guard } = createLoopGuard({ now: () => 10_000, lastHeartbeat: () => 0, pageHidden: () => true });
    expect(() => turns(guard, 1000)).not.toThrow();
  });

  it('stops at the next turn once Stop is pressed', () => {
    const loop = createLoopGuard({ now: () => 0, lastHeartbeat: () => 0 });
    loop.guard();
    loop.requestStop();
    expect(() => loop.guard()).toThrow('Stopped: you pressed Stop.');
  });

  it('stops a run whose tensors grow past the limit, counting only what the run added', () => {
    let bytes = 5e9;
    const { guard } = createLoopGuard({ now: () => 0, lastHeartbeat: () => 0, tensorBytes: () => bytes });
    expect(() => turns(guard, 1000)).not.toThrow();
    bytes += 2 * 1024 ** 3;
    expect(() => turns(guard, 1000)).toThrow(/made 2\.0 GB of tensors/);
  });

  it('stops before the JavaScript heap is full', () => {
    const { guard } = createLoopGuard({ now: () => 0, lastHeartbeat: () => 0, heap: () => ({ used: 95, limit: 100 }) });
    expect(() => turns(guard, 1000)).toThrow(/memory was almost full/);
  });
});
