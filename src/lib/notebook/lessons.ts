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

/**
 * How long the course is, for "Lesson 4 of 7": the highest lesson number, not the count of
 * lesson files, so a course still being written (lessons 1, 3, 4 and 7) reads as 7 lessons.
 */
export function courseLength(lessons: readonly LessonSummary[]): number {
  return lessons.reduce((longest, lesson) => Math.max(longest, lesson.number), 0);
}
