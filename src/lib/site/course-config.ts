/**
 * The course configuration (course.config.json at the project root, or the file COURSE_CONFIG
 * names): the one file an instructor edits to adopt the course. Its fields are documented in the
 * README ("Course configuration") and here. The build (astro.config.mjs) and `npm run check` read
 * it through `parseCourseConfig`, so a wrong value stops both with the file and the field named;
 * the pages get the checked values through `COURSE` (src/site/course-settings.ts).
 */
import { z } from 'zod';
import { TRAINING_RECIPES } from '../model/presets';
import { validateTrainOptions, type TrainOptions } from '../train/options';
import { OPTIMIZER_NAMES } from '../train/optimizer';
import { SCHEDULE_NAMES } from '../train/schedule';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Lesson 4's form defaults; a field left out comes from the recipe of the model the student chose. */
const trainingDefaults = z
  .object({
    epochs: z.number(),
    batchSize: z.number(),
    peakLearningRate: z.number(),
    labelSmoothing: z.number(),
    optimizer: z.enum(OPTIMIZER_NAMES as unknown as [string, ...string[]]),
    schedule: z.enum(SCHEDULE_NAMES as unknown as [string, ...string[]]),
    /** Per cent of the training images a run uses: 10, 25, 50 or 100. */
    trainingShare: z.union([z.literal(100), z.literal(50), z.literal(25), z.literal(10)]),
    seed: z.number().int(),
  })
  .partial()
  .strict();

export const courseConfigSchema = z
  .object({
    /** Free text for the instructor's own notes; ignored. */
    $comment: z.union([z.string(), z.array(z.string())]).optional(),
    /** The course's name: the header of every page, the home page's heading, the page titles. */
    title: z.string().trim().min(1, 'give the course a title').max(80, 'keep the title under 80 characters'),
    /** Where the site is served: "/" at the root of a domain, "/course/" in a folder of one. */
    base: z.string().regex(/^\/(?:[A-Za-z0-9._~-]+\/)*$/, 'must start and end with "/", like "/" or "/course/"'),
    /** "all": every lesson in src/lessons, by the number in its front matter; or the slugs to show, in order. */
    lessons: z.union([z.literal('all'), z.array(z.string().regex(SLUG, 'should be a lesson slug like "meet-the-data"')).min(1, 'list at least one lesson')]),
    training: trainingDefaults.default({}),
  })
  .strict();

export type CourseConfig = z.infer<typeof courseConfigSchema>;
export type TrainingDefaults = z.infer<typeof trainingDefaults>;

export { DEFAULT_COURSE } from './course-default';

export class CourseConfigError extends Error {
  constructor(readonly file: string, readonly problems: readonly string[]) {
    super(`${file} is not a valid course configuration:\n${problems.map((p) => `  ${file}: ${p}`).join('\n')}`);
    this.name = 'CourseConfigError';
  }
}

/**
 * The configuration in `text` (the file's contents), checked against the schema, against the
 * lessons that exist (`lessonSlugs`) and against the limits lesson 4's form itself enforces.
 * Throws a CourseConfigError whose every line names the file and the field.
 */
export function parseCourseConfig(text: string, file: string, lessonSlugs: readonly string[]): CourseConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CourseConfigError(file, [`is not valid JSON (${error instanceof Error ? error.message : String(error)}).`]);
  }
  const result = courseConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new CourseConfigError(file, result.error.issues.map((issue) => `${fieldName(issue.path)}: ${issueMessage(issue)}.`));
  }
  const config = result.data;
  const problems: string[] = [];
  if (config.lessons !== 'all') {
    const seen = new Set<string>();
    config.lessons.forEach((slug, index) => {
      if (!lessonSlugs.includes(slug)) problems.push(`lessons[${index}]: there is no lesson "${slug}" (the lessons are: ${lessonSlugs.join(', ')}).`);
      if (seen.has(slug)) problems.push(`lessons[${index}]: "${slug}" is listed twice.`);
      seen.add(slug);
    });
  }
  problems.push(...trainingProblems(config.training));
  if (problems.length > 0) throw new CourseConfigError(file, problems);
  return config;
}

/** The form's own limits, so a default the form would refuse cannot be configured. */
function trainingProblems(training: TrainingDefaults): string[] {
  const recipe = TRAINING_RECIPES.default;
  const options: TrainOptions = {
    ...recipe,
    ...training,
    trainingShare: (training.trainingShare ?? 100) / 100,
    validationSize: 5000,
    seed: training.seed ?? 1,
  } as TrainOptions;
  return validateTrainOptions(options).map((problem) => {
    const field = /^(\w+)/.exec(problem)?.[1] ?? '';
    return `training.${field}: ${problem}.`;
  });
}

function fieldName(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(the whole file)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function issueMessage(issue: z.ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (the fields are $comment, title, base, lessons, training)`;
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return 'is missing';
  return issue.message;
}

export { selectLessons } from './course-select';
