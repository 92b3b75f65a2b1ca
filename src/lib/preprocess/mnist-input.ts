/**
 * A drawing → the 28×28 input an MNIST model expects, made the way MNIST made its digits
 * and the way the shared HANDWRITING-NOTES.md measured to read real pen digits best:
 *
 * 1. the pen is drawn again from the strokes with a width relative to the ink's size
 *    (11% of the longer side of its box), not the pad's pen: a fixed pen fills the loops
 *    of small digits (a 9 reads as a 3), and thicker than MNIST costs the most accuracy;
 * 2. the ink, pen included, is fitted into a 20×20 box keeping its aspect ratio, as MNIST
 *    fitted the NIST digits — the longer side becomes 20 px;
 * 3. it is placed so its centre of mass sits where MNIST's does (bounding-box centring
 *    cost 2.6 points in the notes).
 *
 * Every step is computed from the strokes, so the result is the same for a digit drawn
 * small in a corner or large in the middle, on any pad with any pen. The strokes are
 * rendered straight at the target scale (the notes found the resize filter made no
 * difference, so there is nothing to gain from rendering large and averaging down), and
 * the centring shift is applied by rendering again with the offset rather than by
 * resampling the image, which would blur it.
 */
import { centreOfMass } from './centre-of-mass';
import { rasterizeDrawing } from './rasterize';
import { inkBounds, scaleAndTranslate, type Drawing, type Point } from './strokes';

/** MNIST images are 28×28. */
export const MNIST_SIZE = 28;
/** MNIST fitted each digit into a 20×20 box, leaving a 4-pixel margin for centring to move it. */
export const MNIST_FIT_SIZE = 20;
/**
 * Where MNIST's centre of mass is, in grid coordinates (pixel col, row at the point
 * col, row). Measured over the 60,000 training images: mean (14.01, 14.00), standard
 * deviation 0.29 — the spread of rounding to whole pixels (√(1/12)), so MNIST shifted
 * digits by whole pixels to put the centre at pixel (14, 14): half a pixel right of and
 * below the grid's geometric middle (13.5, 13.5). A model trained on MNIST learnt that
 * position, so that is where we put it, with sub-pixel accuracy.
 */
export const MNIST_CENTRE_OF_MASS = 14;
/** Pen width as a share of the longer side of the ink's box; the notes found 10–12% best. */
export const DEFAULT_PEN_WIDTH_FRACTION = 0.11;

/** The grid's geometric middle, where the fitted box goes before centring by mass. */
const GRID_MIDDLE = (MNIST_SIZE - 1) / 2;
/**
 * Renders after the first, each moving the measured centre of mass to the target. The
 * pixel grid makes the measured centre move a little less or more than the shift: on the
 * 7,494 pen digits the worst error is 0.11 px after one pass, 0.03 after two.
 */
const CENTRING_PASSES = 2;

export interface MnistInputOptions {
  /** Pen width as a share of the longer side of the strokes' box, e.g. 0.10 to 0.12. */
  penWidthFraction?: number;
}

/** A rectangle in grid coordinates (pixel centres at whole numbers). */
export interface GridBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface MnistInput {
  /** 28×28 = 784 values row by row, 0 background … 1 ink: white ink on black, like MNIST. */
  pixels: Float32Array;
  /** Nothing was drawn: the pixels are all 0. */
  empty: boolean;
  /** The pixels' centre of mass in grid coordinates: (14, 14) up to rounding, or (14, 14) when empty. */
  centreOfMass: Point;
  /** Where the ink, pen included, landed in the 28×28 grid: its longer side is 20. */
  box: GridBox;
  /** The pen's width in pixels at 28×28. */
  penWidth: number;
}

/** The 28×28 MNIST-style input for `drawing` (screen coordinates, y down, any scale). */
export function toMnistInput(drawing: Drawing, options: MnistInputOptions = {}): MnistInput {
  const fraction = options.penWidthFraction ?? DEFAULT_PEN_WIDTH_FRACTION;
  if (!Number.isFinite(fraction) || fraction <= 0 || fraction > 1) {
    throw new RangeError(`penWidthFraction must be in (0, 1], got ${fraction}`);
  }
  const bounds = inkBounds(drawing);
  const penWidth = fittedPenWidth(fraction);
  if (bounds === null) return emptyInput(penWidth);

  // The ink with its pen reaches half a pen width beyond the centre line on every side,
  // so its longer side is longerSide · (1 + fraction). A dot or a repeated point has no
  // size to fit (scale 0): it becomes one disc of the usual stroke width.
  const longerSide = Math.max(bounds.width, bounds.height);
  const scale = longerSide > 0 ? MNIST_FIT_SIZE / (longerSide * (1 + fraction)) : 0;
  let offsetX = GRID_MIDDLE - ((bounds.minX + bounds.maxX) / 2) * scale;
  let offsetY = GRID_MIDDLE - ((bounds.minY + bounds.maxY) / 2) * scale;
  const render = (): Float32Array =>
    rasterizeDrawing(scaleAndTranslate(drawing, scale, offsetX, offsetY), MNIST_SIZE, MNIST_SIZE, penWidth);

  let pixels = render();
  for (let pass = 0; pass < CENTRING_PASSES; pass++) {
    const centre = centreOfMass(pixels, MNIST_SIZE, MNIST_SIZE);
    if (centre === null) break;
    offsetX += MNIST_CENTRE_OF_MASS - centre.x;
    offsetY += MNIST_CENTRE_OF_MASS - centre.y;
    pixels = render();
  }

  return {
    pixels,
    empty: false,
    centreOfMass: centreOfMass(pixels, MNIST_SIZE, MNIST_SIZE) ?? { x: MNIST_CENTRE_OF_MASS, y: MNIST_CENTRE_OF_MASS },
    box: {
      left: bounds.minX * scale + offsetX - penWidth / 2,
      top: bounds.minY * scale + offsetY - penWidth / 2,
      width: bounds.width * scale + penWidth,
      height: bounds.height * scale + penWidth,
    },
    penWidth,
  };
}

/**
 * The pen's width at 28×28: fraction · longerSide scaled by 20 / (longerSide · (1 + fraction)).
 * It does not depend on the drawing — about 1.98 px for 0.11, a little under MNIST's
 * 2.5 px strokes, which the notes found costs almost nothing where thicker costs a lot.
 */
function fittedPenWidth(fraction: number): number {
  return (MNIST_FIT_SIZE * fraction) / (1 + fraction);
}

function emptyInput(penWidth: number): MnistInput {
  return {
    pixels: new Float32Array(MNIST_SIZE * MNIST_SIZE),
    empty: true,
    centreOfMass: { x: MNIST_CENTRE_OF_MASS, y: MNIST_CENTRE_OF_MASS },
    box: { left: MNIST_CENTRE_OF_MASS, top: MNIST_CENTRE_OF_MASS, width: 0, height: 0 },
    penWidth,
  };
}
