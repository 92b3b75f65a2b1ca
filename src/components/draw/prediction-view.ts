/**
 * The pad's output on the page: "what the model sees" (the 28×28 input, large and
 * pixelated), the digit it reads, the unsure cue and ten probability bars. Plain DOM: the
 * elements are made once by DrawPad.astro and only their text and widths change, so an
 * update costs a few style writes, not a chart render.
 *
 * The output element's data attributes are a contract other tests rely on:
 * data-ready="true" once a model is loaded, data-digit (empty when there is no ink),
 * data-seq (up by one per finished prediction) and data-model (the model in use); also
 * data-settled (see `settled`).
 */
import { describeReading, readProbabilities } from '../../lib/draw/reading';
import { MNIST_SIZE } from '../../lib/preprocess/mnist-input';

export class PredictionView {
  readonly #output: HTMLElement;
  readonly #digit: HTMLElement;
  readonly #verdict: HTMLElement;
  readonly #announcer: HTMLElement;
  readonly #fills: HTMLElement[];
  readonly #values: HTMLElement[];
  readonly #input: CanvasRenderingContext2D | null;
  readonly #image: ImageData | null;

  constructor(root: HTMLElement) {
    this.#output = required(root, '[data-testid="prediction"]');
    this.#digit = required(root, '[data-digit-shown]');
    this.#verdict = required(root, '[data-verdict]');
    this.#announcer = required(root, '[data-announcer]');
    this.#fills = [...root.querySelectorAll<HTMLElement>('[data-bar-fill]')];
    this.#values = [...root.querySelectorAll<HTMLElement>('[data-bar-value]')];
    const inputCanvas = required<HTMLCanvasElement>(root, '[data-model-input]');
    inputCanvas.width = inputCanvas.height = MNIST_SIZE;
    this.#input = inputCanvas.getContext('2d');
    this.#image = this.#input?.createImageData(MNIST_SIZE, MNIST_SIZE) ?? null;
    this.showInput(new Float32Array(MNIST_SIZE * MNIST_SIZE));
  }

  /** The 28×28 input (0 … 1, white on black), drawn into the same small canvas every time. */
  showInput(pixels: Float32Array): void {
    const image = this.#image;
    if (!image || !this.#input) return;
    for (let i = 0; i < pixels.length; i++) {
      const value = Math.round(pixels[i]! * 255);
      image.data[i * 4] = image.data[i * 4 + 1] = image.data[i * 4 + 2] = value;
      image.data[i * 4 + 3] = 255;
    }
    this.#input.putImageData(image, 0, 0);
  }

  modelReady(id: string): void {
    this.#output.dataset.model = id;
    this.#output.dataset.ready = 'true';
  }

  /** A finished prediction. `announce` also tells a screen reader (once the pen has lifted, not 60 times a second). */
  showProbabilities(probabilities: Float32Array, seq: number, announce: boolean): void {
    const reading = readProbabilities(probabilities);
    this.#digit.textContent = String(reading.digit);
    this.#verdict.textContent = describeReading(reading);
    this.#output.dataset.unsure = String(reading.unsure);
    for (let digit = 0; digit < this.#fills.length; digit++) {
      const share = probabilities[digit] ?? 0;
      this.#fills[digit]!.style.setProperty('--share', share.toFixed(3));
      this.#fills[digit]!.dataset.top = String(digit === reading.digit);
      this.#values[digit]!.textContent = `${Math.round(share * 100)}%`;
    }
    this.#output.dataset.digit = String(reading.digit);
    this.#output.dataset.seq = String(seq);
    if (announce) this.#announcer.textContent = `The model reads: ${this.#verdict.textContent}.`;
  }

  /** An empty pad: no digit, no bars, "Draw a digit". `seq` moves only when a prediction finished. */
  showEmpty(seq?: number): void {
    this.showInput(new Float32Array(MNIST_SIZE * MNIST_SIZE));
    this.#digit.textContent = '–';
    this.#verdict.textContent = 'Draw a digit';
    this.#output.dataset.unsure = 'false';
    for (let digit = 0; digit < this.#fills.length; digit++) {
      this.#fills[digit]!.style.setProperty('--share', '0');
      this.#fills[digit]!.dataset.top = 'false';
      this.#values[digit]!.textContent = '0%';
    }
    this.#output.dataset.digit = '';
    if (seq !== undefined) this.#output.dataset.seq = String(seq);
  }

  /**
   * data-settled="true": the pen is up and the prediction shown is of the whole drawing
   * (nothing in flight or waiting). Tests and the evaluation read the digit then.
   */
  settled(settled: boolean): void {
    this.#output.dataset.settled = String(settled);
  }

  /** Measurements for tests and the bench, kept on the output element. */
  record(name: 'latencyMs' | 'tensors', value: number): void {
    this.#output.dataset[name] = String(value);
  }
}

function required<T extends HTMLElement = HTMLElement>(root: HTMLElement, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`The drawing pad is missing ${selector}`);
  return element;
}
