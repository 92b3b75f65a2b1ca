/**
 * The e2e tests' `test` and `expect`: Playwright's, with one automatic fixture. Every page of
 * every test listens for 'securitypolicyviolation' (the site's Content-Security-Policy is a
 * <meta> tag on every built page, src/lib/site/csp.ts), and a test on whose pages anything was
 * refused by the policy fails, naming what and where. Specs import from here, not from
 * '@playwright/test'. A test that breaks the policy on purpose clears the list with
 * `cspViolations.splice(0)` after checking it.
 */
import { test as base, expect } from '@playwright/test';

export interface CspViolation {
  directive: string;
  blocked: string;
  page: string;
  sample: string;
}

const LISTENER = `(() => {
  if (window.__cspListening) return;
  window.__cspListening = true;
  document.addEventListener('securitypolicyviolation', (event) => {
    const report = window.__reportCspViolation;
    if (typeof report === 'function') {
      void report({ directive: event.effectiveDirective, blocked: event.blockedURI, page: location.pathname, sample: event.sample || '' });
    }
  });
})();`;

export const test = base.extend<{ cspViolations: CspViolation[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations: CspViolation[] = [];
      await context.exposeFunction('__reportCspViolation', (violation: CspViolation) => {
        violations.push(violation);
      });
      await context.addInitScript(LISTENER);
      await use(violations);
      expect(violations, 'nothing on these pages was refused by the Content-Security-Policy').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { Locator, Page, BrowserContext, Route, Request, Response } from '@playwright/test';
