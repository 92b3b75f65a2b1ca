import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonFrontMatter } from './lib/notebook/lesson-schema';
import { slugFromFileName } from './lib/notebook/lessons';

/**
 * Lessons are MDX files in src/lessons. The schema makes a lesson with a
 * missing or wrong front-matter field fail the build with the field's name,
 * instead of rendering a page with "undefined" in it.
 */
const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './src/lessons', generateId: ({ entry }) => slugFromFileName(entry) }),
  schema: lessonFrontMatter,
});

export const collections = { lessons };
