import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLesson, checkLessonNumbers } from '../../../src/lib/notebook/lesson-check';

const files = (entries: Record<string, string>) => ({ read: (path: string) => entries[path] });
const project = files({
  'src/cells/demo/load.ts': 'export function run() {}',
  'src/cells/demo/grid.ts': 'export function run() {}',
  'src/lib/demo.ts': 'export function loadThings() {}\nexport class Things { sample() {} }',
});
const lesson = (frontMatter: string, body: string) => `---\n${frontMatter}\n---\nimport Cell from '../components/Cell.astro';\n\n${body}\n`;
const good = lesson('number: 2\ntitle: Demo\nsummary: A demo.', [
  '<Cell id="load" title="Load" run="demo/load" code="src/lib/demo.ts#loadThings" />',
  '<Cell id="grid" title="Grid" needs="load"\n      run="demo/grid" code="src/lib/demo.ts#Things.sample" />',
].join('\n'));

describe('a lesson and tfjs-vis', () => {
  const vis = files({
    'src/cells/demo/load.ts': "import { chart } from './charts';\nexport function run() {}",
    'src/cells/demo/charts.ts': "export const chart = () => import('../../components/vis/tfvis');",
    'src/components/vis/tfvis.ts': "export const load = () => import('@tensorflow/tfjs-vis');",
    'src/cells/demo/grid.ts': 'export function run() {}',
  });
  const cell = (run: string) => `<Cell id="a" title="A" run="${run}" />`;

  it('asks a lesson whose cells load tfjs-vis (through their imports) for tfjsVis: true, and only such a lesson', () => {
    expect(checkLesson('x.mdx', lesson('number: 1\ntitle: T\nsummary: S.', cell('demo/load')), vis).map((p) => p.message)).toEqual([
      'front matter: its cells draw tfjs-vis charts, so add "tfjsVis: true" (the page\'s Content-Security-Policy then allows the \'unsafe-eval\' Vega needs).',
    ]);
    expect(checkLesson('x.mdx', lesson('number: 1\ntitle: T\nsummary: S.\ntfjsVis: true', cell('demo/load')), vis)).toEqual([]);
    expect(checkLesson('x.mdx', lesson('number: 1\ntitle: T\nsummary: S.\ntfjsVis: true', cell('demo/grid')), vis).map((p) => p.message)).toEqual([
      'front matter "tfjsVis": no cell of this lesson loads tfjs-vis; remove it, so the page keeps the stricter policy.',
    ]);
  });
});

describe('checking a lesson', () => {
  it('finds nothing wrong with a good lesson', () => {
    expect(checkLesson('02-demo.mdx', good, project)).toEqual([]);
  });

  it('names the front-matter field that is missing or wrong', () => {
    const messages = checkLesson('x.mdx', lesson('number: two\nsummary: A demo.', ''), project).map((p) => p.message);
    expect(messages).toEqual([
      'front matter "number": Expected number, received string.',
      'front matter "title": Required.',
    ]);
    expect(checkLesson('x.mdx', 'no front matter', project)[0]!.message).toMatch(/has no front matter/);
    expect(checkLesson('x.mdx', '---\nnumber: [\n---\n', project)[0]!.message).toMatch(/not valid YAML/);
  });

  it('names a cell whose runner file does not exist, with its line', () => {
    const broken = good.replace('run="demo/grid"', 'run="demo/gird"');
    expect(checkLesson('02-demo.mdx', broken, project)).toEqual([
      { file: '02-demo.mdx', message: 'line 9: <Cell id="grid">: run="demo/gird" names src/cells/demo/gird.ts, which does not exist.' },
    ]);
  });

  it('names a missing source file, a missing declaration and a missing method', () => {
    const messages = checkLesson('l.mdx', good.replace('#loadThings', '#loadThingz').replace('Things.sample', 'Things.sampel'), project).map((p) => p.message);
    expect(messages[0]).toBe('line 8: <Cell id="load">: code="src/lib/demo.ts#loadThingz": src/lib/demo.ts has no top-level declaration named "loadThingz".');
    expect(messages[1]).toMatch(/Class "Things" in src\/lib\/demo.ts has no member "sampel"/);
    expect(checkLesson('l.mdx', good.replace('src/lib/demo.ts#loadThings', 'src/lib/gone.ts#x'), project)[0]!.message).toMatch(/names src\/lib\/gone.ts, which does not exist/);
  });

  it('names needs that point nowhere (or forward), ids used twice, and cells without id, title or run', () => {
    const messages = checkLesson('l.mdx', lesson('number: 2\ntitle: T\nsummary: S', [
      '<Cell id="a" title="A" needs="b" run="demo/load" />',
      '<Cell id="b" title="B" run="demo/load" />',
      '<Cell id="b" title="B again" run="demo/load" />',
      '<Cell run="demo/load" />',
      '<Cell id="c" title="C" run="../etc/passwd" />',
    ].join('\n')), project).map((p) => p.message);
    expect(messages).toEqual([
      'line 8: <Cell id="a">: needs="b", but no earlier cell in this lesson has that id.',
      'line 10: <Cell id="b">: the id "b" is used by an earlier cell too; give each cell its own.',
      'line 11: <Cell> has no id.',
      'line 11: <Cell> has no title.',
      'line 12: <Cell id="c">: run="../etc/passwd" should look like "meet-the-data/grid".',
    ]);
  });

  it('names a code cell whose starter code does not exist, and code-cell ids used twice', () => {
    const withCode = good + [
      '<CodeNotebook>',
      '  <CodeCell id="mine" title="Mine" starter="demo/mine">Text</CodeCell>',
      '  <CodeCell id="mine" title="Again" starter="demo/gone" />',
      '</CodeNotebook>',
    ].join('\n');
    const lessonFiles = files({ ...Object.fromEntries(['src/cells/demo/load.ts', 'src/cells/demo/grid.ts'].map((p) => [p, ''])), 'src/lib/demo.ts': 'export function loadThings() {}\nexport class Things { sample() {} }', 'src/components/code/starters/demo/mine.ts.txt': 'show(1)' });
    expect(checkLesson('l.mdx', withCode, lessonFiles).map((p) => p.message)).toEqual([
      'line 13: <CodeCell id="mine">: the id "mine" is used by an earlier code cell too; give each cell its own.',
      'line 13: <CodeCell id="mine">: starter="demo/gone" names src/components/code/starters/demo/gone.ts.txt, which does not exist.',
    ]);
  });

  it('names two lessons with one number', () => {
    expect(checkLessonNumbers([{ file: 'a.mdx', text: good }, { file: 'b.mdx', text: good }])).toEqual([
      { file: 'b.mdx', message: 'number 2 is already used by a.mdx; give each lesson its own number.' },
    ]);
  });
});

describe('npm run check on the lessons', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const run = (dir: string) =>
    spawnSync(join(root, 'node_modules/.bin/tsx'), ['scripts/check-lessons.ts', '--dir', relative(root, dir)], { cwd: root, encoding: 'utf8' });

  it('passes the course as it is, and fails on a broken copy of a lesson with the file and what is wrong', () => {
    const ok = run(join(root, 'src/lessons'));
    expect(ok.status, ok.stderr).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'digit-lab-lessons-'));
    try {
      const original = readFileSync(join(root, 'src/lessons/01-meet-the-data.mdx'), 'utf8');
      writeFileSync(join(dir, '01-meet-the-data.mdx'), original.replace('run="meet-the-data/grid"', 'run="meet-the-data/no-such-cell"').replace(/^title: .*$/m, 'title: ""'));
      const broken = run(dir);
      expect(broken.status).toBe(1);
      expect(broken.stderr).toMatch(/01-meet-the-data\.mdx: front matter "title": String must contain at least 1 character/);
      expect(broken.stderr).toMatch(/01-meet-the-data\.mdx: line \d+: <Cell id="grid">: run="meet-the-data\/no-such-cell" names src\/cells\/meet-the-data\/no-such-cell\.ts, which does not exist\./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
