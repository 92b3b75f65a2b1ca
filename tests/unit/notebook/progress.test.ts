import { describe, expect, it } from 'vitest';
import {
  PROGRESS_KEY,
  lessonState,
  readProgress,
  recordCellDone,
  writeProgress,
} from '../../../src/lib/notebook/progress';
import { fullStorage, memoryStorage } from '../memory-storage';


describe('course progress', () => {
  it('is not started, then in progress, then done when every cell has run', () => {
    let progress = readProgress(memoryStorage());
    expect(lessonState(progress, 'meet-the-data')).toBe('not-started');
    progress = recordCellDone(progress, 'meet-the-data', 'load', 2);
    expect(lessonState(progress, 'meet-the-data')).toBe('in-progress');
    progress = recordCellDone(progress, 'meet-the-data', 'load', 2);
    expect(progress['meet-the-data']?.doneCells).toEqual(['load']);
    progress = recordCellDone(progress, 'meet-the-data', 'grid', 2, new Date('2026-01-02T03:04:05Z'));
    expect(lessonState(progress, 'meet-the-data')).toBe('done');
    expect(progress['meet-the-data']?.completedAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it('survives a round trip through storage', () => {
    const storage = memoryStorage();
    const progress = recordCellDone({}, 'a', 'x', 1);
    expect(writeProgress(storage, progress)).toBe(true);
    expect(readProgress(storage)).toEqual(progress);
  });

  it('treats a damaged stored value as no progress', () => {
    const storage = memoryStorage();
    storage.setItem(PROGRESS_KEY, '{"a": {"doneCells": 3}}');
    expect(readProgress(storage)).toEqual({});
    storage.setItem(PROGRESS_KEY, 'not json');
    expect(readProgress(storage)).toEqual({});
  });

  it('reports a refused write instead of throwing', () => {
    const full = fullStorage();
    expect(writeProgress(full, {})).toBe(false);
    expect(writeProgress(undefined, {})).toBe(false);
  });
});
