/**
 * "My models" as data: the rows a student sees for the models kept in this browser (name,
 * when, network, epochs, test accuracy, size, which one the pad uses), and the sentence when
 * the store cannot be read. Pure: the component (src/components/models/) draws the rows and
 * calls the store; lessons 4, 7 and later use the same list.
 */
import { formatBytes } from '../site/format';
import type { ModelListEntry } from './model-store';

export interface ModelRow {
  id: string;
  name: string;
  damaged: boolean;
  /** "1 Dec 2026, 20:31"; empty for a damaged record. */
  when: string;
  /** "Tutorial CNN", or "uploaded (Keras)". */
  network: string;
  epochs: string;
  accuracy: string;
  size: string;
  /** The drawing pad reads with this one. */
  inUse: boolean;
  /** Shipped with the course: it can be used and chosen, not renamed, downloaded or deleted. */
  shipped?: boolean;
  /** For a damaged record: what is wrong, in a sentence. */
  problem?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatWhen(time: number): string {
  const date = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function modelRows(entries: readonly ModelListEntry[], padModelId: string | null): ModelRow[] {
  return entries.map((entry) => {
    if (entry.kind === 'damaged') {
      return { id: entry.id, name: entry.name ?? entry.id, damaged: true, when: '', network: '', epochs: '', accuracy: '', size: '', inUse: false, problem: entry.problem };
    }
    const { info } = entry;
    const details = info.details ?? {};
    return {
      id: info.id,
      name: info.name,
      damaged: false,
      when: formatWhen(info.createdAt),
      network: info.source === 'uploaded' ? 'uploaded' : details.fineTune ? `${details.recipe ? `${details.recipe}, ` : ''}fine-tuned on ${details.fineTune.ownSamples} of your digits from “${details.fineTune.baseName}”` : (details.recipe ?? 'trained here'),
      epochs: details.epochs === undefined ? '–' : String(details.epochs),
      accuracy: details.testAccuracy === undefined ? '–' : `${(details.testAccuracy * 100).toFixed(2)}%`,
      size: details.weightBytes === undefined ? '–' : formatBytes(details.weightBytes),
      inUse: info.id === padModelId,
    };
  });
}

/**
 * Rows for the models that ship with the course, for the lists that offer them too (lessons 5
 * and 6 evaluate and open any model, the shipped ones first).
 */
export function shippedRows(models: readonly { id: string; name: string }[], padModelId: string | null): ModelRow[] {
  return models.map(({ id, name }) => ({ id, name, damaged: false, shipped: true, when: 'shipped with the course', network: 'default recipe', epochs: '–', accuracy: '–', size: '–', inUse: id === padModelId }));
}

/** What the list says when the browser keeps nothing, or when there is nothing yet. */
export function emptyListText(problem: string | null): string {
  if (problem) return `My models cannot be shown: ${problem}. A model you train is still offered as two files to download.`;
  return 'No models are kept in this browser yet: train one in lesson 4, or upload one.';
}
