/**
 * Painting lesson 6's pictures: kernels and gradients on the diverging colour scale
 * (src/lib/inspect/filters.ts), feature maps in grey, and the scale's legend.
 */
import { divergingColour, kernelPixels } from '../../lib/inspect/filters';
import { textElement } from '../dom/elements';

/** A canvas of width × height values on the diverging scale ±maxAbs. */
export function divergingCanvas(values: Float32Array, width: number, height: number, maxAbs: number, label: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.putImageData(new ImageData(kernelPixels(values, maxAbs), width, height), 0, 0);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  return canvas;
}

/** A canvas of values in grey: 0 (and below) black, `max` white. */
export function greyCanvas(values: Float32Array, width: number, height: number, max: number, label: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const pixels = new Uint8ClampedArray(width * height * 4);
  values.forEach((value, i) => {
    const grey = max > 0 ? Math.round((Math.max(0, value) / max) * 255) : 0;
    pixels.set([grey, grey, grey, 255], i * 4);
  });
  canvas.getContext('2d')?.putImageData(new ImageData(pixels, width, height), 0, 0);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
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

/** True when a canvas has pixels of more than one colour (tests read the same through data-inked). */
export function markInked(canvas: HTMLCanvasElement): void {
  const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
  if (!data) return;
  let inked = false;
  for (let i = 4; i < data.length && !inked; i += 4) inked = data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2];
  canvas.dataset.inked = String(inked);
}
