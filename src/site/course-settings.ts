/**
 * The course configuration as the build checked it (astro.config.mjs defines
 * __DIGIT_LAB_COURSE__ from course.config.json). Outside a build (Vitest), the shipped defaults.
 */
import type { CourseConfig } from '../lib/site/course-config';
import { DEFAULT_COURSE } from '../lib/site/course-default';

declare const __DIGIT_LAB_COURSE__: CourseConfig | undefined;

export const COURSE: CourseConfig = typeof __DIGIT_LAB_COURSE__ === 'undefined' ? DEFAULT_COURSE : __DIGIT_LAB_COURSE__;
