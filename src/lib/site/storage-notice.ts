/**
 * What this browser will not keep for the student, said once per page in one sentence. The
 * course keeps three things: progress and the lesson 3 model (localStorage), models trained
 * or uploaded and the downloaded MNIST data (IndexedDB). Private windows, storage turned off
 * or a full disk take some or all of that away; the student should know before the work is lost.
 */
export interface StorageAvailability {
  /** localStorage can be written. */
  local: boolean;
  /** An IndexedDB database can be opened. */
  indexedDB: boolean;
}

/** Null when everything is kept. */
export function storageNotice({ local, indexedDB }: StorageAvailability): string | null {
  const lost = [
    ...(local ? [] : ['your progress', 'the model you build in lesson 3']),
    ...(indexedDB ? [] : ['the models you train or upload', 'the downloaded MNIST data (about 11 MB, fetched again on each visit)']),
  ];
  if (lost.length === 0) return null;
  const list = lost.length === 1 ? lost[0]! : `${lost.slice(0, -1).join(', ')} and ${lost.at(-1)}`;
  return `This browser will not keep anything of this course for later (a private window, or storage turned off or full): ${list} last only until you close this tab.`;
}
