import type { AugmentOptions } from '../../lib/train/augment';
import {
  augmentForTraining,
  describeAugmentation,
  readAugmentSetting,
  writeAugmentSetting,
  type AugmentSetting,
} from '../../lib/train/augment-setting';
import { withBase } from '../../lib/site/url';
import { textElement } from '../../components/dom/elements';
import { safeLocalStorage } from '../../components/dom/storage';
import type { CellRunner } from '../../components/notebook/types';
import '../../styles/preprocessing.css';
import type { AugmentPreview } from './augment';

/** The switch lesson 4 reads: saved in this browser, with the preview's current limits. */
export const run: CellRunner = async ({ output, input }) => {
  const preview = input<AugmentPreview>('augment');
  const storage = safeLocalStorage();
  const read = readAugmentSetting(storage);
  let setting: AugmentSetting | null = read.setting;

  if (read.notice) {
    const notice = textElement('p', read.notice, 'load-warning');
    notice.setAttribute('role', 'status');
    notice.dataset.testid = 'augment-notice';
    output.append(notice);
  }
  const label = document.createElement('label');
  label.className = 'switch';
  const toggle = document.createElement('input');
  toggle.type = 'checkbox';
  toggle.setAttribute('role', 'switch');
  toggle.dataset.testid = 'augment-switch';
  toggle.checked = setting?.enabled ?? false;
  label.append(toggle, ' Use this augmentation when training');
  const state = textElement('p', '', 'augment-state');
  state.dataset.testid = 'augment-state';
  state.setAttribute('aria-live', 'polite');
  const link = document.createElement('a');
  link.href = withBase('lessons/training/');
  link.textContent = 'Lesson 4';
  output.append(label, state);

  const save = (options: AugmentOptions | null): void => {
    if (!options) {
      toggle.checked = setting?.enabled ?? false;
      state.textContent = 'Bring every value above within its limits first; until then the saved setting stays as it was.';
      return;
    }
    const next: AugmentSetting = { enabled: toggle.checked, options };
    const problems = writeAugmentSetting(storage, next);
    if (problems.length > 0) {
      state.textContent = problems.join(' ');
      return;
    }
    setting = next;
    showState();
  };
  const showState = (): void => {
    const training = augmentForTraining(setting);
    state.replaceChildren(
      link,
      training ? ` will train with augmentation: ${describeAugmentation(training)}.` : ' will train on the images as they are (no augmentation).',
    );
    state.dataset.enabled = String(training !== null);
  };

  toggle.addEventListener('change', () => save(preview.options()));
  preview.onChange((options) => {
    if (toggle.checked || setting) save(options);
  });
  showState();
};
