/**
 * "My models": the models kept in this browser, for lesson 4, lesson 7 and later lessons.
 * Rename, delete (asked once more, inline), download (model.json + weights, the files
 * tf.loadLayersModel reads), upload back, and "use on the drawing pad". A damaged record is a
 * row that can only be deleted. The rows come from src/lib/store/my-models.ts; the page
 * refreshes the list on the `digit-lab:models-changed` event (a run saved, a model uploaded).
 *
 * Lessons 5 and 6 choose from this same list which model to evaluate, compare or open: they
 * list the shipped models too (`withShipped`) and give every row their own buttons (`choices`),
 * the row each choice holds marked as pressed.
 */
import { textElement } from '../dom/elements';
import { safeLocalStorage } from '../dom/storage';
import { downloadLinks } from '../training/save-trained-model';
import { BUILT_IN_MODELS } from '../../lib/draw/built-in-models';
import { MODELS_CHANGED, PAD_MODEL_CHOSEN, REMEMBERED_MODEL_KEY } from '../../lib/draw/model-choice';
import { readUploadedModel, loadUploadedModel, ModelUploadError } from '../../lib/model/upload';
import { inspectDigitModel, suggestPixelScale } from '../../lib/model/digit-model';
import { padModelNow } from '../../lib/store/active-model';
import { openModelStore, type ModelStore } from '../../lib/store/model-store';
import { emptyListText, modelRows, shippedRows, type ModelRow } from '../../lib/store/my-models';
import { modelFiles } from '../../lib/store/model-files';
import { modelReadme, outputKind } from '../../lib/store/model-readme';

export { MODELS_CHANGED } from '../../lib/draw/model-choice';

/** A button on every usable row ("Evaluate", "Compare with it", "Open"): what the page does with the chosen model. */
export interface ModelChoice {
  /** The button's text; `action` is its `data-action`. */
  label: string;
  action: string;
  /** The model this choice holds now (its row's button is pressed). */
  chosen(): string | undefined;
  onChoose(id: string): void;
}

export interface MyModelsOptions {
  /** List the shipped models above the kept ones (they can be chosen, not renamed or deleted). */
  withShipped?: boolean;
  choices?: ModelChoice[];
}

export interface MyModelsList {
  refresh(): Promise<void>;
  /** Another button on every row, for a part of the page that runs later (lesson 5's comparison). */
  addChoice(choice: ModelChoice): void;
  /** Shows again which row each choice holds (after a choice changed, or fell back). */
  markChosen(): void;
}

export function mountMyModels(container: HTMLElement, options: MyModelsOptions = {}): MyModelsList {
  const choices = [...(options.choices ?? [])];
  const root = document.createElement('div');
  root.className = 'my-models';
  root.dataset.testid = 'my-models';
  const status = textElement('p', '', 'my-models-status');
  status.dataset.testid = 'my-models-status';
  status.setAttribute('aria-live', 'polite');
  const list = document.createElement('div');
  const upload = uploadControl();
  root.append(list, upload.element, status);
  container.append(root);

  let store: ModelStore | undefined;
  const storage = safeLocalStorage();
  const say = (text: string) => (status.textContent = text);

  const refresh = async (): Promise<void> => {
    try {
      store ??= await openModelStore();
      const entries = await store.listEntries();
      const builtInNames = Object.fromEntries(BUILT_IN_MODELS.map((model) => [model.id, model.name]));
      const infos = entries.flatMap((entry) => (entry.kind === 'model' ? [entry.info] : []));
      const pad = padModelNow(infos, storage?.getItem(REMEMBERED_MODEL_KEY) ?? null, builtInNames);
      const kept = modelRows(entries, pad.id);
      root.dataset.count = String(kept.length);
      root.dataset.padModel = pad.id;
      const rows = [...(options.withShipped ? shippedRows(BUILT_IN_MODELS, pad.id) : []), ...kept];
      list.replaceChildren(
        ...(kept.length === 0 ? [textElement('p', emptyListText(null))] : []),
        ...(rows.length === 0 ? [] : [table(rows)]),
        textElement('p', `The drawing pad reads with “${pad.name}”.`, 'my-models-pad'),
      );
    } catch (error) {
      // No store: where the shipped models are listed, they can still be chosen.
      root.dataset.count = '0';
      list.replaceChildren(textElement('p', emptyListText(messageOf(error)), 'load-warning'), ...(options.withShipped ? [table(shippedRows(BUILT_IN_MODELS, null))] : []));
      upload.element.hidden = true;
    }
    markChosen();
  };

  function markChosen(): void {
    for (const choice of choices) {
      const held = choice.chosen();
      for (const button of list.querySelectorAll<HTMLButtonElement>(`button[data-action="${choice.action}"]`)) {
        button.setAttribute('aria-pressed', String(button.closest<HTMLElement>('tr')?.dataset.modelId === held));
      }
    }
  }

  function table(rows: ModelRow[]): HTMLElement {
    const scroll = document.createElement('div');
    scroll.className = 'my-models-scroll';
    const element = document.createElement('table');
    element.className = 'data-table my-models-table';
    element.innerHTML =
      `<caption>${options.withShipped ? 'The shipped models, and my models kept in this browser' : 'My models, kept in this browser'}</caption><thead><tr><th scope="col">Name</th><th scope="col">When</th><th scope="col">Network</th><th scope="col">Epochs</th><th scope="col">Test accuracy</th><th scope="col">Size</th><th scope="col">Actions</th></tr></thead>`;
    const body = element.createTBody();
    for (const row of rows) body.append(rowElement(row));
    scroll.append(element);
    return scroll;
  }

  function rowElement(row: ModelRow): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'my-model';
    tr.dataset.modelId = row.id;
    tr.dataset.damaged = String(row.damaged);
    tr.dataset.inUse = String(row.inUse);
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = row.name;
    if (row.inUse) name.append(textElement('small', ' (the pad uses it)'));
    tr.append(name);
    if (row.damaged) {
      const cell = tr.insertCell();
      cell.colSpan = 5;
      cell.textContent = row.problem ?? 'damaged';
    } else {
      const cells: [string, string][] = [['When', row.when], ['Network', row.network], ['Epochs', row.epochs], ['Test accuracy', row.accuracy], ['Size', row.size]];
      for (const [label, text] of cells) {
        const cell = tr.insertCell();
        cell.dataset.label = label; // shown before the value when the table becomes cards on a phone
        cell.textContent = text;
      }
    }
    const actions = tr.insertCell();
    actions.className = 'my-model-actions';
    if (!row.damaged) {
      for (const choice of choices) {
        const button = action(choice.label, () => {
          choice.onChoose(row.id);
          markChosen();
        });
        button.dataset.action = choice.action;
        actions.append(button);
      }
    }
    if (row.shipped) {
      actions.append(padButton(row));
      return tr;
    }
    if (!row.damaged) {
      actions.append(
        padButton(row),
        action('Rename', () => rename(row, actions)),
        action('Download', () => download(row, actions)),
      );
    }
    actions.append(action('Delete', () => confirmDelete(row, actions)));
    return tr;
  }

  function padButton(row: ModelRow): HTMLButtonElement {
    return action(
      'Use on the drawing pad',
      () => {
        storage?.setItem(REMEMBERED_MODEL_KEY, row.id);
        say(`The drawing pad of lesson 7 now reads with “${row.name}”.`);
        document.dispatchEvent(new CustomEvent(PAD_MODEL_CHOSEN, { detail: { id: row.id } }));
        void refresh();
      },
      row.inUse,
    );
  }

  function rename(row: ModelRow, actions: HTMLElement): void {
    const form = document.createElement('form');
    form.className = 'my-model-rename';
    const label = document.createElement('label');
    label.textContent = 'New name ';
    const input = document.createElement('input');
    input.name = 'name';
    input.value = row.name;
    label.append(input);
    const save = textElement('button', 'Save name');
    save.type = 'submit';
    form.append(label, save);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await store!.update(row.id, { name: input.value });
        say(`Renamed to “${input.value.trim()}”.`);
        await refresh();
        announceChange();
      } catch (error) {
        say(messageOf(error));
      }
    });
    actions.append(form);
    input.focus();
  }

  async function download(row: ModelRow, actions: HTMLElement): Promise<void> {
    try {
      const saved = await store!.get(row.id);
      if (!saved) throw new Error('That model is no longer saved in this browser');
      actions.querySelector('.model-downloads')?.remove();
      const links = downloadLinks(saved.name, saved.artifacts);
      links.append(readmeLink(saved, modelFiles(saved.artifacts, saved.name)));
      actions.append(links);
      say(`“${saved.name}” as two files, with a README on loading it in Python or a web page: choose the two model files to upload it back, here or in lesson 7.`);
    } catch (error) {
      say(messageOf(error));
    }
  }

  function confirmDelete(row: ModelRow, actions: HTMLElement): void {
    if (actions.querySelector('.my-model-confirm')) return;
    const box = document.createElement('span');
    box.className = 'my-model-confirm';
    box.append(
      textElement('span', `Delete “${row.name}” for good? `),
      action('Yes, delete it', async () => {
        try {
          await store!.remove(row.id);
          if (storage?.getItem(REMEMBERED_MODEL_KEY) === row.id) storage.removeItem(REMEMBERED_MODEL_KEY);
          say(`Deleted “${row.name}”.`);
          await refresh();
          announceChange();
        } catch (error) {
          say(messageOf(error));
        }
      }),
      action('Keep it', () => box.remove()),
    );
    actions.append(box);
  }

  upload.input.addEventListener('change', async () => {
    const files = [...(upload.input.files ?? [])];
    upload.input.value = '';
    if (files.length === 0) return;
    say('Reading the model…');
    try {
      const uploaded = await readUploadedModel(files);
      const tf = await import('@tensorflow/tfjs');
      if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
      const model = await loadUploadedModel(tf, uploaded.artifacts);
      let pixelScale;
      try {
        inspectDigitModel(model); // throws a sentence when it does not read one digit into ten scores
        pixelScale = suggestPixelScale(model);
      } finally {
        model.dispose();
      }
      store ??= await openModelStore();
      const info = await store.save({ name: uploaded.name, source: 'uploaded', pixelScale, details: { files: uploaded.files }, artifacts: uploaded.artifacts });
      say(`“${info.name}” is kept in this browser. Choose “Use on the drawing pad” to read with it.`);
      await refresh();
      announceChange();
    } catch (error) {
      say(error instanceof ModelUploadError ? error.message : `This model could not be read: ${messageOf(error)}`);
    }
  });

  // Other parts of the page (lesson 7's picker) follow changes made here; a change announced
  // here is already shown, so this list does not refresh for its own announcements.
  let announcing = false;
  function announceChange(): void {
    announcing = true;
    document.dispatchEvent(new Event(MODELS_CHANGED));
    announcing = false;
  }
  document.addEventListener(MODELS_CHANGED, () => {
    if (!announcing) void refresh();
  });
  void refresh();
  return {
    refresh,
    addChoice(choice) {
      choices.push(choice);
      void refresh();
    },
    markChosen,
  };
}

/** The README that goes with the two files: how to load them in Python (Keras) and in a web page. */
function readmeLink(saved: Parameters<typeof modelReadme>[0] & { artifacts: Parameters<typeof modelFiles>[0] }, files: ReturnType<typeof modelFiles>): HTMLLIElement {
  const text = modelReadme(saved, files, outputKind(saved.artifacts.modelTopology));
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'text/markdown' }));
  link.download = `${files.jsonName.replace(/\.json$/, '')}-README.md`;
  link.textContent = `Download ${link.download}`;
  link.dataset.testid = 'model-readme';
  const item = document.createElement('li');
  item.append(link);
  return item;
}

function uploadControl(): { element: HTMLElement; input: HTMLInputElement } {
  const element = document.createElement('p');
  element.className = 'my-models-upload';
  const label = document.createElement('label');
  label.textContent = 'Upload a model (its model.json and weight files together) ';
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.accept = '.json,.bin';
  input.dataset.testid = 'my-models-upload';
  label.append(input);
  element.append(label);
  return { element, input };
}

function action(label: string, onClick: () => unknown, disabled = false): HTMLButtonElement {
  const button = textElement('button', label);
  button.type = 'button';
  button.disabled = disabled;
  button.addEventListener('click', () => void onClick());
  return button;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
