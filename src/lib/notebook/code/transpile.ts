/**
 * A code cell's source → JavaScript the page can run: TypeScript types removed by sucrase
 * (which keeps every line where it was, so an error's line is the student's line), a guard
 * call in every loop condition, and the list of names the cell defines and uses, which the
 * notebook scope needs to share definitions between cells.
 *
 * The cell becomes the body of an async function, so `await` works at the top level.
 */
import { transform } from 'sucrase/dist/index.js';
import { parse, type SucraseToken } from 'sucrase/dist/parser/index.js';
import { TokenType } from 'sucrase/dist/parser/tokenizer/types.js';

import { GUARD_NAME } from './loop-guard';

export { GUARD_NAME };

export interface CompiledCell {
  ok: true;
  /** JavaScript, line for line the student's code. */
  code: string;
  /** Names declared at the top level (const, let, var, function, class), in order. */
  defines: string[];
  /** Names the code reads or writes that it does not declare itself. */
  uses: string[];
}

export interface CompileError {
  ok: false;
  message: string;
  /** 1-based line in the student's code, when known. */
  line?: number;
}

const ROLE_ACCESS = 0;
const ROLE_EXPORT_ACCESS = 1;
const ROLE_TOP_LEVEL = 2;
const ROLE_SHORTHAND_TOP_LEVEL = 5;
const ROLE_SHORTHAND = 8;
/** Tokenised as names by sucrase but never a variable a cell could share. */
const NOT_VARIABLES = new Set(['await', 'async', 'of', 'get', 'set', 'static', 'undefined', 'arguments', 'yield']);

export function compileCell(source: string): CompiledCell | CompileError {
  let code: string;
  let tokens: SucraseToken[];
  try {
    // Checked on the source: the TypeScript transform drops an import it sees no use for.
    const moduleSyntax = findModuleSyntax(source, parse(source, false, true, false).tokens);
    if (moduleSyntax) return moduleSyntax;
    code = transform(source, { transforms: ['typescript'], disableESTransforms: true }).code;
    tokens = parse(code, false, false, false).tokens;
  } catch (error) {
    return syntaxError(error);
  }

  const defines = unique(tokens.filter((t) => t.identifierRole === ROLE_TOP_LEVEL || t.identifierRole === ROLE_SHORTHAND_TOP_LEVEL).map((t) => text(code, t)));
  const declared = new Set(defines);
  const uses = unique(
    tokens
      .filter((t) => t.identifierRole === ROLE_ACCESS || t.identifierRole === ROLE_EXPORT_ACCESS || t.identifierRole === ROLE_SHORTHAND)
      .map((t) => text(code, t))
      .filter((name) => !declared.has(name) && !NOT_VARIABLES.has(name)),
  );
  return { ok: true, code: insertLoopGuards(code, tokens), defines, uses };
}

/**
 * Adds `GUARD() && (…)` around every `while` condition and the condition of every
 * three-part `for`, so each turn of a loop asks the guard first. No line breaks are
 * added. `for (x of list)` walks the list through `GUARD.iterate`, which asks the guard
 * at every item (an endless generator is a loop too); `for … in` walks an object's keys.
 */
export function insertLoopGuards(code: string, tokens: SucraseToken[]): string {
  const inserts: { at: number; text: string }[] = [];
  tokens.forEach((token, index) => {
    if (token.type === TokenType._while) {
      const open = tokens[index + 1];
      const close = matchingParen(tokens, index + 1);
      if (!open || open.type !== TokenType.parenL || close === -1) return;
      inserts.push({ at: open.end, text: `${GUARD_NAME}() && (` }, { at: tokens[close]!.start, text: ')' });
    } else if (token.type === TokenType._for) {
      let openIndex = index + 1;
      if (tokens[openIndex] && text(code, tokens[openIndex]!) === 'await') openIndex++;
      const close = matchingParen(tokens, openIndex);
      if (tokens[openIndex]?.type !== TokenType.parenL || close === -1) return;
      const semicolons = topLevelSemicolons(tokens, openIndex, close);
      if (semicolons.length === 0) {
        // for (x of list): the list is walked through the guard, one turn per item.
        const of = tokens.findIndex((t, i) => i > openIndex && i < close && text(code, t) === 'of' && t.identifierRole === null);
        if (of !== -1 && text(code, tokens[openIndex - 1]!) !== 'await') {
          inserts.push({ at: tokens[of]!.end, text: ` ${GUARD_NAME}.iterate(` }, { at: tokens[close]!.start, text: ')' });
        }
        return;
      }
      if (semicolons.length !== 2) return;
      const [first, second] = semicolons as [number, number];
      if (second === first + 1) inserts.push({ at: tokens[first]!.end, text: ` ${GUARD_NAME}()` });
      else inserts.push({ at: tokens[first]!.end, text: ` ${GUARD_NAME}() && (` }, { at: tokens[second]!.start, text: ')' });
    }
  });
  inserts.sort((a, b) => a.at - b.at);
  let result = '';
  let from = 0;
  for (const insert of inserts) {
    result += code.slice(from, insert.at) + insert.text;
    from = insert.at;
  }
  return result + code.slice(from);
}

function matchingParen(tokens: SucraseToken[], openIndex: number): number {
  if (tokens[openIndex]?.type !== TokenType.parenL) return -1;
  let depth = 0;
  for (let i = openIndex; i < tokens.length; i++) {
    const type = tokens[i]!.type;
    if (type === TokenType.parenL) depth++;
    else if (type === TokenType.parenR && --depth === 0) return i;
  }
  return -1;
}

/** Indices of the `;` tokens directly inside the parentheses from `open` to `close`. */
function topLevelSemicolons(tokens: SucraseToken[], open: number, close: number): number[] {
  const found: number[] = [];
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const type = tokens[i]!.type;
    if (type === TokenType.parenL || type === TokenType.braceL || type === TokenType.bracketL || type === TokenType.dollarBraceL) depth++;
    else if (type === TokenType.parenR || type === TokenType.braceR || type === TokenType.bracketR) depth--;
    else if (type === TokenType.semi && depth === 0) found.push(i);
  }
  return found;
}

/** `import`/`export` cannot run inside a cell; say what to do instead. */
function findModuleSyntax(code: string, tokens: SucraseToken[]): CompileError | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const isImport = token.type === TokenType._import && tokens[i + 1]?.type !== TokenType.parenL && tokens[i + 1]?.type !== TokenType.dot;
    if (isImport || token.type === TokenType._export) {
      return {
        ok: false,
        line: lineOf(code, token.start),
        message: isImport
          ? 'A cell cannot import modules: tf, data, show and the course’s functions are already here, by name.'
          : 'A cell cannot export: what it defines at the top level is already shared with the cells below it.',
      };
    }
  }
  return undefined;
}

function syntaxError(error: unknown): CompileError {
  const message = error instanceof Error ? error.message : String(error);
  const loc = (error as { loc?: { line?: number } } | null)?.loc;
  const fromMessage = /\((\d+):(\d+)\)\s*$/.exec(message);
  const line = loc?.line ?? (fromMessage ? Number(fromMessage[1]) : undefined);
  return { ok: false, message: `Syntax error: ${message.replace(/\s*\(\d+:\d+\)\s*$/, '')}`, ...(line ? { line } : {}) };
}

export function lineOf(code: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < code.length; i++) if (code.charCodeAt(i) === 10) line++;
  return line;
}

function text(code: string, token: SucraseToken): string {
  return code.slice(token.start, token.end);
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
