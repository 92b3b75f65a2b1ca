import type { LoadResult } from '../../lib/data/loader';
import type { AugmentOptions } from '../../lib/train/augment';
import { augmentControlValues, augmentVariants, readAugmentControls, readImageIndex, type AugmentControlValues } from '../../lib/train/augment-preview';
import { DEFAULT_AUGMENT_OPTIONS, describeAugmentation, readAugmentSetting } from '../../lib/train/augment-setting';
import { digitCanvas } from '../../components/dom/digits';
import { textElement } from '../../components/dom/elements';
import { safeLocalStorage } from '../../components/dom/storage';
import type { CellRunner } from '../../components/notebook/types';
import '../../styles/preprocessing.css';

const VARIANTS = 24;

/** What the "use this augmentation when training" cell reads from this one. */
export interface AugmentPreview {
  /** The options the controls hold, or null while one of them is out of range. */
  options(): AugmentOptions | null;
  onChange(listener: (options: AugmentOptions | null) => void): void;
}

const CONTROLS: { name: keyof AugmentControlValues; label: string; hint: string }[] = [
  { name: 'shift', label: 'Shift ± px', hint: 'whole pixels, 0 to 4' },
  { name: 'rotation', label: 'Rotate ± °', hint: 'degrees, 0 to 45' },
  { name: 'scale', label: 'Scale ± %', hint: 'percent, 0 to 50' },
];

/** 24 augmented copies of one test digit, with the augmentation's three limits as controls. */
export const run: CellRunner = async ({ output, input }) => {
  const { data } = input<LoadResult>('load');
  const saved = readAugmentSetting(safeLocalStorage()).setting;
  let options: AugmentOptions | null = saved?.options ?? DEFAULT_AUGMENT_OPTIONS;
  let imageIndex = 0;
  let seed = 1;
  const listeners: ((options: AugmentOptions | null) => void)[] = [];

  const form = document.createElement('form');
  form.className = 'augment-form';
  form.noValidate = true;
  const initial = augmentControlValues(options);
  const indexField = field('index', 'Test image', String(imageIndex), `0 to ${data.test.count - 1}`);
  const fields = CONTROLS.map((control) => ({ ...control, ...field(control.name, control.label, initial[control.name], control.hint) }));
  const show = document.createElement('button');
  show.type = 'submit';
  show.textContent = 'Show this digit';
  const reroll = document.createElement('button');
  reroll.type = 'button';
  reroll.textContent = 'Re-roll';
  reroll.dataset.testid = 'augment-reroll';
  const pick = document.createElement('div');
  pick.className = 'augment-pick';
  pick.append(indexField.label, show);
  const controls = document.createElement('div');
  controls.className = 'augment-controls';
  controls.append(...fields.map((f) => f.label), reroll);
  form.append(pick, controls);

  const summary = textElement('p', '', 'augment-summary');
  summary.dataset.testid = 'augment-summary';
  summary.setAttribute('aria-live', 'polite');
  const gallery = document.createElement('div');
  gallery.className = 'augment-gallery';
  output.append(form, summary, gallery);

  const draw = (): void => {
    if (!options) return;
    const image = data.image('test', imageIndex);
    const variants = augmentVariants(image, VARIANTS, options, seed);
    const original = document.createElement('figure');
    original.className = 'augment-original';
    const canvas = digitCanvas(image);
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `Test image ${imageIndex}, labelled ${data.label('test', imageIndex)}, as it is`);
    original.append(canvas, textElement('figcaption', `#${imageIndex} as it is`));
    const grid = document.createElement('div');
    grid.className = 'augment-grid';
    grid.dataset.testid = 'augment-grid';
    grid.dataset.seed = String(seed);
    grid.dataset.index = String(imageIndex);
    grid.setAttribute('role', 'img');
    grid.setAttribute('aria-label', `${VARIANTS} augmented copies of test image ${imageIndex} (${describeAugmentation(options)})`);
    for (let i = 0; i < VARIANTS; i++) {
      grid.append(digitCanvas(Array.from(variants.subarray(i * 784, (i + 1) * 784), (v) => v * 255)));
    }
    gallery.replaceChildren(original, grid);
    summary.textContent = `Test image #${imageIndex} (a “${data.label('test', imageIndex)}”), ${VARIANTS} times with ${describeAugmentation(options)}; roll ${seed}.`;
  };

  const readControls = (): void => {
    const values = Object.fromEntries(fields.map((f) => [f.name, f.input.value])) as unknown as AugmentControlValues;
    const reading = readAugmentControls(values);
    for (const f of fields) f.setProblem(reading.ok ? undefined : reading.problems[f.name]);
    options = reading.ok ? reading.options : null;
    reroll.disabled = options === null;
    if (options) draw();
    else summary.textContent = 'The copies wait until every value is within its limits.';
    for (const listener of listeners) listener(options);
  };

  for (const f of fields) f.input.addEventListener('input', readControls);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const reading = readImageIndex(indexField.input.value, data.test.count, 'test');
    indexField.setProblem(reading.ok ? undefined : reading.problem);
    if (!reading.ok) return;
    imageIndex = reading.index;
    draw();
  });
  reroll.addEventListener('click', () => {
    seed += 1;
    draw();
  });
  draw();

  const preview: AugmentPreview = {
    options: () => options,
    onChange: (listener) => listeners.push(listener),
  };
  return preview;
};

interface Field {
  label: HTMLLabelElement;
  input: HTMLInputElement;
  setProblem(problem: string | undefined): void;
}

function field(name: string, text: string, value: string, hint: string): Field {
  const label = document.createElement('label');
  label.className = 'lesson-field';
  label.append(text);
  const input = document.createElement('input');
  input.name = name;
  input.value = value;
  input.inputMode = 'decimal';
  input.autocomplete = 'off';
  input.dataset.testid = `augment-${name}`;
  const problem = document.createElement('small');
  problem.className = 'field-problem';
  problem.id = `augment-${name}-problem`;
  problem.dataset.testid = `augment-${name}-problem`;
  problem.setAttribute('aria-live', 'polite');
  problem.textContent = hint;
  input.setAttribute('aria-describedby', problem.id);
  label.append(input, problem);
  return {
    label,
    input,
    setProblem(text) {
      input.setAttribute('aria-invalid', String(text !== undefined));
      problem.classList.toggle('is-problem', text !== undefined);
      problem.textContent = text ?? hint;
    },
  };
}
