/** localStorage throws on access in some privacy modes; progress is a nicety, never a failure. */
export function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** Whether this browser lets the course keep anything: a real write to localStorage, a real open of IndexedDB. */
export async function probeStorage(): Promise<{ local: boolean; indexedDB: boolean }> {
  let local = false;
  try {
    const key = 'digit-lab:probe';
    window.localStorage.setItem(key, '1');
    window.localStorage.removeItem(key);
    local = true;
  } catch {
    local = false;
  }
  const indexedDB = await new Promise<boolean>((resolve) => {
    try {
      const request = window.indexedDB.open('digit-lab-probe');
      request.onsuccess = () => {
        request.result.close();
        resolve(true);
      };
      request.onerror = () => resolve(false);
      request.onblocked = () => resolve(false);
    } catch {
      resolve(false);
    }
  });
  return { local, indexedDB };
}
