import { describe, expect, it } from 'vitest';
import { StrokeHistory } from '../../../src/lib/draw/stroke-history';

describe('StrokeHistory', () => {
  it('records strokes from pen down to pen up, in pad coordinates', () => {
    const history = new StrokeHistory();
    expect(history.isEmpty).toBe(true);
    history.begin({ x: 10, y: 20 });
    expect(history.drawing).toBe(true);
    expect(history.extend({ x: 11, y: 22 })).toBe(true);
    history.end();
    expect(history.drawing).toBe(false);
    history.begin({ x: 50, y: 60 });
    history.end();
    expect(history.strokes).toEqual([
      [{ x: 10, y: 20 }, { x: 11, y: 22 }],
      [{ x: 50, y: 60 }],
    ]);
  });

  it('drops a point that repeats the last one, and points while the pen is up', () => {
    const history = new StrokeHistory();
    expect(history.extend({ x: 1, y: 1 })).toBe(false);
    history.begin({ x: 1, y: 1 });
    expect(history.extend({ x: 1, y: 1 })).toBe(false);
    expect(history.extend({ x: 2, y: 1 })).toBe(true);
    expect(history.extend({ x: 2, y: 1 })).toBe(false);
    expect(history.extend({ x: 1, y: 1 })).toBe(true);
    history.end();
    expect(history.extend({ x: 5, y: 5 })).toBe(false);
    expect(history.strokes).toEqual([[{ x: 1, y: 1 }, { x: 2, y: 1 }, { x: 1, y: 1 }]]);
  });

  it('undoes the newest stroke, one at a time, and says when there was none', () => {
    const history = new StrokeHistory();
    history.begin({ x: 0, y: 0 });
    history.end();
    history.begin({ x: 9, y: 9 });
    history.extend({ x: 8, y: 8 });
    expect(history.undo()).toBe(true);
    expect(history.drawing).toBe(false);
    expect(history.strokes).toEqual([[{ x: 0, y: 0 }]]);
    expect(history.undo()).toBe(true);
    expect(history.isEmpty).toBe(true);
    expect(history.undo()).toBe(false);
  });

  it('clears everything, and a new stroke starts afresh', () => {
    const history = new StrokeHistory();
    history.begin({ x: 0, y: 0 });
    history.extend({ x: 3, y: 4 });
    history.clear();
    expect(history.isEmpty).toBe(true);
    expect(history.extend({ x: 5, y: 5 })).toBe(false);
    history.begin({ x: 7, y: 7 });
    expect(history.strokes).toEqual([[{ x: 7, y: 7 }]]);
  });

  it('a second pen-down without a pen-up ends the first stroke', () => {
    const history = new StrokeHistory();
    history.begin({ x: 0, y: 0 });
    history.begin({ x: 5, y: 5 });
    history.extend({ x: 6, y: 6 });
    expect(history.strokes).toEqual([[{ x: 0, y: 0 }], [{ x: 5, y: 5 }, { x: 6, y: 6 }]]);
  });

  it('keeps its own copy of each point', () => {
    const history = new StrokeHistory();
    const point = { x: 1, y: 2 };
    history.begin(point);
    point.x = 99;
    expect(history.strokes[0]![0]).toEqual({ x: 1, y: 2 });
  });

  it('refuses a position that is not a finite number', () => {
    const history = new StrokeHistory();
    expect(() => history.begin({ x: Number.NaN, y: 0 })).toThrow(/finite/);
    history.begin({ x: 0, y: 0 });
    expect(() => history.extend({ x: 0, y: Infinity })).toThrow(/finite/);
    expect(history.strokes).toEqual([[{ x: 0, y: 0 }]]);
  });
});
