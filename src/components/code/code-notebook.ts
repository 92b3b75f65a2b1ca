/**
 * The code cells of a lesson page, wired together: an editor per cell (its code the student's
 * saved edit, else the starter), one shared scope in page order, Run / Stop / Run all above /
 * Reset, the edited and stale marks, and the lesson's tools (run all, reset the lesson,
 * download the notebook, load edits back). Loaded by CodeNotebook.astro after the page is
 * usable, so no lesson waits for the editor or the transpiler.
 */
import { readEdits, withCellCode, writeEdits, type LessonEdits } from '../../lib/notebook/code/edits';
import { NotebookScope } from '../../lib/notebook/code/scope';
import { safeLocalStorage } from '../dom/storage';
import { runCodeCell } from './cell-run';
import { createCellEditor, type CellEditor } from './editor';
import { downloadEdits, downloadNotebook, readChosenEdits } from './notebook-files';

export interface CodeCellView {
  id: string;
  title: string;
  starter: string;
  root: HTMLElement;
  editor: CellEditor;
  output: HTMLElement;
  running: boolean;
  stop?: () => void;
}

export async function startCodeNotebook(notebook: HTMLElement): Promise<void> {
  const lesson = notebook.closest<HTMLElement>('[data-lesson]')?.dataset.lesson ?? notebook.dataset.lessonSlug ?? 'lesson';
  const storage = safeLocalStorage();
  const notice = notebook.querySelector<HTMLElement>('[data-code-notice]')!;
  const read = readEdits(storage, lesson);
  let edits: LessonEdits = read.edits;
  if (read.notice) say(notice, read.notice);

  const roots = [...notebook.querySelectorAll<HTMLElement>('[data-code-cell]')];
  const scope = new NotebookScope(roots.map((root) => root.dataset.codeCell!));
  const cells: CodeCellView[] = [];

  const save = (cell: CodeCellView) => {
    edits = withCellCode(edits, cell.id, cell.editor.code(), cell.starter);
    const refusal = writeEdits(storage, edits);
    if (refusal) say(notice, refusal);
    markEdited(cell);
  };

  const markEdited = (cell: CodeCellView) => {
    const edited = cell.editor.code() !== cell.starter;
    cell.root.dataset.edited = String(edited);
    cell.root.querySelector<HTMLElement>('[data-edited-mark]')!.hidden = !edited;
  };

  const markStale = () => {
    for (const cell of cells) {
      const because = scope.staleBecause(cell.id);
      const mark = cell.root.querySelector<HTMLElement>('[data-stale-mark]')!;
      cell.root.dataset.stale = String(because.length > 0);
      mark.hidden = because.length === 0;
      mark.textContent = because.length === 0 ? '' : `Stale: ${because.map((id) => `“${cellTitle(id)}”`).join(', ')} ran again since`;
    }
  };
  const cellTitle = (id: string) => cells.find((cell) => cell.id === id)?.title ?? id;

  const setState = (cell: CodeCellView, state: string, text: string) => {
    cell.root.dataset.state = state;
    const label = cell.root.querySelector<HTMLElement>('.cell-state')!;
    label.dataset.state = state;
    label.textContent = text;
  };

  const run = async (cell: CodeCellView): Promise<boolean> => {
    if (cell.running) return false;
    cell.running = true;
    const runButton = button(cell, 'run');
    const stopButton = button(cell, 'stop');
    runButton.disabled = true;
    stopButton.hidden = false;
    stopButton.disabled = false;
    cell.output.replaceChildren();
    cell.editor.markErrorLine(null);
    setState(cell, 'running', 'Running…');
    const started = performance.now();
    try {
      const outcome = await runCodeCell({
        cellId: cell.id,
        code: cell.editor.code(),
        output: cell.output,
        visible: scope.visibleTo(cell.id),
        status: (message) => setState(cell, 'running', message),
        onStoppable: (stop) => {
          cell.stop = stop;
        },
      });
      if (outcome.state === 'done') {
        scope.recordRun(cell.id, outcome.defined, outcome.compiled.uses);
        for (const [name, value] of outcome.assigned) scope.assign(cell.id, name, value);
        setState(cell, 'done', `Done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        return true;
      }
      const { error } = outcome;
      const where = error.line ? `Line ${error.line}: ` : '';
      const message = document.createElement('p');
      message.className = 'cell-error code-error';
      message.setAttribute('role', 'alert');
      message.dataset.testid = `code-error-${cell.id}`;
      message.dataset.kind = outcome.state;
      if (error.line) message.dataset.line = String(error.line);
      message.textContent = `${where}${errorText(outcome.state, error.name, error.message)}${runAboveHint(error, cells.slice(0, cells.indexOf(cell)))}`;
      cell.output.prepend(message);
      cell.editor.markErrorLine(error.line ?? null);
      setState(cell, outcome.state, outcome.state === 'stopped' ? 'Stopped' : 'Failed');
      return false;
    } finally {
      cell.running = false;
      cell.stop = undefined;
      runButton.disabled = false;
      stopButton.hidden = true;
      markStale();
    }
  };

  const runInOrder = async (list: CodeCellView[]) => {
    for (const cell of list) if (!(await run(cell))) return false;
    return true;
  };

  for (const [index, root] of roots.entries()) {
    // One editor per frame: no long task, however many cells a lesson has.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const id = root.dataset.codeCell!;
    const host = root.querySelector<HTMLElement>('[data-editor]')!;
    const starter = host.querySelector('pre')?.textContent ?? '';
    const title = root.querySelector('.cell-title')?.textContent ?? id;
    const cell: CodeCellView = {
      id,
      title,
      starter,
      root,
      output: root.querySelector<HTMLElement>('[data-code-output]')!,
      running: false,
      editor: await createCellEditor({
        parent: host,
        code: edits.cells[id] ?? starter,
        label: `Code of the cell “${title}”`,
        onRun: () => void run(cell),
        onRunAndMove: () => {
          void run(cell);
          const next = cells[index + 1];
          if (next) next.editor.focus();
          else button(cell, 'run').focus();
        },
        onChange: () => save(cell),
      }),
    };
    cells.push(cell);
    markEdited(cell);
    button(cell, 'run').addEventListener('click', () => void run(cell));
    button(cell, 'stop').addEventListener('click', () => cell.stop?.());
    button(cell, 'run-above').addEventListener('click', () => void runInOrder(cells.slice(0, index)));
    button(cell, 'reset').addEventListener('click', () => {
      cell.editor.setCode(cell.starter);
      cell.output.replaceChildren();
      scope.forget(cell.id);
      setState(cell, 'idle', 'Back to the starter code');
      markStale();
    });
    for (const control of root.querySelectorAll<HTMLButtonElement>('[data-action]')) control.disabled = false;
  }

  const tool = (name: string) => notebook.querySelector<HTMLElement>(`[data-tool="${name}"]`)!;
  tool('run-all').addEventListener('click', () => void runInOrder(cells));
  // No confirm() dialog: the reset happens at once and the notice offers to undo it, so a stray
  // click loses nothing and nothing blocks the page.
  tool('reset-lesson').addEventListener('click', () => {
    const before = cells.map((cell) => cell.editor.code());
    for (const cell of cells) {
      cell.editor.setCode(cell.starter);
      cell.output.replaceChildren();
      scope.forget(cell.id);
      setState(cell, 'idle', 'Not run yet');
    }
    markStale();
    say(notice, 'Every cell is back to its starter code. ');
    const undo = document.createElement('button');
    undo.type = 'button';
    undo.textContent = 'Undo';
    undo.dataset.tool = 'undo-reset';
    undo.addEventListener('click', () => {
      cells.forEach((cell, i) => cell.editor.setCode(before[i]!));
      say(notice, 'Your edits are back.');
    });
    notice.append(undo);
  });
  const lessonTitle = document.querySelector('h1')?.textContent?.trim() ?? lesson;
  tool('download').addEventListener('click', () => downloadNotebook(lessonTitle, lesson, cells, edits));
  tool('download-edits').addEventListener('click', () => downloadEdits(lesson, edits));
  const chooser = tool('load-edits') as HTMLInputElement;
  chooser.addEventListener('change', async () => {
    const file = chooser.files?.[0];
    chooser.value = '';
    if (!file) return;
    const loaded = await readChosenEdits(file, lesson);
    if ('problem' in loaded) {
      say(notice, `That file was not loaded: ${loaded.problem}.`);
      return;
    }
    for (const cell of cells) cell.editor.setCode(loaded.cells[cell.id] ?? cell.starter);
    say(notice, `Loaded your code for ${Object.keys(loaded.cells).length} cell(s) from ${file.name}.`);
  });
  for (const control of notebook.querySelectorAll<HTMLButtonElement | HTMLInputElement>('[data-tool]')) control.disabled = false;
  notebook.dataset.ready = 'true';
}

function button(cell: CodeCellView, action: string): HTMLButtonElement {
  return cell.root.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
}

/** For "rows is not defined" when a cell above defines `rows` but has not run: say which. */
function runAboveHint(error: { name: string; message: string }, above: CodeCellView[]): string {
  const name = error.name === 'ReferenceError' ? /^([\w$]+) is not defined/.exec(error.message)?.[1] : undefined;
  if (!name) return '';
  const declares = new RegExp(`\\b(?:const|let|var|function\\*?|class)\\s+${name.replace(/\$/g, '\\$')}\\b`);
  const owner = [...above].reverse().find((cell) => declares.test(cell.editor.code()));
  return owner ? `. It is defined in “${owner.title}” above: run that cell first (or Run all above).` : '';
}

function errorText(state: string, name: string, message: string): string {
  if (state === 'stopped' || name === 'Error' || message.startsWith('Syntax error')) return message;
  return name === 'SyntaxError' ? `Syntax error: ${message}` : `${name}: ${message}`;
}

function say(notice: HTMLElement, text: string): void {
  notice.hidden = false;
  notice.textContent = text;
}
