import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLesson } from '../../../src/lib/notebook/lesson-check';
import {
  CATALOGUE,
  CATALOGUE_TFJS_VIS,
  COMPONENT_FILES,
  catalogueAsLesson,
  componentsOf,
  elementMdx,
  snippetOf,
  textWithCode,
  type CatalogueBlock,
} from '../../../src/lib/site/block-catalogue';

const root = process.cwd();
const project = {
  read: (path: string) => {
    const full = resolve(root, path);
    return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
  },
};

describe('the block catalogue', () => {
  it('has every block the issue names, once each', () => {
    expect(CATALOGUE.map((block) => block.id)).toEqual(['cell', 'grid', 'chart', 'builder', 'training', 'confusion', 'draw-pad', 'code-cells', 'quiz']);
  });

  it('passes the lesson check as one lesson with the page\'s tfjsVis flag: every runner, source symbol, starter and quiz is real', () => {
    expect(checkLesson('catalogue', catalogueAsLesson(CATALOGUE, CATALOGUE_TFJS_VIS), project)).toEqual([]);
  });

  it('needs that flag: without it the check asks for tfjsVis: true (the page must allow Vega\'s eval)', () => {
    const problems = checkLesson('catalogue', catalogueAsLesson(CATALOGUE, false), project).map((problem) => problem.message);
    expect(problems).toEqual([expect.stringContaining('add "tfjsVis: true"')]);
  });

  it('fails when a snippet names a runner or a source symbol that does not exist', () => {
    const broken: CatalogueBlock = {
      ...CATALOGUE[0]!,
      elements: [{ component: 'Cell', props: { id: 'load', title: 'Load', run: 'meet-the-data/no-such-cell', code: 'src/lib/data/loader.ts#noSuchFunction' } }],
    };
    const problems = checkLesson('catalogue', catalogueAsLesson([broken], false), project).map((problem) => problem.message);
    expect(problems).toContainEqual(expect.stringContaining('src/cells/meet-the-data/no-such-cell.ts, which does not exist'));
    expect(problems).toContainEqual(expect.stringContaining('noSuchFunction'));
  });

  it('names components whose files exist', () => {
    for (const file of Object.values(COMPONENT_FILES)) expect(existsSync(resolve(root, file)), file).toBe(true);
  });

  it('is what docs/authoring.md shows: every snippet, whole, in an mdx fence', () => {
    const doc = readFileSync(resolve(root, 'docs/authoring.md'), 'utf8');
    for (const block of CATALOGUE) expect(doc, block.id).toContain('```mdx\n' + snippetOf(block) + '\n```');
  });

  it('writes a snippet the way an author does: imports, a blank line, tags a blank line apart', () => {
    const confusion = CATALOGUE.find((block) => block.id === 'confusion')!;
    const lines = snippetOf(confusion).split('\n');
    expect(lines[0]).toBe("import Cell from '../components/Cell.astro';");
    expect(lines[1]).toBe('');
    expect(lines[2]).toMatch(/^<Cell id="evaluate" .* \/>$/);
    expect(lines[3]).toBe('');
    expect(lines[4]).toMatch(/^<Cell id="confusion" .* \/>$/);
  });

  it('nests children two spaces deep and imports each component once, in order of use', () => {
    const notebook = CATALOGUE.find((block) => block.id === 'code-cells')!;
    expect(componentsOf(notebook.elements)).toEqual(['CodeNotebook', 'CodeCell']);
    expect(snippetOf(notebook)).toContain('<CodeNotebook>\n  <CodeCell id="ink"');
    expect(snippetOf(notebook)).toContain('\n    What the cell is for');
    expect(snippetOf(notebook)).toMatch(/<\/CodeCell>\n<\/CodeNotebook>$/);
  });

  it('refuses an attribute value that would break out of its quotes', () => {
    expect(() => elementMdx({ component: 'Quiz', props: { id: 'q', question: 'Say "hi"' } })).toThrow(/double quote/);
  });

  it('splits notes into text and `code` parts for the page', () => {
    expect(textWithCode('`run` names a file; `code` too.')).toEqual([
      { code: true, text: 'run' },
      { code: false, text: ' names a file; ' },
      { code: true, text: 'code' },
      { code: false, text: ' too.' },
    ]);
  });
});
