import { describe, expect, it } from 'vitest';
import { checkCells, planRun } from '../../../src/lib/notebook/plan';

const cells = [
  { id: 'load', needs: [] },
  { id: 'grid', needs: ['load'] },
  { id: 'stats', needs: ['load'] },
  { id: 'compare', needs: ['grid', 'stats'] },
];

describe('planRun', () => {
  it('runs what a cell needs first, each once', () => {
    expect(planRun(cells, 'compare')).toEqual(['load', 'grid', 'stats', 'compare']);
  });

  it('skips cells that are already done, but always runs the target', () => {
    expect(planRun(cells, 'compare', new Set(['load', 'grid']))).toEqual(['stats', 'compare']);
    expect(planRun(cells, 'load', new Set(['load']))).toEqual(['load']);
  });

  it('names a missing dependency', () => {
    expect(() => planRun([{ id: 'grid', needs: ['lod'] }], 'grid')).toThrow(/"grid" needs a cell "lod"/);
  });

  it('detects a circle', () => {
    const circular = [
      { id: 'a', needs: ['b'] },
      { id: 'b', needs: ['a'] },
    ];
    expect(() => planRun(circular, 'a')).toThrow(/circle: a → b → a/);
  });
});

describe('checkCells', () => {
  it('accepts a well-formed lesson', () => {
    expect(() => checkCells(cells)).not.toThrow();
  });

  it('refuses duplicate ids', () => {
    expect(() => checkCells([...cells, { id: 'load', needs: [] }])).toThrow(/Two cells .* "load"/);
  });
});
