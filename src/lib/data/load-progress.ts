/**
 * Progress of a data load, summed over files that download in parallel, so one progress
 * bar can show it.
 */
import type { DataFile } from './manifest';

export interface LoadProgress {
  phase: 'manifest' | 'download' | 'verify' | 'done';
  loadedBytes: number;
  /** Compressed bytes over all files (0 until the manifest has arrived). */
  totalBytes: number;
  /** For a file's download events: that file came from the cache. Otherwise: nothing was downloaded so far. */
  fromCache: boolean;
  file?: string;
}

/** Counts only grow and never pass the total, so a progress bar never jumps back. */
export class ProgressTracker {
  /** Bytes that came over the network (compressed bytes, also when the browser unpacked them on the way). */
  downloadedBytes = 0;
  anyDownloaded = false;
  private readonly loadedByFile = new Map<string, number>();
  private readonly receivedByFile = new Map<string, number>();

  constructor(
    private readonly totalBytes: number,
    private readonly report: (progress: LoadProgress) => void,
  ) {}

  /**
   * `unpackedByBrowser`: the host sent the file with `Content-Encoding: gzip`, so
   * what the page counts are decompressed bytes. They are scaled back to
   * compressed ones, which is what travelled and what the total is made of;
   * otherwise the bar would reach 100% a fifth of the way through.
   */
  received(file: DataFile, receivedBytes: number, unpackedByBrowser = false): void {
    const wireBytes = unpackedByBrowser
      ? Math.round((receivedBytes * file.compressedBytes) / Math.max(1, file.rawBytes))
      : receivedBytes;
    const previous = this.receivedByFile.get(file.name) ?? 0;
    this.receivedByFile.set(file.name, wireBytes);
    this.downloadedBytes += wireBytes - previous;
    this.anyDownloaded = true;
    this.setLoaded(file, wireBytes, false);
  }

  completed(file: DataFile, fromCache: boolean): void {
    this.setLoaded(file, file.compressedBytes, fromCache);
  }

  verifying(file: DataFile): void {
    this.report({ phase: 'verify', ...this.overall(), file: file.name });
  }

  finish(): void {
    this.report({ phase: 'done', ...this.overall() });
  }

  private setLoaded(file: DataFile, bytes: number, fromCache: boolean): void {
    const loaded = Math.max(this.loadedByFile.get(file.name) ?? 0, Math.min(bytes, file.compressedBytes));
    this.loadedByFile.set(file.name, loaded);
    this.report({ phase: 'download', loadedBytes: this.loaded(), totalBytes: this.totalBytes, fromCache, file: file.name });
  }

  private overall(): Omit<LoadProgress, 'phase' | 'file'> {
    return { loadedBytes: this.loaded(), totalBytes: this.totalBytes, fromCache: !this.anyDownloaded };
  }

  private loaded(): number {
    let sum = 0;
    for (const bytes of this.loadedByFile.values()) sum += bytes;
    return Math.min(sum, this.totalBytes);
  }
}
