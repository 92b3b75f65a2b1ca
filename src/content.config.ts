import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';
import { slugFromFileName } from './lib/notebook/lessons';

/**
 * Lessons are MDX files in src/lessons. The schema makes a lesson with a
 * missing or wrong front-matter field fail the build with the field's name,
 * instead of rendering a page with "undefined" in it.
 */
const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './src/lessons', generateId: ({ entry }) => slugFromFileName(entry) }),
  schema: z.object({
    number: z.number().int().positive(),
    title: z.string().min(1),
    summary: z.string().min(1),
    minutes: z.number().int().positive().optional(),
  }),
});

export const collections = { lessons };
