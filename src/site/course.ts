import { getCollection, type CollectionEntry } from 'astro:content';
import { orderLessons } from '../lib/notebook/lessons';

export type Lesson = CollectionEntry<'lessons'> & { slug: string; number: number; title: string };

/** All lessons in course order; used by the home page and the lesson pages. */
export async function courseLessons(): Promise<Lesson[]> {
  const entries = await getCollection('lessons');
  return orderLessons(
    entries.map((entry) => ({ ...entry, slug: entry.id, number: entry.data.number, title: entry.data.title })),
  );
}
