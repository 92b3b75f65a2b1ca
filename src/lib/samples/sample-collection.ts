/**
 * The student's samples on the page: the list shown, kept in IndexedDB through the sample
 * store. When the browser will not keep them (no IndexedDB, a full disk) they stay on the page
 * for this visit and the page says so once: a drawn sample is never dropped.
 */
import type { DigitSample } from './sample';
import { openSampleStore, type SampleStore } from '../store/sample-store';

export class SampleCollection {
  samples: DigitSample[] = [];
  #store: SampleStore | null = null;
  #listeners: (() => void)[] = [];

  /** Opens the store and reads what was kept; a sentence when something could not be read or kept. */
  async load(idb: IDBFactory | undefined = globalThis.indexedDB): Promise<string> {
    try {
      this.#store = await openSampleStore(idb);
      const { samples, damaged } = await this.#store.list();
      this.samples = samples;
      this.#changed();
      return damaged.length > 0 ? `${damaged.length} stored sample${damaged.length === 1 ? ' was' : 's were'} damaged and left out.` : '';
    } catch (error) {
      this.#store = null;
      return messageOf(error);
    }
  }

  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  /** Adds samples; they are on the page whatever happens, and a sentence says when they were not kept. */
  async add(samples: readonly DigitSample[]): Promise<string> {
    this.samples = [...this.samples, ...samples];
    this.#changed();
    return this.#keep(() => this.#store!.put(samples));
  }

  async relabel(id: string, digit: number): Promise<string> {
    this.samples = this.samples.map((sample) => (sample.id === id ? { ...sample, digit } : sample));
    this.#changed();
    return this.#keep(async () => void (await this.#store!.relabel(id, digit)));
  }

  async remove(id: string): Promise<string> {
    this.samples = this.samples.filter((sample) => sample.id !== id);
    this.#changed();
    return this.#keep(() => this.#store!.remove(id));
  }

  async #keep(write: () => Promise<void>): Promise<string> {
    if (!this.#store) return 'Kept on this page only (the browser keeps no samples here).';
    try {
      await write();
      return '';
    } catch (error) {
      return `${messageOf(error)} It is still on this page until you leave it.`;
    }
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
