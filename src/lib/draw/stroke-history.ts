/**
 * What the student has drawn on the pad, kept as strokes of points (pad coordinates,
 * CSS pixels, y down) rather than as a picture: the model's input is drawn again from
 * these points at its own scale and pen width (src/lib/preprocess), and undo simply
 * forgets the last stroke.
 */
import type { Drawing, Point, Stroke } from '../preprocess/strokes';

export class StrokeHistory {
  #strokes: Stroke[] = [];
  #current: Stroke | null = null;

  /** Every stroke, the one being drawn included, oldest first. */
  get strokes(): Drawing {
    return this.#strokes;
  }

  get isEmpty(): boolean {
    return this.#strokes.length === 0;
  }

  /** True between `begin` and `end`. */
  get drawing(): boolean {
    return this.#current !== null;
  }

  /** The pen touches down at `point`: a new stroke (a dot until it moves). A pen that was still down ends its stroke first. */
  begin(point: Point): void {
    assertFinite(point);
    this.end();
    this.#current = [{ x: point.x, y: point.y }];
    this.#strokes.push(this.#current);
  }

  /**
   * The pen moves to `point`. Returns false when nothing changed: the pen is up, or the
   * point repeats the last one (pointer events often report the same position twice, and a
   * repeated point adds nothing to a stroke but work).
   */
  extend(point: Point): boolean {
    assertFinite(point);
    const stroke = this.#current;
    if (stroke === null) return false;
    const last = stroke[stroke.length - 1];
    if (last !== undefined && last.x === point.x && last.y === point.y) return false;
    stroke.push({ x: point.x, y: point.y });
    return true;
  }

  /** The pen lifts. */
  end(): void {
    this.#current = null;
  }

  /** Forgets the newest stroke (the one being drawn, if any). Returns false when there was none. */
  undo(): boolean {
    this.#current = null;
    return this.#strokes.pop() !== undefined;
  }

  clear(): void {
    this.#current = null;
    this.#strokes = [];
  }
}

function assertFinite({ x, y }: Point): void {
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`A pen position must be finite, got (${x}, ${y})`);
}
