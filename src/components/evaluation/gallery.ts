/**
 * Test images with what the model made of them: each digit, its true label and the answer,
 * and its ten probabilities as small bars (with the same numbers in words for a screen
 * reader). Long lists are shown a page at a time.
 */
import { DIGIT_CLASSES } from '../../lib/model/config';
import { digitCanvas } from '../dom/digits';

export interface GalleryItem {
  pixels: ArrayLike<number>;
  label: number;
  predicted: number;
  probabilities: ArrayLike<number>;
  /** Where the image comes from ("Test image 1234"). */
  name: string;
}

export const GALLERY_PAGE = 40;

const percent = (p: number): string => (p >= 0.995 ? '>99%' : p < 0.005 ? '<1%' : `${Math.round(p * 100)}%`);

/** The ten probabilities as bars, the answer's bar marked. */
export function probabilityBars(probabilities: ArrayLike<number>, predicted: number, label: number): HTMLElement {
  const bars = document.createElement('div');
  bars.className = 'prob-bars';
  const ranked = Array.from({ length: DIGIT_CLASSES }, (_, d) => d).sort((a, b) => probabilities[b]! - probabilities[a]!);
  bars.setAttribute('role', 'img');
  bars.setAttribute('aria-label', `Probabilities: ${ranked.slice(0, 3).map((d) => `${d} ${percent(probabilities[d]!)}`).join(', ')}; the rest less`);
  for (let digit = 0; digit < DIGIT_CLASSES; digit++) {
    const bar = document.createElement('span');
    bar.className = 'prob-bar' + (digit === predicted ? ' predicted' : '') + (digit === label ? ' truth' : '');
    bar.style.setProperty('--p', String(Math.max(0.02, probabilities[digit]!)));
    bar.title = `${digit}: ${percent(probabilities[digit]!)}`;
    const name = document.createElement('span');
    name.className = 'prob-digit';
    name.textContent = String(digit);
    bar.append(name);
    bars.append(bar);
  }
  return bars;
}

function galleryFigure(item: GalleryItem): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'scored-digit';
  figure.dataset.testid = 'gallery-item';
  figure.dataset.label = String(item.label);
  figure.dataset.predicted = String(item.predicted);
  const canvas = digitCanvas(item.pixels);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${item.name}: a ${item.label}`);
  const caption = document.createElement('figcaption');
  const confidence = item.probabilities[item.predicted]!;
  caption.textContent = item.label === item.predicted ? `${item.label}, read ${item.predicted} (${percent(confidence)})` : `${item.label} read as ${item.predicted} (${percent(confidence)})`;
  figure.append(canvas, caption, probabilityBars(item.probabilities, item.predicted, item.label));
  return figure;
}

/** A gallery of `items`, a page at a time, with a "more" button when there are more. */
export function scoredGallery(items: readonly GalleryItem[], label: string, pageSize = GALLERY_PAGE): HTMLElement {
  const root = document.createElement('div');
  root.className = 'scored-gallery-block';
  const list = document.createElement('div');
  list.className = 'scored-gallery';
  list.setAttribute('role', 'group');
  list.setAttribute('aria-label', label);
  list.dataset.testid = 'gallery';
  root.dataset.total = String(items.length);
  root.append(list);
  let shown = 0;
  const more = document.createElement('button');
  more.type = 'button';
  const showMore = (): void => {
    const next = items.slice(shown, shown + pageSize);
    list.append(...next.map(galleryFigure));
    shown += next.length;
    more.textContent = `Show ${Math.min(pageSize, items.length - shown)} more (${items.length - shown} left)`;
    more.hidden = shown >= items.length;
  };
  more.addEventListener('click', showMore);
  showMore();
  if (items.length === 0) list.append(Object.assign(document.createElement('p'), { textContent: 'None.' }));
  root.append(more);
  return root;
}
