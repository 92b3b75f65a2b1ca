/**
 * The notebook on a lesson page: wires every cell's Run button, runs the
 * cells a cell needs before it, passes results along, shows errors in the
 * cell that failed, and records progress for the home page.
 */
import { checkCells, planRun, type CellSpec } from '../../lib/notebook/plan';
import { readProgress, recordCellDone, writeProgress } from '../../lib/notebook/progress';
import { formatDuration } from '../../lib/site/format';
import { safeLocalStorage } from '../dom/storage';
import type { CellContext, CellRunner } from './types';

const runners = import.meta.glob<{ run: CellRunner }>('../../cells/*/*.ts');

type CellState = 'idle' | 'running' | 'done' | 'error';

interface CellElement extends CellSpec {
  root: HTMLElement;
  button: HTMLButtonElement;
  stateLabel: HTMLElement;
  output: HTMLElement;
  runner: string;
}

export function startNotebook(lesson: HTMLElement): void {
  const slug = lesson.dataset.lesson ?? '';
  const cells = [...lesson.querySelectorAll<HTMLElement>('[data-cell]')].map(readCell);
  const results = new Map<string, unknown>();
  const states = new Map<string, CellState>();
  const running = new Map<string, Promise<unknown>>();

  try {
    checkCells(cells);
  } catch (error) {
    lesson.prepend(errorMessage(`This lesson is misconfigured: ${messageOf(error)}`));
    return;
  }

  const setState = (cell: CellElement, state: CellState, text: string): void => {
    states.set(cell.id, state);
    cell.root.dataset.state = state;
    cell.stateLabel.dataset.state = state;
    delete cell.stateLabel.dataset.tone;
    cell.stateLabel.textContent = text;
    cell.button.disabled = state === 'running';
  };

  const runOne = async (cell: CellElement): Promise<unknown> => {
    const pending = running.get(cell.id);
    if (pending) return pending;
    const work = (async () => {
      setState(cell, 'running', 'Running…');
      cell.output.replaceChildren();
      const context: CellContext = {
        output: cell.output,
        input: <T>(id: string) => {
          if (!results.has(id)) throw new Error(`Run “${titleOf(cells, id)}” first.`);
          return results.get(id) as T;
        },
        status: (message, tone) => {
          cell.stateLabel.textContent = message;
          if (tone) cell.stateLabel.dataset.tone = tone;
          else delete cell.stateLabel.dataset.tone;
        },
      };
      const started = performance.now();
      try {
        const module = await runners[`../../cells/${cell.runner}.ts`]?.();
        if (!module) throw new Error(`No code for this cell (src/cells/${cell.runner}.ts is missing).`);
        const result = await module.run(context);
        results.set(cell.id, result);
        setState(cell, 'done', `Done in ${formatDuration(performance.now() - started)}`);
        saveProgress(slug, cell.id, cells.length);
        return result;
      } catch (error) {
        setState(cell, 'error', 'Failed');
        cell.output.append(errorMessage(messageOf(error)));
        throw error;
      } finally {
        running.delete(cell.id);
      }
    })();
    running.set(cell.id, work);
    return work;
  };

  const runWithNeeds = async (target: string): Promise<void> => {
    const done = new Set([...states].filter(([, state]) => state === 'done').map(([id]) => id));
    for (const id of planRun(cells, target, done)) {
      try {
        await runOne(cells.find((cell) => cell.id === id)!);
      } catch (error) {
        // The cell the student ran says why it did not run, not only the earlier cell that failed.
        const ran = cells.find((cell) => cell.id === target)!;
        if (id !== target && states.get(target) !== 'running') {
          setState(ran, 'error', 'Not run');
          ran.output.replaceChildren(
            errorMessage(`This cell needs “${titleOf(cells, id)}”, which failed: ${messageOf(error)} Fix that cell (its message says how), then run this one again.`),
          );
        }
        throw error;
      }
    }
  };

  for (const cell of cells) {
    // Buttons come disabled from the server, so a click before this script runs is never silently lost.
    cell.button.disabled = false;
    cell.button.addEventListener('click', () => {
      runWithNeeds(cell.id).catch(() => {
        // The failing cell already shows its error where the student is looking.
      });
    });
  }

  const runAll = lesson.querySelector<HTMLButtonElement>('[data-run-all]');
  if (runAll) runAll.disabled = false;
  runAll?.addEventListener('click', async () => {
    runAll.disabled = true;
    try {
      for (const cell of cells) await runWithNeeds(cell.id);
    } catch {
      // Stop at the first failure; that cell says why.
    } finally {
      runAll.disabled = false;
    }
  });
  lesson.dataset.notebookReady = 'true';
}

function readCell(root: HTMLElement): CellElement {
  return {
    id: root.dataset.cell ?? '',
    needs: (root.dataset.needs ?? '').split(/[\s,]+/).filter(Boolean),
    runner: root.dataset.runner ?? '',
    root,
    button: root.querySelector<HTMLButtonElement>('.cell-run')!,
    stateLabel: root.querySelector<HTMLElement>('.cell-state')!,
    output: root.querySelector<HTMLElement>('.cell-output')!,
  };
}

function saveProgress(slug: string, cellId: string, totalCells: number): void {
  const storage = safeLocalStorage();
  writeProgress(storage, recordCellDone(readProgress(storage), slug, cellId, totalCells));
}

function titleOf(cells: CellElement[], id: string): string {
  return cells.find((cell) => cell.id === id)?.root.querySelector('.cell-title')?.textContent ?? id;
}

function errorMessage(text: string): HTMLElement {
  const paragraph = document.createElement('p');
  paragraph.className = 'cell-error';
  paragraph.setAttribute('role', 'alert');
  paragraph.textContent = text;
  return paragraph;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
