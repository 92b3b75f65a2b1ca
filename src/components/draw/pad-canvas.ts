/**
 * The pad's canvas: pointer input (mouse, touch and pen alike) → a StrokeHistory, and the
 * strokes painted sharply at the screen's pixel density. Points are kept in pad units
 * (0 … PAD_UNITS on both axes) whatever size the canvas has on screen, so resizing the
 * page or turning a phone keeps the drawing.
 */
import type { Point } from '../../lib/preprocess/strokes';
import { StrokeHistory } from '../../lib/draw/stroke-history';

/** Pad coordinates run from 0 to this on both axes. */
export const PAD_UNITS = 280;
/** The pad's own pen, in pad units. The model's input does not depend on it (toMnistInput draws its own). */
const PAD_PEN_WIDTH = 16;

export interface PadEvents {
  /** The drawing changed while the pen is down. */
  changed: () => void;
  /** The pen lifted. */
  lifted: () => void;
}

export class PadCanvas {
  readonly history = new StrokeHistory();
  readonly #canvas: HTMLCanvasElement;
  readonly #context: CanvasRenderingContext2D;
  readonly #events: PadEvents;
  #pointerId: number | null = null;

  constructor(canvas: HTMLCanvasElement, events: PadEvents) {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw on a canvas.');
    this.#canvas = canvas;
    this.#context = context;
    this.#events = events;
    canvas.addEventListener('pointerdown', (event) => this.#down(event));
    canvas.addEventListener('pointermove', (event) => this.#move(event));
    canvas.addEventListener('pointerup', (event) => this.#up(event));
    canvas.addEventListener('pointercancel', (event) => this.#up(event));
    // The pad keeps its touches. Left to the browser (touch-action: none alone), a fast stroke
    // still counts as a fling, and a tap within ~150 ms of lifting the finger (on Clear, say)
    // only stops that fling: the button never hears it.
    for (const type of ['touchstart', 'touchmove'] as const) canvas.addEventListener(type, (event) => event.preventDefault(), { passive: false });
    // The observer reports the canvas's size once layout has it (before the first paint), so the
    // page is not laid out early here just to measure it.
    new ResizeObserver((entries) => this.#resize(entries.at(-1)?.contentRect.width ?? 0)).observe(canvas);
  }

  /** Paints every stroke again: after undo, clear or a resize. */
  redraw(): void {
    this.#mark();
    const context = this.#context;
    context.clearRect(0, 0, PAD_UNITS, PAD_UNITS);
    for (const stroke of this.history.strokes) {
      for (let i = 0; i < stroke.length; i++) this.#paintSegment(stroke[i - 1] ?? stroke[i]!, stroke[i]!);
    }
  }

  #resize(side: number): void {
    if (side <= 0) return;
    const pixels = Math.round(side * (window.devicePixelRatio || 1));
    if (this.#canvas.width !== pixels) {
      this.#canvas.width = pixels;
      this.#canvas.height = pixels;
    }
    const scale = pixels / PAD_UNITS;
    const context = this.#context;
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.lineWidth = PAD_PEN_WIDTH;
    context.strokeStyle = context.fillStyle = '#ffffff';
    this.redraw();
  }

  #toPad(event: PointerEvent): Point {
    const box = this.#canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) * PAD_UNITS) / box.width,
      y: ((event.clientY - box.top) * PAD_UNITS) / box.height,
    };
  }

  #down(event: PointerEvent): void {
    if (this.#pointerId !== null || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    this.#canvas.setPointerCapture(event.pointerId);
    this.#pointerId = event.pointerId;
    const point = this.#toPad(event);
    this.history.begin(point);
    this.#mark();
    this.#paintSegment(point, point);
    this.#events.changed();
  }

  #move(event: PointerEvent): void {
    if (event.pointerId !== this.#pointerId || !this.history.drawing) return;
    event.preventDefault();
    // Coalesced events are the positions the browser merged into this one event: a
    // fast stroke stays smooth instead of turning into a polygon.
    const samples = event.getCoalescedEvents?.() ?? [];
    let changed = false;
    for (const sample of samples.length > 0 ? samples : [event]) {
      const stroke = this.history.strokes[this.history.strokes.length - 1]!;
      const previous = stroke[stroke.length - 1]!;
      const point = this.#toPad(sample);
      if (this.history.extend(point)) {
        this.#paintSegment(previous, point);
        changed = true;
      }
    }
    if (changed) this.#events.changed();
  }

  #up(event: PointerEvent): void {
    if (event.pointerId !== this.#pointerId) return;
    this.#pointerId = null;
    this.history.end();
    this.#mark();
    this.#events.lifted();
  }

  /**
   * `data-strokes` (strokes in the drawing) and `data-pen` ("down" while one is drawn, else "up")
   * on the canvas: the state the page has handled, for tests that must not read a prediction of
   * a drawing before the page has seen all of it.
   */
  #mark(): void {
    this.#canvas.dataset.strokes = String(this.history.strokes.length);
    this.#canvas.dataset.pen = this.history.drawing ? 'down' : 'up';
  }

  #paintSegment(from: Point, to: Point): void {
    const context = this.#context;
    context.beginPath();
    if (from.x === to.x && from.y === to.y) {
      // A canvas drops zero-length lines, caps and all: a dot is a filled disc.
      context.arc(to.x, to.y, PAD_PEN_WIDTH / 2, 0, 2 * Math.PI);
      context.fill();
      return;
    }
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
  }
}
