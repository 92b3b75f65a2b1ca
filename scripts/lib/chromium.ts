/**
 * Which Chromium the tests, the bench and the handwriting evaluation drive, and with which
 * flags: one place, so they all measure the same browser. Playwright cannot download its own
 * browser on our machines, so Debian's Chromium is used when it is there (or CHROMIUM_PATH);
 * on a laptop with Playwright's browser installed nothing needs setting.
 */
import { existsSync } from 'node:fs';

/** Flags that work headless on the project's machines (see STACK-NOTES). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The launch options for `chromium.launch` or Playwright's `use.launchOptions`. */
export function chromiumLaunchOptions(): { executablePath: string | undefined; args: string[] } {
  const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return { executablePath: existsSync(systemChromium) ? systemChromium : undefined, args: [...CHROMIUM_FLAGS] };
}
