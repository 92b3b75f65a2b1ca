/** What the course needs to know about a lesson to order it and link to it. */
export interface LessonSummary {
  slug: string;
  number: number;
  title: string;
}

/**
 * Orders lessons by the number in their front matter. Two lessons with the
 * same number would make "next" ambiguous, so that is a build error that
 * names both files.
 */
export function orderLessons<T extends LessonSummary>(lessons: readonly T[]): T[] {
  const sorted = [...lessons].sort((a, b) => a.number - b.number);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (previous.number === current.number) {
      throw new Error(
        `Lessons "${previous.slug}" and "${current.slug}" both have number ${current.number}; ` +
          'give each lesson its own number in its front matter.',
      );
    }
  }
  return sorted;
}

/** The lessons before and after `slug` in course order (undefined at either end). */
export function neighbours<T extends LessonSummary>(
  ordered: readonly T[],
  slug: string,
): { previous?: T; next?: T } {
  const index = ordered.findIndex((lesson) => lesson.slug === slug);
  if (index < 0) throw new Error(`No lesson "${slug}" in the course.`);
  return { previous: ordered[index - 1], next: ordered[index + 1] };
}

/**
 * A lesson's URL slug from its file name: `01-meet-the-data.mdx` → `meet-the-data`.
 * The number prefix only keeps the folder listing in course order; the
 * order itself comes from the front matter, so renumbering never breaks links.
 */
export function slugFromFileName(fileName: string): string {
  const base = fileName.split('/').at(-1) ?? fileName;
  return base.replace(/\.mdx?$/i, '').replace(/^\d+[-_]/, '').toLowerCase();
}

/** A lesson the course promises, written or not: its place in the path and its planned title. */
export interface PlannedLesson {
  number: number;
  title: string;
  /** One sentence for the home page while the lesson is not written yet. */
  summary: string;
}

/**
 * The whole course, in order: the one place that says what the eight lessons are. A lesson
 * appears as a link once its MDX file exists (its front matter then gives the title); until
 * then the home page lists it, unlinked, as coming, so the path stays visible.
 */
export const COURSE_PLAN: readonly PlannedLesson[] = [
  { number: 1, title: 'Meet the data', summary: 'Load the 70,000 handwritten digits of MNIST and look at them closely.' },
  { number: 2, title: 'Preprocessing', summary: 'Scale, shape, split and augment the digits into what a network is fed.' },
  { number: 3, title: 'Building the CNN', summary: 'Stack convolutions, pooling and dense layers into a network, layer by layer.' },
  { number: 4, title: 'Training', summary: 'Train the network in this tab and watch it learn.' },
  { number: 5, title: 'How good is it?', summary: 'Measure the trained model on digits it has never seen, digit by digit.' },
  { number: 6, title: 'Inside the network', summary: 'Look at what the filters and layers of your network respond to.' },
  { number: 7, title: 'Draw and predict', summary: 'Draw digits for your own model to read.' },
  { number: 8, title: 'Make it yours', summary: 'Teach the model your own handwriting, and take your model and your digits further.' },
];

/** One line of the course outline: a written lesson (with its slug) or a planned one still to come. */
export type OutlineEntry<T extends LessonSummary> =
  | { number: number; title: string; written: true; lesson: T }
  | { number: number; title: string; written: false; planned: PlannedLesson };

/**
 * The course as the home page lists it: every planned lesson and every written one, by
 * number. A written lesson takes its place in the plan (and its own title); a lesson file
 * numbered outside the plan is listed too rather than silently dropped.
 */
export function courseOutline<T extends LessonSummary>(
  plan: readonly PlannedLesson[],
  written: readonly T[],
): OutlineEntry<T>[] {
  const byNumber = new Map<number, OutlineEntry<T>>();
  for (const planned of plan) byNumber.set(planned.number, { number: planned.number, title: planned.title, written: false, planned });
  for (const lesson of orderLessons(written)) byNumber.set(lesson.number, { number: lesson.number, title: lesson.title, written: true, lesson });
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

/**
 * How long the course is, for "Lesson 4 of 7": the highest lesson number, planned or written,
 * not the count of lesson files, so a course still being written reads as 8 lessons.
 */
export function courseLength(lessons: readonly { number: number }[]): number {
  return lessons.reduce((longest, lesson) => Math.max(longest, lesson.number), 0);
}
