import { getCollection, type CollectionEntry } from 'astro:content';
import { COURSE_PLAN, courseLength, courseOutline, orderLessons, type OutlineEntry } from '../lib/notebook/lessons';
import { selectLessons } from '../lib/site/course-select';
import { COURSE } from './course-settings';

export type Lesson = CollectionEntry<'lessons'> & { slug: string; number: number; title: string };

/**
 * The lessons the course shows, in course order; used by the home page and the lesson pages.
 * With "lessons": "all" in the course configuration, every written lesson by its front-matter
 * number; with a list, those lessons in that order, numbered 1, 2, 3… by their place in it.
 */
export async function courseLessons(): Promise<Lesson[]> {
  const entries = await getCollection('lessons');
  const ordered = orderLessons(
    entries.map((entry) => ({ ...entry, slug: entry.id, number: entry.data.number, title: entry.data.title })),
  );
  if (COURSE.lessons === 'all') return ordered;
  return selectLessons(ordered, COURSE.lessons).map((lesson, index) => ({ ...lesson, number: index + 1 }));
}

/** The course's outline: with every lesson, the plan's lessons still to come too; with a chosen list, just those. */
export async function courseOutlineEntries(): Promise<OutlineEntry<Lesson>[]> {
  const lessons = await courseLessons();
  return courseOutline(COURSE.lessons === 'all' ? COURSE_PLAN : [], lessons);
}

/** "of 7": the plan's length (or longer if a lesson file is numbered beyond it); a chosen list's own length. */
export function totalLessons(lessons: readonly Lesson[]): number {
  return courseLength(COURSE.lessons === 'all' ? [...COURSE_PLAN, ...lessons] : lessons);
}
