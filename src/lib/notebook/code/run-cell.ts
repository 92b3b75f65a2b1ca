/**
 * Runs one compiled cell: its code becomes the body of an async function whose parameters
 * are the names it may use (the course library, the definitions of the cells above, the loop
 * guard), and which returns what the cell defined at its top level.
 *
 * It runs on the page, not in a worker: `show` puts real Plot figures and tfjs-vis charts in
 * the page, lesson 3 saves a model choice in localStorage, lesson 7 reads the drawing pad,
 * and MNIST is already in the page's memory — a worker would need a second copy of each, and
 * a protocol for every kind of output. The price is that a loop cannot be interrupted from
 * outside, so every loop asks the guard (loop-guard.ts), which stops it with a sentence.
 *
 * An error names the student's line: the function is given a `sourceURL`, and the line the
 * engine reports in its stack, less the lines the engine puts before a function body (measured
 * once, as engines differ), is the line in the editor, since the transpiler keeps lines.
 */
import { GUARD_NAME } from './loop-guard';
import type { CompiledCell } from './transpile';

export interface RunCellInput {
  /** Unique per run, so a stack frame from an older run is not taken for this one. */
  runName: string;
  compiled: CompiledCell;
  /** What the cells above defined. */
  visible: ReadonlyMap<string, unknown>;
  /** The course's names (tf, data, show, …); a definition above with the same name wins. */
  library: Readonly<Record<string, unknown>>;
  guard: () => true;
}

export interface CellError {
  name: string;
  message: string;
  /** 1-based line in the student's code, when the engine says. */
  line?: number;
}

export type CellRunResult =
  | { ok: true; defined: Map<string, unknown>; assigned: Map<string, unknown> }
  | { ok: false; error: CellError; thrown: unknown };

type AsyncFunctionConstructor = new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as AsyncFunctionConstructor;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export async function runCompiledCell(input: RunCellInput): Promise<CellRunResult> {
  const { compiled, visible, library } = input;
  const declared = new Set(compiled.defines);
  const fromAbove = compiled.uses.filter((name) => visible.has(name) && !declared.has(name));
  const libraryNames = Object.keys(library).filter((name) => !declared.has(name) && !visible.has(name) && IDENTIFIER.test(name));
  const parameters = [GUARD_NAME, ...libraryNames, ...fromAbove];
  const guard = Object.assign(() => input.guard(), {
    *iterate<T>(items: Iterable<T>): Generator<T> {
      for (const item of items) {
        input.guard();
        yield item;
      }
    },
  });
  const args = [guard, ...libraryNames.map((name) => library[name]), ...fromAbove.map((name) => visible.get(name))];
  const names = (list: readonly string[]) => list.filter((name) => IDENTIFIER.test(name)).join(', ');
  const body =
    `"use strict";${compiled.code}\n;return { defined: { ${names(compiled.defines)} }, assigned: { ${names(fromAbove)} } };` +
    `\n//# sourceURL=${input.runName}.js`;

  let run: (...args: unknown[]) => Promise<unknown>;
  try {
    run = new AsyncFunction(...parameters, body);
  } catch (error) {
    // A syntax error sucrase let through (a name declared twice, say): the engine gives no line.
    return { ok: false, error: describeError(error, input.runName), thrown: error };
  }
  try {
    const result = (await run(...args)) as { defined: Record<string, unknown>; assigned: Record<string, unknown> };
    return { ok: true, defined: new Map(Object.entries(result.defined)), assigned: new Map(Object.entries(result.assigned)) };
  } catch (error) {
    return { ok: false, error: describeError(error, input.runName), thrown: error };
  }
}

/** The message of anything thrown, and the cell's line from its stack. */
export function describeError(error: unknown, runName: string): CellError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : `A value was thrown: ${String(error)}`;
  const line = error instanceof Error ? lineInStack(error.stack ?? '', runName) : undefined;
  return line === undefined ? { name, message } : { name, message, line };
}

/** The student's line of the first stack frame in this run's code. */
export function lineInStack(stack: string, runName: string): number | undefined {
  const frame = new RegExp(`${escapeRegExp(runName)}\\.js:(\\d+)(?::\\d+)?`).exec(stack);
  if (!frame) return undefined;
  const line = Number(frame[1]) - bodyLineOffset();
  return line >= 1 ? line : undefined;
}

let measuredOffset: number | undefined;

/** How many lines this engine puts before a `new AsyncFunction` body (2 in V8: the header). */
export function bodyLineOffset(): number {
  if (measuredOffset !== undefined) return measuredOffset;
  const probe = 'digit-lab-line-probe';
  try {
    // Called synchronously (a plain Function has the same header as an async one) to get a stack.
    new (Object.getPrototypeOf(function () {}).constructor as new (...args: string[]) => () => void)(
      'a',
      `throw new Error('probe');\n//# sourceURL=${probe}.js`,
    )();
  } catch (error) {
    const frame = new RegExp(`${probe}\\.js:(\\d+)`).exec((error as Error).stack ?? '');
    measuredOffset = frame ? Number(frame[1]) - 1 : 2;
    return measuredOffset;
  }
  measuredOffset = 2;
  return measuredOffset;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
