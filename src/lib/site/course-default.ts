import type { CourseConfig } from './course-config';

/** The course as it ships: what a build uses when there is no course.config.json. Free of zod, for the pages' scripts. */
export const DEFAULT_COURSE: CourseConfig = { title: 'Digit Lab', base: '/', lessons: 'all', training: {} };
