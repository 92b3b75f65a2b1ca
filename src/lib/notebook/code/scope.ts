/**
 * The shared scope of a lesson's code cells. Cells sit in page order; a cell sees what the
 * cells above it defined when they last ran (the lowest one wins when two define the same
 * name), never what a cell below defines, so "run all" from the top always means the same.
 * Running a cell again replaces everything it defined before. A cell that ran, and uses a
 * name that a cell above has since redefined, is stale: its output is from older inputs.
 */
export interface CellRecord {
  /** Top-level names and the values they had at the end of the cell's last run. */
  values: Map<string, unknown>;
  /** Names the cell read from outside itself in that run. */
  uses: string[];
  /** When it last ran (a counter, not a clock). */
  ranAt: number;
}

export class NotebookScope {
  private readonly order: string[];
  private readonly records = new Map<string, CellRecord>();
  /** Names each cell defined in runs before its latest, so a removed definition still makes cells stale. */
  private readonly formerNames = new Map<string, Set<string>>();
  private clock = 0;

  constructor(cellIds: readonly string[]) {
    this.order = [...cellIds];
  }

  /** What `cellId` sees: the definitions of the cells above it, in order. */
  visibleTo(cellId: string): Map<string, unknown> {
    const visible = new Map<string, unknown>();
    for (const id of this.above(cellId)) {
      for (const [name, value] of this.records.get(id)?.values ?? []) visible.set(name, value);
    }
    return visible;
  }

  /** A finished run: its definitions replace the cell's earlier ones. */
  recordRun(cellId: string, values: Map<string, unknown>, uses: readonly string[]): void {
    this.indexOf(cellId);
    const former = this.formerNames.get(cellId) ?? new Set<string>();
    for (const name of this.records.get(cellId)?.values.keys() ?? []) former.add(name);
    this.formerNames.set(cellId, former);
    this.records.set(cellId, { values: new Map(values), uses: [...uses], ranAt: ++this.clock });
  }

  /** A later cell wrote to a name an earlier cell defined (`count += 1`): the owner's value changes. */
  assign(cellId: string, name: string, value: unknown): void {
    const owner = [...this.above(cellId)].reverse().find((id) => this.records.get(id)?.values.has(name));
    if (owner) this.records.get(owner)!.values.set(name, value);
  }

  /** Forget a cell's run (its code was reset, or it failed before defining anything new). */
  forget(cellId: string): void {
    const record = this.records.get(cellId);
    if (!record) return;
    const former = this.formerNames.get(cellId) ?? new Set<string>();
    for (const name of record.values.keys()) former.add(name);
    this.formerNames.set(cellId, former);
    this.records.delete(cellId);
    this.clock++;
  }

  hasRun(cellId: string): boolean {
    return this.records.has(cellId);
  }

  /** The cells above `cellId` that ran after it did and define (or defined) a name it uses. */
  staleBecause(cellId: string): string[] {
    const record = this.records.get(cellId);
    if (!record) return [];
    return this.above(cellId).filter((id) => {
      const above = this.records.get(id);
      const changedAt = above?.ranAt ?? Infinity;
      if (above && changedAt < record.ranAt) return false;
      if (!above && !this.formerNames.has(id)) return false;
      const names = new Set([...(above?.values.keys() ?? []), ...(this.formerNames.get(id) ?? [])]);
      return record.uses.some((name) => names.has(name));
    });
  }

  staleCells(): string[] {
    return this.order.filter((id) => this.staleBecause(id).length > 0);
  }

  /** The cells above `cellId`, top first. */
  above(cellId: string): string[] {
    return this.order.slice(0, this.indexOf(cellId));
  }

  private indexOf(cellId: string): number {
    const index = this.order.indexOf(cellId);
    if (index === -1) throw new RangeError(`No code cell "${cellId}" in this lesson`);
    return index;
  }
}
