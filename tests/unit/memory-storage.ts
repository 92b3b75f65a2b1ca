import type { KeyValueStorage } from '../../src/lib/notebook/progress';

/** localStorage in a Map, for the modules that take their storage as a parameter. */
export function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/** A storage that refuses every write, as a full or disabled localStorage does. */
export function fullStorage(): KeyValueStorage {
  return {
    getItem: () => null,
    setItem: () => {
      throw new DOMException('full', 'QuotaExceededError');
    },
    removeItem: () => undefined,
  };
}
