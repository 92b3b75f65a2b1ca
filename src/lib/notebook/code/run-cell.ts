/**
 * Runs one compiled cell as a JavaScript module of its own: the names it may use (the course
 * library, the definitions of the cells above, the loop guard) come in through a per-run handle
 * on `globalThis`, and the module hands back what the cell defined at its top level. Top-level
 * `await` works because the code runs inside an async function the module exports.
 *
 * A module, not `new Function`: the site's Content-Security-Policy allows scripts only from the
 * site itself and from `blob:` URLs the page made, never `'unsafe-eval'` (except on the pages that
 * draw tfjs-vis charts, which Vega needs). In the browser the module is a `blob:` URL; in Node
 * (the unit tests) a `data:` URL, which Node imports natively. See the README's hosting section.
 *
 * It runs on the page, not in a worker: `show` puts real Plot figures and tfjs-vis charts in
 * the page, lesson 3 saves a model choice in localStorage, lesson 7 reads the drawing pad,
 * and MNIST is already in the page's memory — a worker would need a second copy of each, and
 * a protocol for every kind of output. The price is that a loop cannot be interrupted from
 * outside, so every loop asks the guard (loop-guard.ts), which stops it with a sentence.
 *
 * An error names the student's line: the handle is unpacked on the module's first line, before
 * the student's first line, so the line the engine reports for the module's URL is the line in
 * the editor (the transpiler keeps lines).
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
  /** How the module is loaded; blob: URLs in a browser, data: URLs elsewhere. */
  loader?: ModuleLoader;
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

/** Makes a URL for a module's source, imports it, and lets the URL go. */
export interface ModuleLoader {
  url(source: string): string;
  release(url: string): void;
}

export const blobModules: ModuleLoader = {
  url: (source) => URL.createObjectURL(new Blob([source], { type: 'text/javascript' })),
  release: (url) => URL.revokeObjectURL(url),
};

export const dataModules: ModuleLoader = {
  url: (source) => `data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`,
  release: () => {},
};

function defaultLoader(): ModuleLoader {
  return typeof document !== 'undefined' ? blobModules : dataModules;
}

/** Where each run's module finds its names: one entry per run, removed when the run ends. */
const HANDLES_NAME = '__digitLabCellRuns';
const RESULT_NAME = '__digitLabCellResult';
const HANDLE_NAME = '__digitLabCellHandle';

interface CellHandle {
  args: Record<string, unknown>;
}

function handles(): Map<string, CellHandle> {
  const holder = globalThis as unknown as Record<string, Map<string, CellHandle> | undefined>;
  return (holder[HANDLES_NAME] ??= new Map());
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The module a cell runs as: the handle unpacked on line 1, the student's code from line 1 on.
 * The code sits inside an async function the module exports, not at the module's top level: a
 * module stays in the page's module map for good, with its top-level values, so a cell run
 * twenty times would keep twenty copies of whatever it made. Inside a function, what the cell
 * made is freed once nothing the cell defined still points at it (and `await` works there too).
 */
export function cellModuleSource(runName: string, compiled: CompiledCell, names: readonly string[], fromAbove: readonly string[]): string {
  const list = (items: readonly string[]) => items.filter((name) => IDENTIFIER.test(name)).join(', ');
  const header =
    `export async function ${RESULT_NAME}() { const ${HANDLE_NAME} = globalThis.${HANDLES_NAME}.get(${JSON.stringify(runName)}); ` +
    `let { ${list(names)} } = ${HANDLE_NAME}.args; `;
  return `${header}${compiled.code}\n;return { defined: { ${list(compiled.defines)} }, assigned: { ${list(fromAbove)} } };\n}\n`;
}

export async function runCompiledCell(input: RunCellInput): Promise<CellRunResult> {
  const { compiled, visible, library } = input;
  const loader = input.loader ?? defaultLoader();
  const declared = new Set(compiled.defines);
  const fromAbove = compiled.uses.filter((name) => visible.has(name) && !declared.has(name) && IDENTIFIER.test(name));
  const libraryNames = Object.keys(library).filter((name) => !declared.has(name) && !visible.has(name) && IDENTIFIER.test(name));
  const guard = Object.assign(() => input.guard(), {
    *iterate<T>(items: Iterable<T>): Generator<T> {
      for (const item of items) {
        input.guard();
        yield item;
      }
    },
  });
  const args: Record<string, unknown> = { [GUARD_NAME]: guard };
  for (const name of libraryNames) args[name] = library[name];
  for (const name of fromAbove) args[name] = visible.get(name);

  const source = cellModuleSource(input.runName, compiled, [GUARD_NAME, ...libraryNames, ...fromAbove], fromAbove);
  const url = loader.url(source);
  handles().set(input.runName, { args });
  try {
    const module = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
    const runBody = module[RESULT_NAME] as () => Promise<{ defined: Record<string, unknown>; assigned: Record<string, unknown> }>;
    const result = await runBody();
    return { ok: true, defined: new Map(Object.entries(result.defined)), assigned: new Map(Object.entries(result.assigned)) };
  } catch (error) {
    // A syntax error sucrase let through (a name declared twice, say) comes here too, without a line.
    return { ok: false, error: describeError(error, url), thrown: error };
  } finally {
    handles().delete(input.runName);
    loader.release(url);
  }
}

/** The message of anything thrown, and the cell's line from its stack. */
export function describeError(error: unknown, moduleUrl: string): CellError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : `A value was thrown: ${String(error)}`;
  const line = error instanceof Error ? lineInStack(error.stack ?? '', moduleUrl) : undefined;
  return line === undefined ? { name, message } : { name, message, line };
}

/** The student's line of the first stack frame in this run's module (named by its URL). */
export function lineInStack(stack: string, moduleUrl: string): number | undefined {
  const frame = new RegExp(`${escapeRegExp(moduleUrl)}:(\\d+)(?::\\d+)?`).exec(stack);
  if (!frame) return undefined;
  const line = Number(frame[1]);
  return line >= 1 ? line : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
