// Finds and launches Debian's Chromium through playwright-core. The tests
// never download a browser of their own (no "npx playwright install").

import { existsSync } from 'node:fs';

/** Where Chromium is looked for; CHROMIUM overrides it. */
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

/** The flags every launch uses: headless, quiet, nothing phoning home. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * missing says why the browser tests cannot run here, or returns "" when
 * they can: Chromium must be installed and playwright-core present in
 * e2e/node_modules.
 */
export async function missing() {
  if (!existsSync(chromiumPath)) {
    return `no Chromium at ${chromiumPath}: the browser tests did NOT run. Install it with: apt-get install -y chromium (or set CHROMIUM)`;
  }
  try {
    await import('playwright-core');
    await import('axe-core');
  } catch (err) {
    return `playwright-core or axe-core is not installed (${err.code ?? err.message}): the browser tests did NOT run. Run: (cd e2e && npm ci)`;
  }
  return '';
}

/**
 * launch starts headless Chromium. Playwright gives every launch a fresh
 * temporary user data dir and deletes it on close, so no run sees
 * another's cookies or cache.
 */
export async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}
