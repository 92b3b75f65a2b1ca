import { getCollection, type CollectionEntry } from 'astro:content';
import { COURSE_PLAN, courseLength, courseOutline, orderLessons, type OutlineEntry } from '../lib/notebook/lessons';

export type Lesson = CollectionEntry<'lessons'> & { slug: string; number: number; title: string };

/** All written lessons in course order; used by the home page and the lesson pages. */
export async function courseLessons(): Promise<Lesson[]> {
  const entries = await getCollection('lessons');
  return orderLessons(
    entries.map((entry) => ({ ...entry, slug: entry.id, number: entry.data.number, title: entry.data.title })),
  );
}

/** The seven lessons of the plan, each either a written lesson or one still to come. */
export async function courseOutlineEntries(): Promise<OutlineEntry<Lesson>[]> {
  return courseOutline(COURSE_PLAN, await courseLessons());
}

/** "of 7": the plan's length, or longer if a lesson file is numbered beyond it. */
export function totalLessons(lessons: readonly Lesson[]): number {
  return courseLength([...COURSE_PLAN, ...lessons]);
}
