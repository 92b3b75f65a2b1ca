/**
 * `npm run check` (after astro check): the course configuration (course.config.json, or the
 * file COURSE_CONFIG names) and every lesson in src/lessons (or --dir) against
 * src/lib/notebook/lesson-check.ts. Prints each problem with its file and exits 1 if any.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkLesson, checkLessonNumbers } from '../src/lib/notebook/lesson-check';
import { loadCourseConfig } from './lib/course-config';

const dirFlag = process.argv.indexOf('--dir');
const root = process.cwd();
const lessonDir = resolve(root, dirFlag >= 0 ? process.argv[dirFlag + 1]! : 'src/lessons');
const files = {
  read: (path: string) => {
    const full = resolve(root, path);
    return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
  },
};

const lessons = readdirSync(lessonDir)
  .filter((name) => name.endsWith('.mdx'))
  .sort()
  .map((name) => {
    const path = join(lessonDir, name);
    return { file: relative(root, path), text: readFileSync(path, 'utf8') };
  });
const configProblems: string[] = [];
try {
  loadCourseConfig(root);
} catch (error) {
  configProblems.push(error instanceof Error ? error.message : String(error));
}
for (const problem of configProblems) console.error(problem);
const problems = [...lessons.flatMap(({ file, text }) => checkLesson(file, text, files)), ...checkLessonNumbers(lessons)];
for (const { file, message } of problems) console.error(`${file}: ${message}`);
if (configProblems.length > 0 && problems.length === 0) process.exit(1);
if (problems.length > 0) {
  console.error(`\n${problems.length} problem${problems.length === 1 ? '' : 's'} in the lessons.`);
  process.exit(1);
}
console.log(`Lessons checked: ${lessons.length}, no problems.`);
