export type StatusTone = 'warn' | 'bad';

/** What a cell's runner gets from the notebook. */
export interface CellContext {
  /** The cell's output area, emptied before each run. */
  output: HTMLElement;
  /** The value an earlier cell (named in `needs`) returned. */
  input<T>(cellId: string): T;
  /**
   * A short line next to the cell's title ("Loading… 42%"). `tone` 'bad' colours it as a failure
   * (a run that diverged), 'warn' as something to look at; none: the cell's own state colour.
   */
  status(message: string, tone?: StatusTone): void;
}

/** A cell's behaviour: src/cells/<lesson>/<id>.ts exports `run`. */
export type CellRunner = (context: CellContext) => Promise<unknown>;
