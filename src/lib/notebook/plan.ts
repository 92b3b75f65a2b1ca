/** A cell as the notebook sees it: its id and the cells whose results it uses. */
export interface CellSpec {
  id: string;
  needs: readonly string[];
}

/**
 * The cells to run, in order, so that `target` runs after everything it
 * needs. Cells that are already done are left out (a notebook does not
 * redo work the student has already seen), except the target itself.
 */
export function planRun(cells: readonly CellSpec[], target: string, done: ReadonlySet<string> = new Set()): string[] {
  const byId = new Map(cells.map((cell) => [cell.id, cell]));
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    const cell = byId.get(id);
    if (!cell) throw new Error(`Cell "${path.at(-1)}" needs a cell "${id}" that is not in this lesson.`);
    if (order.includes(id)) return;
    if (id !== target && done.has(id)) return;
    if (visiting.has(id)) throw new Error(`Cells depend on each other in a circle: ${[...path, id].join(' → ')}.`);
    visiting.add(id);
    for (const need of cell.needs) visit(need, [...path, id]);
    visiting.delete(id);
    order.push(id);
  };
  visit(target, []);
  return order;
}

/** Checks a whole lesson up front, so a typo in `needs` fails before anything runs. */
export function checkCells(cells: readonly CellSpec[]): void {
  const seen = new Set<string>();
  for (const cell of cells) {
    if (seen.has(cell.id)) throw new Error(`Two cells in this lesson have the id "${cell.id}".`);
    seen.add(cell.id);
  }
  for (const cell of cells) planRun(cells, cell.id);
}
