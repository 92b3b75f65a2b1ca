import { describe, expect, it } from 'vitest';
import { turnQueue } from '../../../src/components/dom/turns';

describe('turnQueue (long redraws cut into turns)', () => {
  it('runs each step in a task of its own, in order, and gives the thread back between them', async () => {
    const inTurns = turnQueue();
    const log: string[] = [];
    const done = inTurns([() => log.push('a'), () => log.push('b')]);
    expect(log).toEqual([]); // nothing runs in the caller's task
    setTimeout(() => log.push('other'), 0);
    await done;
    expect(log).toEqual(['a', 'other', 'b']);
  });

  it('drops the steps of an older call that a newer call replaced', async () => {
    const inTurns = turnQueue();
    const log: string[] = [];
    const older = inTurns([() => log.push('old 1'), () => log.push('old 2')]);
    const newer = inTurns([() => log.push('new 1')]);
    await Promise.all([older, newer]);
    expect(log).toEqual(['new 1']);
  });
});
