import { describe, expect, it } from 'vitest';
import { editsKey, emptyEdits, readEdits, withCellCode, writeEdits } from '../../../../src/lib/notebook/code/edits';
import { fullStorage, memoryStorage } from '../../memory-storage';

describe('persisted code edits', () => {
  it('round-trips a lesson’s edits, keeping only cells that differ from their starter', () => {
    const storage = memoryStorage();
    let edits = withCellCode(emptyEdits('building-the-cnn'), 'model', 'const x = 2;', 'const x = 1;');
    edits = withCellCode(edits, 'send', 'useInLesson4(config);', 'useInLesson4(config);');
    expect(writeEdits(storage, edits)).toBeUndefined();
    expect(readEdits(storage, 'building-the-cnn')).toEqual({ edits: { version: 1, lesson: 'building-the-cnn', cells: { model: 'const x = 2;' } } });
    expect(readEdits(storage, 'training').edits.cells).toEqual({});
  });

  it('removes the record when every cell is back to its starter', () => {
    const storage = memoryStorage();
    const edited = withCellCode(emptyEdits('l'), 'a', 'changed', 'starter');
    writeEdits(storage, edited);
    writeEdits(storage, withCellCode(edited, 'a', 'starter', 'starter'));
    expect(storage.map.has(editsKey('l'))).toBe(false);
  });

  it('ignores a damaged record with a notice', () => {
    const storage = memoryStorage();
    storage.setItem(editsKey('l'), '{"version":1,"lesson":"l","cells":{"a":');
    expect(readEdits(storage, 'l')).toEqual({ edits: emptyEdits('l'), notice: expect.stringContaining('could not be used (it is not readable JSON)') });
    storage.setItem(editsKey('l'), JSON.stringify({ version: 1, lesson: 'l', cells: { a: 42 } }));
    expect(readEdits(storage, 'l').notice).toContain('its cells are damaged');
  });

  it('ignores a record from another version of the format with a notice', () => {
    const storage = memoryStorage();
    storage.setItem(editsKey('l'), JSON.stringify({ version: 0, lesson: 'l', cells: { a: 'x' } }));
    expect(readEdits(storage, 'l')).toEqual({ edits: emptyEdits('l'), notice: expect.stringContaining('another version of the course') });
  });

  it('says so when the browser will not keep the code', () => {
    expect(writeEdits(fullStorage(), withCellCode(emptyEdits('l'), 'a', 'x', 'y'))).toContain('refused to keep your code');
    expect(writeEdits(undefined, emptyEdits('l'))).toContain('no local storage');
  });
});
