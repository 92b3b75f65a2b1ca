/**
 * What `npm run check` asks of every lesson before a build would fail on it (or, worse, a page
 * would fail in a student's browser): front matter that fits the schema, cells whose runner
 * file exists, whose shown source names declarations that exist, whose `needs` name earlier
 * cells, and ids used once. Every problem names the file and says what is wrong. The file
 * system is passed in, so tests check lessons that exist only in memory.
 */
import { parse as parseYaml } from 'yaml';
import { lessonFrontMatter } from './lesson-schema';
import { extractDeclaration } from './source';
import { parseQuiz } from './quiz';

export interface LessonFiles {
  /** Undefined when there is no such file (paths relative to the project root). */
  read(path: string): string | undefined;
}

export interface LessonProblem {
  file: string;
  message: string;
}

interface CellTag {
  attributes: Record<string, string>;
  line: number;
}

export function checkLesson(file: string, text: string, files: LessonFiles): LessonProblem[] {
  const problems: string[] = [];
  problems.push(...frontMatterProblems(text));
  const seen = new Set<string>();
  for (const { attributes, line } of tags(text, 'Cell')) {
    const { id, title, run, code, needs } = attributes;
    const where = `line ${line}: <Cell${id ? ` id="${id}"` : ''}>`;
    if (!id) problems.push(`${where} has no id.`);
    if (!title) problems.push(`${where} has no title.`);
    if (id && seen.has(id)) problems.push(`${where}: the id "${id}" is used by an earlier cell too; give each cell its own.`);
    for (const need of (needs ?? '').split(/\s+/).filter(Boolean)) {
      if (!seen.has(need)) problems.push(`${where}: needs="${need}", but no earlier cell in this lesson has that id.`);
    }
    if (id) seen.add(id);
    if (!run) problems.push(`${where} has no run="<lesson>/<cell>" naming the code it runs.`);
    else if (!/^[\w-]+\/[\w-]+$/.test(run)) problems.push(`${where}: run="${run}" should look like "meet-the-data/grid".`);
    else if (files.read(`src/cells/${run}.ts`) === undefined) problems.push(`${where}: run="${run}" names src/cells/${run}.ts, which does not exist.`);
    if (code !== undefined) problems.push(...codeProblems(where, code, files));
  }
  problems.push(...tfjsVisProblems(text, files));
  const quizIds = new Set<string>();
  for (const { attributes, line } of tags(text, 'Quiz')) {
    const where = `line ${line}: <Quiz${attributes.id ? ` id="${attributes.id}"` : ''}>`;
    const parsed = parseQuiz(attributes);
    if (!parsed.ok) problems.push(...parsed.problems.map((problem) => `${where} ${problem}`));
    if (attributes.id && quizIds.has(attributes.id)) problems.push(`${where}: the id "${attributes.id}" is used by an earlier quiz too; give each its own.`);
    if (attributes.id) quizIds.add(attributes.id);
  }
  if (quizIds.size > 0 && !/^import\s+Quiz\s+from\s+['"][^'"]*\/Quiz\.astro['"]/m.test(text)) {
    problems.push("uses <Quiz> without importing it: add import Quiz from '../components/notebook/Quiz.astro';");
  }
  const codeCellIds = new Set<string>();
  for (const { attributes, line } of tags(text, 'CodeCell')) {
    const { id, starter } = attributes;
    const where = `line ${line}: <CodeCell${id ? ` id="${id}"` : ''}>`;
    if (!id) problems.push(`${where} has no id.`);
    else if (codeCellIds.has(id)) problems.push(`${where}: the id "${id}" is used by an earlier code cell too; give each cell its own.`);
    else codeCellIds.add(id);
    if (!starter) problems.push(`${where} has no starter="<lesson>/<name>" naming its starter code.`);
    else if (!/^[\w-]+\/[\w-]+$/.test(starter)) problems.push(`${where}: starter="${starter}" should look like "meet-the-data/ink".`);
    else if (files.read(`src/components/code/starters/${starter}.ts.txt`) === undefined) {
      problems.push(`${where}: starter="${starter}" names src/components/code/starters/${starter}.ts.txt, which does not exist.`);
    }
  }
  return problems.map((message) => ({ file, message }));
}

/**
 * A lesson whose cells or components load tfjs-vis must say `tfjsVis: true` (its page's CSP then
 * allows the 'unsafe-eval' Vega needs), and only such a lesson may: the flag loosens the policy.
 * Followed: each Cell's runner and the lesson's own component imports, through their relative
 * imports. The code-cell components are left out: a student's `show({ chart })` is the one
 * tfjs-vis use no file can tell in advance (on a page without the flag it says it cannot draw).
 */
function tfjsVisProblems(text: string, files: LessonFiles): string[] {
  const starts = tags(text, 'Cell').map(({ attributes }) => `src/cells/${attributes.run ?? ''}.ts`);
  for (const match of text.matchAll(/^import\s+\w+\s+from\s+['"](\.[^'"]+)['"]/gm)) {
    const path = joinPath('src/lessons', match[1]!);
    if (!/\/(Cell|CodeNotebook|CodeCell)\.astro$/.test(path)) starts.push(path);
  }
  const seen = new Set<string>();
  const uses = starts.some((path) => loadsTfjsVis(path, files, seen));
  const declared = readFrontMatter(text)?.tfjsVis === true;
  if (uses && !declared) return ['front matter: its cells draw tfjs-vis charts, so add "tfjsVis: true" (the page\'s Content-Security-Policy then allows the \'unsafe-eval\' Vega needs).'];
  if (!uses && declared) return ['front matter "tfjsVis": no cell of this lesson loads tfjs-vis; remove it, so the page keeps the stricter policy.'];
  return [];
}

function loadsTfjsVis(path: string, files: LessonFiles, seen: Set<string>): boolean {
  if (seen.has(path)) return false;
  seen.add(path);
  const source = files.read(path);
  if (source === undefined) return false;
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) {
    const spec = match[1]!;
    if (spec === '@tensorflow/tfjs-vis') return true;
    if (!spec.startsWith('.')) continue;
    const base = joinPath(path.slice(0, path.lastIndexOf('/')), spec);
    const candidate = [base, `${base}.ts`, `${base}/index.ts`].find((p) => files.read(p) !== undefined);
    if (candidate && loadsTfjsVis(candidate, files, seen)) return true;
  }
  return false;
}

/** `dir` + a relative path, with . and .. resolved (paths stay relative to the project root). */
function joinPath(dir: string, relative: string): string {
  const parts = dir.split('/').filter(Boolean);
  for (const part of relative.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** Lessons sharing a number make "next" ambiguous: named here, with both files. */
export function checkLessonNumbers(lessons: readonly { file: string; text: string }[]): LessonProblem[] {
  const byNumber = new Map<number, string>();
  const problems: LessonProblem[] = [];
  for (const { file, text } of lessons) {
    const number = readFrontMatter(text)?.number;
    if (typeof number !== 'number') continue;
    const other = byNumber.get(number);
    if (other) problems.push({ file, message: `number ${number} is already used by ${other}; give each lesson its own number.` });
    else byNumber.set(number, file);
  }
  return problems;
}

function frontMatterProblems(text: string): string[] {
  const data = readFrontMatter(text);
  if (data === undefined) return ['has no front matter: start the file with ---, then number, title and summary, then ---.'];
  if (data === null) return ['its front matter is not valid YAML.'];
  const result = lessonFrontMatter.safeParse(data);
  if (result.success) return [];
  return result.error.issues.map((issue) => `front matter "${issue.path.join('.') || '(all)'}": ${issue.message}.`);
}

/** The parsed front matter; undefined when there is none, null when it is not YAML. */
function readFrontMatter(text: string): Record<string, unknown> | null | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!match) return undefined;
  try {
    const data: unknown = parseYaml(match[1]!);
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function codeProblems(where: string, code: string, files: LessonFiles): string[] {
  const [path, names = ''] = code.split('#');
  if (!path || !names) return [`${where}: code="${code}" should look like "src/lib/file.ts#functionName".`];
  const source = files.read(path);
  if (source === undefined) return [`${where}: code="${code}" names ${path}, which does not exist.`];
  const problems: string[] = [];
  for (const name of names.split(',').map((n) => n.trim())) {
    try {
      extractDeclaration(source, path, name);
    } catch (error) {
      problems.push(`${where}: code="${code}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/** Every <Cell …> (or other component's) tag with its string attributes and the line it starts on. */
function tags(text: string, component: string): CellTag[] {
  const found: CellTag[] = [];
  for (const match of text.matchAll(new RegExp(`<${component}\\b([^>]*?)\\/?>`, 'g'))) {
    const attributes: Record<string, string> = {};
    for (const attribute of match[1]!.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes[attribute[1]!] = attribute[2] ?? attribute[3] ?? '';
    }
    found.push({ attributes, line: text.slice(0, match.index).split('\n').length });
  }
  return found;
}
