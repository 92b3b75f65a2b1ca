/**
 * A lesson's front matter: the one schema both the build (src/content.config.ts) and
 * `npm run check` (scripts/check-lessons.ts) hold lessons to, so they can never disagree.
 */
import { z } from 'zod';

export const lessonFrontMatter = z.object({
  number: z.number().int().positive(),
  title: z.string().min(1),
  summary: z.string().min(1),
  minutes: z.number().int().positive().optional(),
  /** The lesson draws tfjs-vis (Vega) charts: its page's CSP allows 'unsafe-eval' (src/lib/site/csp.ts). */
  tfjsVis: z.boolean().optional(),
});

export type LessonFrontMatter = z.infer<typeof lessonFrontMatter>;
