import type { CourseConfig } from './course-config';

/** Which lessons the course shows, in order: all of them by number, or the configured list. */
export function selectLessons<T extends { slug: string }>(ordered: readonly T[], lessons: CourseConfig['lessons']): T[] {
  if (lessons === 'all') return [...ordered];
  return lessons.map((slug) => ordered.find((lesson) => lesson.slug === slug)).filter((lesson): lesson is T => lesson !== undefined);
}
