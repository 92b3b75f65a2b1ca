import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CourseConfigError, DEFAULT_COURSE, parseCourseConfig } from '../../../src/lib/site/course-config';
import { selectLessons } from '../../../src/lib/site/course-select';
import { formValuesFor } from '../../../src/lib/train/training-form';
import { TRAINING_RECIPES } from '../../../src/lib/model/presets';

const SLUGS = ['meet-the-data', 'preprocessing', 'training', 'draw-and-predict'];
const good = { title: 'My course', base: '/course/', lessons: ['training', 'meet-the-data'], training: { epochs: 1 } };

function problemsOf(value: unknown, text = JSON.stringify(value)): string[] {
  try {
    parseCourseConfig(text, 'course.config.json', SLUGS);
  } catch (error) {
    expect(error).toBeInstanceOf(CourseConfigError);
    return [...(error as CourseConfigError).problems];
  }
  return [];
}

describe('the course configuration', () => {
  it('takes a good configuration as it is', () => {
    expect(parseCourseConfig(JSON.stringify(good), 'course.config.json', SLUGS)).toEqual(good);
    expect(parseCourseConfig(JSON.stringify({ ...DEFAULT_COURSE, training: undefined }), 'x.json', SLUGS).training).toEqual({});
  });

  it('names the field of every wrong value, and the file in the message', () => {
    expect(problemsOf({ ...good, title: '' })).toEqual(['title: give the course a title.']);
    expect(problemsOf({ ...good, base: 'course' })).toEqual(['base: must start and end with "/", like "/" or "/course/".']);
    expect(problemsOf({ ...good, lessons: ['training', 'no-such-lesson'] })[0]).toMatch(/^lessons\[1\]: there is no lesson "no-such-lesson" \(the lessons are: meet-the-data, /);
    expect(problemsOf({ ...good, lessons: ['training', 'training'] })).toEqual(['lessons[1]: "training" is listed twice.']);
    expect(problemsOf({ ...good, lessons: [] })).toEqual(['lessons: list at least one lesson.']);
    expect(problemsOf({ ...good, training: { batchSize: 0 } })[0]).toMatch(/^training\.batchSize: batchSize must be a whole number from 1/);
    expect(problemsOf({ ...good, training: { peakLearningRate: 50 } })[0]).toMatch(/^training\.peakLearningRate: /);
    expect(problemsOf({ ...good, training: { trainingShare: 33 } })[0]).toMatch(/^training\.trainingShare: /);
    expect(problemsOf({ ...good, training: { epochs: '2' } })).toEqual(['training.epochs: Expected number, received string.']);
    expect(problemsOf({ ...good, lesons: 'all' })).toEqual(['(the whole file): unknown field "lesons" (the fields are $comment, title, base, lessons, training).']);
    const { title: _title, ...untitled } = good;
    expect(problemsOf(untitled)).toEqual(['title: is missing.']);
    expect(problemsOf(undefined, '{ "title": ')[0]).toMatch(/^is not valid JSON/);
    try {
      parseCourseConfig(JSON.stringify({ ...good, base: '' }), 'tests/my-course.json', SLUGS);
    } catch (error) {
      expect((error as Error).message).toContain('tests/my-course.json: base: must start and end with "/"');
    }
  });

  it('shows the chosen lessons in the chosen order, or all of them', () => {
    const lessons = SLUGS.map((slug) => ({ slug }));
    expect(selectLessons(lessons, 'all')).toEqual(lessons);
    expect(selectLessons(lessons, ['training', 'meet-the-data'])).toEqual([{ slug: 'training' }, { slug: 'meet-the-data' }]);
  });

  it("puts its training defaults over the chosen model's recipe in lesson 4's form", () => {
    const recipe = TRAINING_RECIPES.default;
    const plain = formValuesFor(recipe);
    const configured = formValuesFor(recipe, false, { epochs: 1, batchSize: 64, trainingShare: 25, seed: 7 });
    expect(plain.epochs).toBe(String(recipe.epochs));
    expect(configured).toEqual({ ...plain, epochs: '1', batchSize: '64', trainingShare: '25', seed: '7' });
  });
});

describe('a wrong course configuration stops npm run check and the build', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const tsx = join(root, 'node_modules/.bin/tsx');

  it('npm run check names the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digit-lab-config-'));
    try {
      const file = join(dir, 'course.config.json');
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(join(root, 'course.config.json'), 'utf8')), training: { batchSize: -3 } }));
      const broken = spawnSync(tsx, ['scripts/check-lessons.ts'], { cwd: root, encoding: 'utf8', env: { ...process.env, COURSE_CONFIG: file } });
      expect(broken.status).toBe(1);
      expect(broken.stderr).toMatch(/course\.config\.json: training\.batchSize: batchSize must be a whole number/);
      const fixture = spawnSync(tsx, ['scripts/check-lessons.ts'], { cwd: root, encoding: 'utf8', env: { ...process.env, COURSE_CONFIG: 'tests/fixtures/course-subset.config.json' } });
      expect(fixture.status, fixture.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('astro build stops before building anything, naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digit-lab-config-'));
    try {
      const file = join(dir, 'bad.config.json');
      writeFileSync(file, JSON.stringify({ title: 'x', base: '/', lessons: ['meet-the-data', 'lesson-nine'] }));
      const build = spawnSync(join(root, 'node_modules/.bin/astro'), ['build', '--silent'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, COURSE_CONFIG: file, OUT_DIR: join(dir, 'out') },
      });
      expect(build.status).not.toBe(0);
      expect(`${build.stdout}${build.stderr}`).toMatch(/bad\.config\.json: lessons\[1\]: there is no lesson "lesson-nine"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
