/**
 * Where the built sites are served during the end-to-end tests (see playwright.config.ts).
 * E2E_PORT moves all three servers (root build, sub-path build, dev server) to E2E_PORT,
 * E2E_PORT + 1 and E2E_PORT + 2, so two checkouts can run their tests side by side.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4321);
export const ROOT_URL = `http://127.0.0.1:${E2E_PORT}/`;
export const SUBPATH_URL = `http://127.0.0.1:${E2E_PORT + 1}/course/`;
export const DEV_URL = `http://127.0.0.1:${E2E_PORT + 2}/`;
