import { textElement } from '../../components/dom/elements';
import { fillShapes, layerTable } from '../../components/dom/layer-table';
import { safeLocalStorage } from '../../components/dom/storage';
import type { CellRunner } from '../../components/notebook/types';
import type { ModelConfig } from '../../lib/model/config';
import { LAYER_NAMES } from '../../lib/model/describe';
import { editableFields, inPlainWords, insertLayer, NEW_LAYERS, parseTypedNumber, removeLayer, setLayerField, type NewLayerType } from '../../lib/model/edit';
import { draftIsEdited, draftOf, isSavedChoice, readBuilderDrafts, withDraft, writeBuilderDrafts } from '../../lib/model/builder-drafts';
import { isEdited, presetChoice, readModelChoice, writeModelChoice, type ModelChoice } from '../../lib/model/model-choice';
import { MODEL_PRESETS, type PresetName } from '../../lib/model/presets';
import { inferShapes } from '../../lib/model/shapes';
import { validateModelConfig } from '../../lib/model/validate';
import { formatCount } from '../../lib/site/format';
import '../../styles/training.css';

/**
 * The model builder: pick a preset, change its numbers, add or remove layers. The table
 * follows every keystroke. What the student types is a draft, kept per preset (switching
 * presets never throws edits away); only "Save for lesson 4" replaces the model lesson 4
 * trains, and only with a model that validates.
 */
export const run: CellRunner = async ({ output }) => {
  const storage = safeLocalStorage();
  let saved = readModelChoice(storage);
  let drafts = readBuilderDrafts(storage, saved);
  let preset: PresetName = drafts.preset;
  /** The model as typed, which may not validate. */
  let draft: ModelConfig = draftOf(drafts, preset);
  /** The edits "Back to the preset" replaced, until the student undoes that or edits again. */
  let beforeReset: ModelConfig | null = null;

  const presets = document.createElement('fieldset');
  presets.className = 'builder-presets';
  presets.innerHTML =
    '<legend>Start from</legend>' +
    (Object.keys(MODEL_PRESETS) as PresetName[])
      .map((name) => `<label><input type="radio" name="builder-preset" value="${name}">${MODEL_PRESETS[name].name}</label>`)
      .join('');
  const parked = document.createElement('p');
  parked.className = 'builder-parked';
  parked.dataset.testid = 'builder-parked';
  parked.setAttribute('aria-live', 'polite');
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
  const saveRow = document.createElement('div');
  saveRow.className = 'builder-save';
  const saveButton = document.createElement('button');
  saveButton.type = 'button';
  saveButton.textContent = 'Save for lesson 4';
  saveButton.dataset.testid = 'builder-save';
  const savedNote = document.createElement('p');
  savedNote.dataset.testid = 'builder-saved';
  savedNote.setAttribute('aria-live', 'polite');
  saveRow.append(saveButton, savedNote);
  output.append(presets, parked, tableArea, add, problemsAlert, saveRow);

  let table: HTMLTableElement;
  let refusal: string[] = [];
  const keepDraft = () => {
    drafts = withDraft(drafts, preset, draft);
    writeBuilderDrafts(storage, drafts);
  };

  const check = () => {
    fillShapes(table, draft);
    const found = validateModelConfig(draft);
    problems.replaceChildren(...found.map((problem) => textElement('li', inPlainWords(problem.message))));
    for (const row of table.querySelectorAll<HTMLTableRowElement>('tbody tr[data-layer]')) {
      if (found.some((problem) => problem.layerIndex === Number(row.dataset.layer))) row.dataset.problem = 'true';
    }
    const trains = `lesson 4 trains ${savedSummary(saved)}`;
    saveButton.disabled = found.length > 0 || isSavedChoice(saved, preset, draft);
    if (found.length > 0) {
      savedNote.dataset.state = 'invalid';
      savedNote.textContent = `Not saved: this model cannot be trained until it is fixed; ${trains}.`;
    } else if (refusal.length > 0) {
      savedNote.dataset.state = 'unsaved';
      savedNote.textContent = refusal.join(' ');
    } else if (isSavedChoice(saved, preset, draft)) {
      savedNote.dataset.state = 'saved';
      savedNote.textContent = `Saved for lesson 4: ${draft.layers.length} layers, ${formatCount(inferShapes(draft).parameters)} parameters${isEdited(saved) ? `, edited from the ${MODEL_PRESETS[saved.preset].name}` : ''}.`;
    } else {
      savedNote.dataset.state = 'draft';
      savedNote.textContent = `Not saved yet: ${trains}. Press “Save for lesson 4” to train this one instead.`;
    }
  };

  saveButton.addEventListener('click', () => {
    const choice: ModelChoice = { preset, config: structuredClone(draft) };
    refusal = writeModelChoice(storage, choice);
    if (refusal.length === 0) saved = choice;
    check();
  });

  const render = (focus?: () => HTMLElement | null) => {
    table = layerTable(draft, `Your model, from the ${MODEL_PRESETS[preset].name}`, {
      settings: (index) => settingsInputs(index),
      actions: { heading: 'Remove', cell: (index) => removeButton(index) },
    });
    tableArea.replaceChildren(table);
    add.replaceChildren(...addControls());
    for (const radio of presets.querySelectorAll<HTMLInputElement>('input')) radio.checked = radio.value === preset;
    refusal = [];
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
        edited();
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
      edited();
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
      edited();
      render(() => tableArea.querySelector<HTMLInputElement>(`tbody tr[data-layer="${at}"] input`) ?? add.querySelector('button'));
    });
    const reset = document.createElement('button');
    reset.type = 'button';
    reset.textContent = 'Back to the preset';
    reset.disabled = !draftIsEdited(preset, draft);
    reset.addEventListener('click', () => {
      beforeReset = draft;
      draft = presetChoice(preset).config;
      keepDraft();
      render(() => add.querySelector<HTMLButtonElement>('[data-testid="builder-undo-reset"]'));
    });
    const controls: Node[] = [type.label, place.label, button, reset];
    if (beforeReset) {
      const undo = document.createElement('button');
      undo.type = 'button';
      undo.textContent = 'Undo: bring my edits back';
      undo.dataset.testid = 'builder-undo-reset';
      undo.addEventListener('click', () => {
        draft = beforeReset!;
        beforeReset = null;
        keepDraft();
        render(() => add.querySelector('button'));
      });
      controls.push(undo);
    }
    return controls;
  };

  const edited = () => {
    beforeReset = null;
    refusal = [];
    parked.textContent = '';
    keepDraft();
  };

  const choosePreset = (name: PresetName) => {
    if (name === preset) return;
    const leaving = preset;
    const leftEdits = draftIsEdited(leaving, draft);
    keepDraft();
    preset = name;
    draft = draftOf(drafts, name);
    beforeReset = null;
    keepDraft();
    parked.textContent = [
      leftEdits ? `Your edits to the ${MODEL_PRESETS[leaving].name} are kept: choose it again to get them back.` : '',
      draftIsEdited(name, draft) ? `These are your earlier edits to the ${MODEL_PRESETS[name].name}.` : '',
    ].filter(Boolean).join(' ');
    render();
  };
  presets.addEventListener('change', (event) => choosePreset((event.target as HTMLInputElement).value as PresetName));

  render();
  return saved satisfies ModelChoice;
};

/** The model lesson 4 trains now, in a few words. */
function savedSummary(saved: ModelChoice): string {
  return `the ${MODEL_PRESETS[saved.preset].name}${isEdited(saved) ? ' as you edited it' : ''} (${saved.config.layers.length} layers)`;
}

function select(id: string, text: string, options: [string, string][]): { label: HTMLLabelElement; select: HTMLSelectElement } {
  const label = document.createElement('label');
  label.textContent = `${text} `;
  const select = document.createElement('select');
  select.id = id;
  select.innerHTML = options.map(([value, name]) => `<option value="${value}">${name}</option>`).join('');
  label.append(select);
  return { label, select };
}
