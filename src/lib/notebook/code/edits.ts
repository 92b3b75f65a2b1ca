/**
 * A student's edits to a lesson's code cells, kept in the browser (localStorage, one record
 * per lesson) so they survive a reload. Only cells whose code differs from the starter are
 * kept. A record that cannot be read (damaged, or from another version of the format) is set
 * aside with a sentence, never crashed on: the cells then show their starter code.
 */
import type { KeyValueStorage } from '../progress';

export const EDITS_VERSION = 1;

export function editsKey(lesson: string): string {
  return `digit-lab:code-edits:v${EDITS_VERSION}:${lesson}`;
}

export interface LessonEdits {
  version: typeof EDITS_VERSION;
  lesson: string;
  /** Cell id → the student's code. */
  cells: Record<string, string>;
}

export interface EditsRead {
  edits: LessonEdits;
  /** Set when a saved record was there but could not be used. */
  notice?: string;
}

export function emptyEdits(lesson: string): LessonEdits {
  return { version: EDITS_VERSION, lesson, cells: {} };
}

export function readEdits(storage: KeyValueStorage | undefined, lesson: string): EditsRead {
  let text: string | null = null;
  try {
    text = storage?.getItem(editsKey(lesson)) ?? null;
  } catch {
    return { edits: emptyEdits(lesson), notice: 'This browser would not let the page read your saved code, so the cells show their starter code.' };
  }
  if (text === null) return { edits: emptyEdits(lesson) };
  const parsed = parseEdits(text, lesson);
  return 'problem' in parsed
    ? { edits: emptyEdits(lesson), notice: `Your saved code for this lesson could not be used (${parsed.problem}), so the cells show their starter code.` }
    : { edits: parsed };
}

/** A record read from storage or from a file the student loads back. */
export function parseEdits(text: string, lesson: string): LessonEdits | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'it is not readable JSON' };
  }
  if (typeof value !== 'object' || value === null) return { problem: 'it is not a record of edits' };
  const record = value as Partial<LessonEdits>;
  if (record.version !== EDITS_VERSION) return { problem: `it is from another version of the course (format ${String(record.version)})` };
  if (record.lesson !== lesson) return { problem: `it belongs to the lesson “${String(record.lesson)}”` };
  const cells = record.cells;
  if (typeof cells !== 'object' || cells === null || Object.values(cells).some((code) => typeof code !== 'string')) {
    return { problem: 'its cells are damaged' };
  }
  return { version: EDITS_VERSION, lesson, cells: { ...cells } };
}

/** The edits with `cellId` set to `code`, or removed when it is the starter again. */
export function withCellCode(edits: LessonEdits, cellId: string, code: string, starter: string): LessonEdits {
  const cells = { ...edits.cells };
  if (code === starter) delete cells[cellId];
  else cells[cellId] = code;
  return { ...edits, cells };
}

/** Saves the edits; returns a sentence when the browser refuses. */
export function writeEdits(storage: KeyValueStorage | undefined, edits: LessonEdits): string | undefined {
  if (!storage) return 'This browser keeps no local storage here (a private window?), so your code is lost when you leave the page.';
  try {
    if (Object.keys(edits.cells).length === 0) storage.removeItem(editsKey(edits.lesson));
    else storage.setItem(editsKey(edits.lesson), JSON.stringify(edits));
    return undefined;
  } catch {
    return 'The browser refused to keep your code (its storage is full or disabled); download your notebook to keep it.';
  }
}
