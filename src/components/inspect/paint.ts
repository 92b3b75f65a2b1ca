/**
 * Painting lesson 6's pictures: kernels and gradients on the diverging colour scale
 * (src/lib/inspect/filters.ts), feature maps in grey, and the scale's legend.
 */
import { divergingColour, greyPixels, isInked, kernelPixels } from '../../lib/inspect/filters';
import { textElement } from '../dom/elements';

/** A canvas of width × height values on the diverging scale ±maxAbs. */
export function divergingCanvas(values: Float32Array, width: number, height: number, maxAbs: number, label: string): HTMLCanvasElement {
  return paintedCanvas(kernelPixels(values, maxAbs), width, height, label);
}

/** A canvas of values in grey: 0 (and below) black, `max` white. */
export function greyCanvas(values: Float32Array, width: number, height: number, max: number, label: string): HTMLCanvasElement {
  return paintedCanvas(greyPixels(values, max), width, height, label);
}

/** The pixels on a canvas, with `data-inked` (more than one colour: tests read it) known from the pixels themselves. */
function paintedCanvas(pixels: Uint8ClampedArray<ArrayBuffer>, width: number, height: number, label: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.putImageData(new ImageData(pixels, width, height), 0, 0);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  canvas.dataset.inked = String(isInked(pixels));
  return canvas;
}

/** The diverging scale's legend: −max, 0, +max, with what each colour means. */
export function divergingLegend(maxAbs: number, meaning: [string, string]): HTMLElement {
  const legend = document.createElement('div');
  legend.className = 'colour-legend';
  legend.dataset.testid = 'colour-legend';
  const steps = 21;
  const ramp = divergingCanvas(Float32Array.from({ length: steps }, (_, i) => -1 + (2 * i) / (steps - 1)), steps, 1, 1, 'Colour scale from blue through white to red');
  ramp.className = 'ramp';
  const [negative, positive] = meaning;
  const blue = `rgb(${divergingColour(-1, 1).join(' ')})`;
  const red = `rgb(${divergingColour(1, 1).join(' ')})`;
  const low = textElement('span', `−${maxAbs.toPrecision(2)} ${negative}`);
  low.style.borderLeft = `0.8rem solid ${blue}`;
  low.style.paddingLeft = '0.3rem';
  const high = textElement('span', `+${maxAbs.toPrecision(2)} ${positive}`);
  high.style.borderRight = `0.8rem solid ${red}`;
  high.style.paddingRight = '0.3rem';
  legend.append(low, ramp, textElement('span', '0 white'), high);
  return legend;
}
