/**
 * Builds the site twice for the end-to-end tests: at the root (dist/) and
 * under the sub-path /course/ (dist-course/), the way an instructor hosting
 * the course in a folder of an existing site would build it.
 */
import { spawnSync } from 'node:child_process';

const builds = [
  { label: 'root', env: {} },
  { label: 'sub-path /course/', env: { BASE_PATH: '/course/', OUT_DIR: './dist-course' } },
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
