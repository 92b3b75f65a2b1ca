/** Where the two built sites are served during the end-to-end tests (see playwright.config.ts). */
export const ROOT_URL = 'http://127.0.0.1:4321/';
export const SUBPATH_URL = 'http://127.0.0.1:4322/course/';
export const DEV_URL = 'http://127.0.0.1:4323/';
