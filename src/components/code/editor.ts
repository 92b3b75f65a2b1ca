/**
 * The editor of a code cell: CodeMirror 6 with its basic setup (line numbers, syntax
 * highlighting, bracket matching, undo, search), TypeScript, and the notebook's keys:
 * Ctrl/⌘+Enter runs the cell, Shift+Enter runs it and moves to the next one. Tab is left
 * to the browser, so a keyboard user can leave the editor (indent with the editor's own
 * Ctrl+] and Ctrl+[). A line can be marked as the one an error came from.
 */
import { javascript } from '@codemirror/lang-javascript';
import { defaultHighlightStyle, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState, Prec, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, keymap, type DecorationSet } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { nextTurn } from '../dom/turns';

export interface CellEditorOptions {
  parent: HTMLElement;
  code: string;
  label: string;
  onRun(): void;
  onRunAndMove(): void;
  onChange(code: string): void;
}

export interface CellEditor {
  code(): string;
  setCode(code: string): void;
  markErrorLine(line: number | null): void;
  focus(): void;
}

const setErrorLine = StateEffect.define<number | null>();

const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    let next = transaction.docChanged ? Decoration.none : decorations.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setErrorLine)) continue;
      const line = effect.value;
      next =
        line === null || line < 1 || line > transaction.state.doc.lines
          ? Decoration.none
          : Decoration.set([Decoration.line({ class: 'cm-error-line', attributes: { 'data-error-line': String(line) } }).range(transaction.state.doc.line(line).from)]);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const theme = EditorView.theme({
  '&': { fontSize: '0.85rem', backgroundColor: '#fff' },
  '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
  '.cm-gutters': { backgroundColor: '#f6f8fa', color: '#57606a', borderRight: '1px solid #d0d7de' },
  '.cm-error-line': { backgroundColor: '#ffebe9', outline: '1px solid #cf222e' },
  '&.cm-focused': { outline: '2px solid #0a58ca', outlineOffset: '1px' },
  '.cm-scroller': { maxHeight: '28rem', overflow: 'auto' },
});

/**
 * CodeMirror's default colours, darkened where they fall short of 4.5:1 on a white or
 * highlighted line (its orange for escapes and pure red for invalid code do).
 */
const readableHighlighting = syntaxHighlighting(
  HighlightStyle.define(defaultHighlightStyle.specs.map((spec) => (typeof spec.color === 'string' ? { ...spec, color: readableColour(spec.color) } : spec))),
);

function readableColour(colour: string): string {
  const hex = colour.replace('#', '');
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex.slice(0, 6);
  let [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  if ([r, g, b].some((v) => Number.isNaN(v))) return colour;
  const contrast = () => {
    const lum = [r!, g!, b!].map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 1.05 / (0.2126 * lum[0]! + 0.7152 * lum[1]! + 0.0722 * lum[2]! + 0.05);
  };
  // 5:1 on white leaves room for the active line's light blue.
  while (contrast() < 5) [r, g, b] = [r!, g!, b!].map((v) => Math.floor(v * 0.85));
  return `#${[r!, g!, b!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The editor is made in two turns, its state (extensions, the first parse) and then its view
 * (DOM, measuring): made in one, the first editor of a page was a 50–100 ms task.
 */
export async function createCellEditor(options: CellEditorOptions): Promise<CellEditor> {
  const keys: Extension = Prec.highest(
    keymap.of([
      { key: 'Mod-Enter', run: () => (options.onRun(), true) },
      { key: 'Shift-Enter', run: () => (options.onRunAndMove(), true) },
    ]),
  );
  const state = EditorState.create({
    doc: options.code,
    extensions: [
      keys,
      basicSetup,
      readableHighlighting,
      javascript({ typescript: true }),
      errorLine,
      theme,
      // Long lines wrap rather than hide past a phone's edge.
      EditorView.lineWrapping,
      // tabindex: the content is what a keyboard reaches, and axe then knows the scroller has it.
      EditorView.contentAttributes.of({ 'aria-label': options.label, tabindex: '0' }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) options.onChange(update.state.doc.toString());
      }),
    ],
  });
  await nextTurn();
  // The static copy of the code (shown until now) gives way to the editor in the same task.
  options.parent.replaceChildren();
  const view = new EditorView({ parent: options.parent, state });
  return {
    code: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    markErrorLine: (line) => view.dispatch({ effects: setErrorLine.of(line) }),
    focus: () => view.focus(),
  };
}
