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
  /** What really arrived over the network; more than compressed when the host decompressed it. */
  downloadedBytes = 0;
  anyDownloaded = false;
  private readonly loadedByFile = new Map<string, number>();
  private readonly receivedByFile = new Map<string, number>();

  constructor(
    private readonly totalBytes: number,
    private readonly report: (progress: LoadProgress) => void,
  ) {}

  received(file: DataFile, receivedBytes: number): void {
    const previous = this.receivedByFile.get(file.name) ?? 0;
    this.receivedByFile.set(file.name, receivedBytes);
    this.downloadedBytes += receivedBytes - previous;
    this.anyDownloaded = true;
    this.setLoaded(file, receivedBytes, false);
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
