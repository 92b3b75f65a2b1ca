/**
 * The few IndexedDB steps every store here needs, as promises, with the browser's ways of
 * refusing storage (no IndexedDB, private windows, an old tab holding the database) turned
 * into one error the caller chooses, so a page can say it plainly.
 */

export interface OpenDatabaseOptions {
  version: number;
  /** Creates the object stores; runs only when the database is new or older than `version`. */
  upgrade(db: IDBDatabase): void;
  /** The error to reject with when the browser will not give us the database. */
  unavailable(message: string): Error;
}

export function openDatabase(idb: IDBFactory, dbName: string, options: OpenDatabaseOptions): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (message: string) => {
      settled = true;
      reject(options.unavailable(message));
    };
    let request: IDBOpenDBRequest;
    try {
      request = idb.open(dbName, options.version);
    } catch (error) {
      // Some browsers throw right away in private windows or sandboxed frames.
      fail(`The browser refused to open its storage (${errorText(error)})`);
      return;
    }
    request.onupgradeneeded = () => options.upgrade(request.result);
    request.onsuccess = () => {
      const db = request.result;
      if (settled) {
        db.close(); // We already gave up (blocked); do not hold the database open.
        return;
      }
      settled = true;
      // Let a newer version of the site in another tab upgrade the database.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => fail(`The browser refused to open its storage (${errorText(request.error)})`);
    request.onblocked = () => fail('The browser storage is held by an older copy of this site in another tab');
  });
}

export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Quota errors arrive as the transaction's abort, not as the put request's error. */
export function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction was aborted'));
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
  });
}

export function isQuotaError(error: unknown): boolean {
  return errorName(error) === 'QuotaExceededError';
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error || error instanceof DOMException ? error.name : undefined;
}

export function errorText(error: unknown): string {
  return error instanceof Error || error instanceof DOMException ? error.message || error.name : String(error);
}
