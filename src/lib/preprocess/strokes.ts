/**
 * What a person draws: strokes of pen positions, in screen coordinates (y pointing down)
 * at whatever scale the pad or tablet used. Everything downstream works from these
 * points, never from a picture of them, so the model's input can be drawn again at the
 * right size and pen width whatever pad the strokes came from.
 */

export interface Point {
  x: number;
  y: number;
}

/** The positions of one pen-down … pen-up, in order. A single point is a dot. */
export type Stroke = Point[];

export type Drawing = Stroke[];

/** The smallest axis-aligned box holding every point (the pen's centre line, not its width). */
export interface InkBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  width: number;
  height: number;
}

/**
 * The box around all points, or null when nothing was drawn. A dot or a straight line
 * gives a zero width or height. Throws on a NaN or infinite coordinate, which would
 * otherwise turn every pixel downstream into NaN.
 */
export function inkBounds(drawing: Drawing): InkBounds | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [strokeIndex, stroke] of drawing.entries()) {
    for (const [pointIndex, { x, y }] of stroke.entries()) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        throw new RangeError(`Stroke ${strokeIndex}, point ${pointIndex} is (${x}, ${y}): coordinates must be finite`);
      }
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (minX === Infinity) return null;
  return { minX, minY, maxX, maxY, width: maxX - minX, height: maxY - minY };
}

/** Every point moved to (x·scale + offsetX, y·scale + offsetY): how a drawing is placed on a pixel grid. */
export function scaleAndTranslate(drawing: Drawing, scale: number, offsetX: number, offsetY: number): Drawing {
  return drawing.map((stroke) => stroke.map(({ x, y }) => ({ x: x * scale + offsetX, y: y * scale + offsetY })));
}
