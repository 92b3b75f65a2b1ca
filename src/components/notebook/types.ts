/** What a cell's runner gets from the notebook. */
export interface CellContext {
  /** The cell's output area, emptied before each run. */
  output: HTMLElement;
  /** The value an earlier cell (named in `needs`) returned. */
  input<T>(cellId: string): T;
  /** A short line next to the cell's title ("Loading… 42%"). */
  status(message: string): void;
}

/** A cell's behaviour: src/cells/<lesson>/<id>.ts exports `run`. */
export type CellRunner = (context: CellContext) => Promise<unknown>;
