/**
 * Builds the site twice for the end-to-end tests: the shipped course at the root (dist/), and
 * a second course configuration (tests/fixtures/course-subset.config.json: four lessons,
 * another title, the sub-path /course/) into dist-course/, the way an instructor adopting the
 * course in a folder of an existing site would build it.
 */
import { spawnSync } from 'node:child_process';

const builds = [
  { label: 'root', env: {} },
  { label: 'a second course under /course/', env: { COURSE_CONFIG: 'tests/fixtures/course-subset.config.json', OUT_DIR: './dist-course' } },
];

for (const build of builds) {
  console.log(`Building the site (${build.label})…`);
  const result = spawnSync('npx', ['astro', 'build', '--silent'], {
    stdio: 'inherit',
    env: { ...process.env, ...build.env },
  });
  if (result.status !== 0) {
    console.error(`The ${build.label} build failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}
