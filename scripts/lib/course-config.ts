/**
 * Reads the course configuration for a build or `npm run check`: course.config.json at the
 * project root, or the file the COURSE_CONFIG environment variable names (the tests build a
 * second course from tests/fixtures/course-subset.config.json). Missing file: the shipped
 * defaults. A wrong value throws with the file and the field named.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { DEFAULT_COURSE, parseCourseConfig, type CourseConfig } from '../../src/lib/site/course-config';
import { slugFromFileName } from '../../src/lib/notebook/lessons';

export const DEFAULT_CONFIG_FILE = 'course.config.json';

export function courseConfigFile(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(root, env.COURSE_CONFIG || DEFAULT_CONFIG_FILE);
}

export function lessonSlugs(root: string): string[] {
  return readdirSync(resolve(root, 'src/lessons'))
    .filter((name) => /\.mdx?$/.test(name))
    .sort()
    .map(slugFromFileName);
}

export function loadCourseConfig(root: string, env: NodeJS.ProcessEnv = process.env): { file: string; config: CourseConfig } {
  if (env.BASE_PATH) {
    throw new Error(`BASE_PATH is no longer read: set "base" in ${DEFAULT_CONFIG_FILE} (or in the file COURSE_CONFIG names) instead.`);
  }
  const path = courseConfigFile(root, env);
  const file = relative(root, path) || path;
  if (!existsSync(path)) {
    if (env.COURSE_CONFIG) throw new Error(`COURSE_CONFIG names ${file}, which does not exist.`);
    return { file, config: DEFAULT_COURSE };
  }
  return { file, config: parseCourseConfig(readFileSync(path, 'utf8'), file, lessonSlugs(root)) };
}
