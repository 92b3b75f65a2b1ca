import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CellStopped, createLoopGuard } from '../../../../src/lib/notebook/code/loop-guard';
import { runCompiledCell } from '../../../../src/lib/notebook/code/run-cell';
import { NotebookScope } from '../../../../src/lib/notebook/code/scope';
import { compileCell } from '../../../../src/lib/notebook/code/transpile';

let runs = 0;
async function run(source: string, visible = new Map<string, unknown>(), library: Record<string, unknown> = {}, guard: () => true = () => true) {
  const compiled = compileCell(source);
  if (!compiled.ok) throw new Error(compiled.message);
  return runCompiledCell({ runName: `test-cell-${++runs}`, compiled, visible, library, guard });
}

describe('runCompiledCell', () => {
  it('returns what the cell defined at the top level, after top-level await', async () => {
    const result = await run('const a: number = await Promise.resolve(2);\nfunction double(x: number) { return x * 2 }\nlet b = double(a);');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.defined.get('a')).toBe(2);
    expect(result.defined.get('b')).toBe(4);
    expect(typeof result.defined.get('double')).toBe('function');
  });

  it('gives the cell the library and the definitions above it', async () => {
    const shown: unknown[] = [];
    const result = await run('show(a + 1);', new Map([['a', 41]]), { show: (v: unknown) => shown.push(v) });
    expect(result.ok).toBe(true);
    expect(shown).toEqual([42]);
  });

  it('hands back a name from above that the cell assigned to', async () => {
    const result = await run('count += 1;', new Map([['count', 1]]));
    expect(result.ok && result.assigned.get('count')).toBe(2);
  });

  it('maps a thrown error to the line of the student’s TypeScript', async () => {
    const source = 'type Pair = [number, number];\nconst pair: Pair = [1, 2];\n\nfunction check(p: Pair): void {\n  throw new Error(`bad pair ${p}`);\n}\ncheck(pair);';
    const result = await run(source);
    expect(result).toMatchObject({ ok: false, error: { name: 'Error', message: 'bad pair 1,2', line: 5 } });
  });

  it('maps an error from a library function to the cell line that called it', async () => {
    const library = { fail: () => { throw new RangeError('no such digit'); } };
    const result = await run('const x = 1;\n\nfail();', new Map(), library);
    expect(result).toMatchObject({ ok: false, error: { name: 'RangeError', message: 'no such digit', line: 3 } });
  });

  it('maps a reference error (strict mode: no accidental globals)', async () => {
    const result = await run('const a = 1;\nundefinedThing = 3;');
    expect(result).toMatchObject({ ok: false, error: { name: 'ReferenceError', line: 2 } });
  });

  it('stops `while (true) {}` through the guard, and the next run works', async () => {
    let now = 0;
    const loop = createLoopGuard({ now: () => (now += 10), lastHeartbeat: () => 0 });
    const result = await run('let n = 0;\nwhile (true) { n++ }', new Map(), {}, loop.guard);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.thrown).toBeInstanceOf(CellStopped);
    expect(!result.ok && result.error.line).toBe(2);
    expect((await run('const ok = 1;')).ok).toBe(true);
  });

  it('stops an endless for-of over a generator through the guard', async () => {
    let now = 0;
    const loop = createLoopGuard({ now: () => (now += 10), lastHeartbeat: () => 0 });
    const source = 'function* forever() { let i = 0; for (;;) yield i++; }\nlet last = 0;\nfor (const i of forever()) last = i;';
    const result = await run(source, new Map(), {}, loop.guard);
    expect(!result.ok && result.thrown).toBeInstanceOf(CellStopped);
    expect(!result.ok && result.error.line).toBeGreaterThanOrEqual(1);
  });
});

describe('a cell under a policy that forbids eval', () => {
  it('runs as a module where new Function is refused (a page without unsafe-eval)', () => {
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const child = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', 'tests/fixtures/scripts/run-cell-no-eval.ts'], { cwd: root, encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout.trim().split('\n').at(-1)!)).toEqual({ evalBlocked: true, ok: true, shown: [142], doubled: 42 });
  });
});

describe('what a cell made', () => {
  it('is freed once the cell’s results are dropped: ten runs of a 64 MB cell do not keep 640 MB', () => {
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/fixtures/scripts/run-cell-frees.ts'], { cwd: root, encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    const { ok, keptMegabytes } = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { ok: boolean; keptMegabytes: number };
    expect(ok).toBe(true);
    expect(keptMegabytes).toBeLessThan(100);
  });
});

describe('NotebookScope', () => {
  it('shows a cell the definitions of the cells above it, not below', () => {
    const scope = new NotebookScope(['one', 'two', 'three']);
    scope.recordRun('one', new Map([['a', 1]]), []);
    scope.recordRun('three', new Map([['c', 3]]), ['a']);
    expect([...scope.visibleTo('two')]).toEqual([['a', 1]]);
    expect(scope.visibleTo('one').size).toBe(0);
    expect(scope.visibleTo('three').has('c')).toBe(false);
  });

  it('lets the lowest cell above win when two define the same name', () => {
    const scope = new NotebookScope(['one', 'two', 'three']);
    scope.recordRun('one', new Map([['model', 'first']]), []);
    scope.recordRun('two', new Map([['model', 'second']]), []);
    expect(scope.visibleTo('three').get('model')).toBe('second');
  });

  it('replaces a cell’s definitions when it runs again', () => {
    const scope = new NotebookScope(['one', 'two']);
    scope.recordRun('one', new Map<string, unknown>([['a', 1], ['old', true]]), []);
    scope.recordRun('one', new Map([['a', 2]]), []);
    expect([...scope.visibleTo('two')]).toEqual([['a', 2]]);
  });

  it('marks a cell stale when a cell above it that it reads from runs again', () => {
    const scope = new NotebookScope(['one', 'two', 'three']);
    scope.recordRun('one', new Map([['a', 1]]), []);
    scope.recordRun('two', new Map([['b', 2]]), ['a']);
    scope.recordRun('three', new Map(), ['show']);
    expect(scope.staleCells()).toEqual([]);
    scope.recordRun('one', new Map([['a', 10]]), []);
    expect(scope.staleCells()).toEqual(['two']);
    expect(scope.staleBecause('two')).toEqual(['one']);
    scope.recordRun('two', new Map([['b', 20]]), ['a']);
    expect(scope.staleCells()).toEqual([]);
  });

  it('writes an assignment from below back to the cell that owns the name', () => {
    const scope = new NotebookScope(['one', 'two', 'three']);
    scope.recordRun('one', new Map([['count', 1]]), []);
    scope.assign('two', 'count', 2);
    expect(scope.visibleTo('three').get('count')).toBe(2);
  });

  it('forgets a reset cell, and the cells that read it become stale', () => {
    const scope = new NotebookScope(['one', 'two']);
    scope.recordRun('one', new Map([['a', 1]]), []);
    scope.recordRun('two', new Map(), ['a']);
    scope.forget('one');
    expect(scope.visibleTo('two').size).toBe(0);
    expect(scope.staleCells()).toEqual(['two']);
  });
});
