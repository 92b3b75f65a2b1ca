import { textElement } from '../../components/dom/elements';
import { fillShapes, layerTable } from '../../components/dom/layer-table';
import { safeLocalStorage } from '../../components/dom/storage';
import type { CellRunner } from '../../components/notebook/types';
import type { ModelConfig } from '../../lib/model/config';
import { LAYER_NAMES } from '../../lib/model/describe';
import { editableFields, inPlainWords, insertLayer, NEW_LAYERS, parseTypedNumber, removeLayer, setLayerField, type NewLayerType } from '../../lib/model/edit';
import { isEdited, presetChoice, readModelChoice, writeModelChoice, type ModelChoice } from '../../lib/model/model-choice';
import { MODEL_PRESETS, type PresetName } from '../../lib/model/presets';
import { inferShapes } from '../../lib/model/shapes';
import { validateModelConfig } from '../../lib/model/validate';
import { formatCount } from '../../lib/site/format';
import '../../styles/training.css';

/**
 * The model builder: pick a preset, change its numbers, add or remove layers. The table
 * follows every keystroke; a model that validates is saved at once for lesson 4, one that
 * does not is explained and not saved (lesson 4 keeps the last one that worked).
 */
export const run: CellRunner = async ({ output }) => {
  const storage = safeLocalStorage();
  let choice = readModelChoice(storage);

  const presets = document.createElement('fieldset');
  presets.className = 'builder-presets';
  presets.innerHTML =
    '<legend>Start from</legend>' +
    (Object.keys(MODEL_PRESETS) as PresetName[])
      .map((name) => `<label><input type="radio" name="builder-preset" value="${name}">${MODEL_PRESETS[name].name}</label>`)
      .join('');
  const tableArea = document.createElement('div');
  tableArea.className = 'builder-table-scroll';
  const add = document.createElement('div');
  add.className = 'builder-add';
  const problems = document.createElement('ul');
  problems.className = 'builder-problems';
  problems.dataset.testid = 'builder-problems';
  const problemsAlert = document.createElement('div');
  problemsAlert.setAttribute('role', 'alert');
  problemsAlert.append(problems);
  const saved = document.createElement('p');
  saved.dataset.testid = 'builder-saved';
  saved.setAttribute('aria-live', 'polite');
  output.append(presets, tableArea, add, problemsAlert, saved);

  let table: HTMLTableElement;
  /** The model as typed, which may not validate; `choice` is only replaced by one that does. */
  let draft: ModelConfig = choice.config;

  const check = () => {
    fillShapes(table, draft);
    const found = validateModelConfig(draft);
    problems.replaceChildren(...found.map((problem) => textElement('li', inPlainWords(problem.message))));
    for (const row of table.querySelectorAll<HTMLTableRowElement>('tbody tr[data-layer]')) {
      if (found.some((problem) => problem.layerIndex === Number(row.dataset.layer))) row.dataset.problem = 'true';
    }
    if (found.length > 0) {
      saved.dataset.state = 'invalid';
      saved.textContent = 'Not saved: lesson 4 keeps the last model that worked until this one is fixed.';
      return;
    }
    choice = { ...choice, config: draft };
    const refusal = writeModelChoice(storage, choice);
    saved.dataset.state = refusal.length === 0 ? 'saved' : 'unsaved';
    saved.textContent =
      refusal.length > 0
        ? refusal.join(' ')
        : `Saved for lesson 4: ${draft.layers.length} layers, ${formatCount(inferShapes(draft).parameters)} parameters${isEdited(choice) ? `, edited from the ${MODEL_PRESETS[choice.preset].name}` : ''}.`;
  };

  const render = (focus?: () => HTMLElement | null) => {
    table = layerTable(draft, `Your model, from the ${MODEL_PRESETS[choice.preset].name}`, {
      settings: (index) => settingsInputs(index),
      actions: { heading: 'Remove', cell: (index) => removeButton(index) },
    });
    tableArea.replaceChildren(table);
    add.replaceChildren(...addControls());
    for (const radio of presets.querySelectorAll<HTMLInputElement>('input')) radio.checked = radio.value === choice.preset;
    check();
    focus?.()?.focus();
  };

  const settingsInputs = (index: number): Node => {
    const spec = draft.layers[index]!;
    const fields = editableFields(spec);
    const wrapper = document.createElement('span');
    wrapper.className = 'builder-fields';
    if (fields.length === 0) wrapper.textContent = '—';
    for (const { field, label } of fields) {
      const input = document.createElement('input');
      input.inputMode = field === 'rate' ? 'decimal' : 'numeric';
      input.value = String((spec as unknown as Record<string, number>)[field]);
      // The visible label says "Filters"; the accessible name also says which layer.
      input.setAttribute('aria-label', `Layer ${index + 1} ${label.toLowerCase()}`);
      input.dataset.field = field;
      input.addEventListener('input', () => {
        draft = setLayerField(draft, index, field, parseTypedNumber(input.value));
        check();
      });
      const visible = document.createElement('label');
      visible.className = 'builder-field';
      visible.append(label, input);
      wrapper.append(visible);
    }
    return wrapper;
  };

  const removeButton = (index: number): Node => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = '✕';
    button.setAttribute('aria-label', `Remove layer ${index + 1} (${LAYER_NAMES[draft.layers[index]!.type]})`);
    button.addEventListener('click', () => {
      draft = removeLayer(draft, index);
      // Keep the keyboard where it was: the next row's button, or the add button.
      render(() => tableArea.querySelectorAll<HTMLButtonElement>('tbody button')[index] ?? add.querySelector('button'));
    });
    return button;
  };

  const addControls = (): Node[] => {
    const type = select('builder-add-type', 'Layer to add', (Object.keys(NEW_LAYERS) as NewLayerType[]).map((t) => [t, LAYER_NAMES[t]]));
    const flatten = draft.layers.findIndex((layer) => layer.type === 'flatten');
    const places = [...draft.layers.keys()].map((i): [string, string] => [String(i), `before layer ${i + 1}`]);
    places.push([String(draft.layers.length), 'at the end']);
    const place = select('builder-add-place', 'Where', places);
    place.select.value = String(flatten === -1 ? draft.layers.length : flatten);
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Add the layer';
    button.addEventListener('click', () => {
      const at = Number(place.select.value);
      draft = insertLayer(draft, at, type.select.value as NewLayerType);
      render(() => tableArea.querySelector<HTMLInputElement>(`tbody tr[data-layer="${at}"] input`) ?? add.querySelector('button'));
    });
    const reset = document.createElement('button');
    reset.type = 'button';
    reset.textContent = 'Back to the preset';
    reset.addEventListener('click', () => choosePreset(choice.preset));
    return [type.label, place.label, button, reset];
  };

  const choosePreset = (name: PresetName) => {
    choice = presetChoice(name);
    draft = choice.config;
    render();
  };
  presets.addEventListener('change', (event) => choosePreset((event.target as HTMLInputElement).value as PresetName));

  render();
  return choice satisfies ModelChoice;
};

function select(id: string, text: string, options: [string, string][]): { label: HTMLLabelElement; select: HTMLSelectElement } {
  const label = document.createElement('label');
  label.textContent = `${text} `;
  const select = document.createElement('select');
  select.id = id;
  select.innerHTML = options.map(([value, name]) => `<option value="${value}">${name}</option>`).join('');
  label.append(select);
  return { label, select };
}
