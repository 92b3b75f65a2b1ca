/**
 * A student's progress through the course, kept in the browser
 * (localStorage) so the home page can say which lessons are done.
 * The storage is passed in, so this runs in Node tests as it does in a page.
 */
export type LessonState = 'not-started' | 'in-progress' | 'done';

export interface LessonProgress {
  /** Cells that have run to the end at least once. */
  doneCells: string[];
  /** How many cells the lesson had when it was last opened. */
  totalCells: number;
  completedAt?: string;
}

export type CourseProgress = Record<string, LessonProgress>;

/** The part of the Web Storage API this module uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const PROGRESS_KEY = 'digit-lab:progress:v1';

export function readProgress(storage: KeyValueStorage | undefined): CourseProgress {
  if (!storage) return {};
  try {
    const parsed: unknown = JSON.parse(storage.getItem(PROGRESS_KEY) ?? '{}');
    return isCourseProgress(parsed) ? parsed : {};
  } catch {
    // Private mode, a blocked storage or a hand-edited value: start afresh rather than break the page.
    return {};
  }
}

/** Saves progress; returns false when the browser refuses (storage full or disabled). */
export function writeProgress(storage: KeyValueStorage | undefined, progress: CourseProgress): boolean {
  if (!storage) return false;
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify(progress));
    return true;
  } catch {
    return false;
  }
}

export function recordCellDone(
  progress: CourseProgress,
  slug: string,
  cellId: string,
  totalCells: number,
  now: Date = new Date(),
): CourseProgress {
  const lesson = progress[slug] ?? { doneCells: [], totalCells };
  const doneCells = lesson.doneCells.includes(cellId) ? lesson.doneCells : [...lesson.doneCells, cellId];
  const updated: LessonProgress = { ...lesson, doneCells, totalCells };
  if (!updated.completedAt && doneCells.length >= totalCells) updated.completedAt = now.toISOString();
  return { ...progress, [slug]: updated };
}

export function lessonState(progress: CourseProgress, slug: string): LessonState {
  const lesson = progress[slug];
  if (!lesson || lesson.doneCells.length === 0) return 'not-started';
  return lesson.completedAt ? 'done' : 'in-progress';
}

function isCourseProgress(value: unknown): value is CourseProgress {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (lesson: unknown) =>
      typeof lesson === 'object' &&
      lesson !== null &&
      Array.isArray((lesson as LessonProgress).doneCells) &&
      (lesson as LessonProgress).doneCells.every((id) => typeof id === 'string') &&
      typeof (lesson as LessonProgress).totalCells === 'number',
  );
}
