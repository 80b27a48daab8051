// Runs axe-core in a page and sorts what it finds into what fails a test
// (serious and critical) and what is only reported (moderate and minor).

import { createRequire } from 'node:module';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The impacts that fail a test. */
export const failing = new Set(['serious', 'critical']);

/** Where the page is told axe lives: on its own origin, see audit. */
const axeRoute = '/__e2e__/axe.min.js';

/**
 * audit injects axe.min.js into the page, runs every rule that is not
 * experimental against the whole document, and returns the violations,
 * split by whether they fail.
 *
 * The pages' Content-Security-Policy allows scripts from their own origin
 * only, and the tests keep it on so that they see what a citizen's browser
 * sees. So axe is not injected inline: the page loads it from a URL on its
 * own origin that the test answers itself (page.route), which the policy
 * allows.
 */
export async function audit(page) {
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) {
    const url = new URL(axeRoute, page.url()).href;
    await page.route(url, (route) => route.fulfill({ path: axePath, contentType: 'text/javascript; charset=utf-8' }));
    await page.addScriptTag({ url });
  }
  const result = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] }),
  );
  const violations = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
  return {
    fail: violations.filter((v) => failing.has(v.impact)),
    warn: violations.filter((v) => !failing.has(v.impact)),
  };
}

/** format lists violations one per node: rule id, impact, target, why. */
export function format(violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes) {
      lines.push(`  target: ${n.target}`);
      if (n.summary) lines.push(...n.summary.split('\n').map((l) => `    ${l}`));
    }
  }
  return lines.join('\n');
}
