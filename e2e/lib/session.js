// What every browser test file shares: running its tests only where a
// browser is, a path of steps that stops at the first failure, the server
// and browser of a run, a fresh Swedish page, and signing in with the
// development sign-in.

import { it, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, missing } from './browser.js';
import { startServer } from './server.js';

/**
 * browserTests calls define, which declares the file's tests, when
 * Chromium and the packages are here. Without them it declares one test
 * named title that is skipped, loudly; with CI=true one that fails
 * instead, so that CI never passes without having run them.
 */
export async function browserTests(title, define) {
  const why = await missing();
  if (why && process.env.CI === 'true') {
    test('the browser tests can run (CI=true)', () => {
      assert.fail(`${why}\nCI=true: a missing browser fails the run instead of skipping it.`);
    });
  } else if (why) {
    const bar = '!'.repeat(78);
    console.error(`\n${bar}\nSKIP: ${why}\n${bar}\n`);
    test(title, { skip: why }, () => {});
  } else {
    define();
  }
}

/**
 * steps makes a path whose steps run in order and share a server and a
 * browser. path.step declares a step: when one fails, path.broken names it
 * and the later steps and checks are skipped rather than failing for the
 * same reason; the failure shows the tail of the log of serverOf(), when
 * serverOf is given and returns a server. path.check declares a check
 * that is skipped once the path is broken but does not break it.
 */
export function steps(serverOf) {
  const path = {
    broken: '',
    step: (name, fn) =>
      it(name, async (t) => {
        if (path.broken) return t.skip(`an earlier step failed: ${path.broken}`);
        try {
          await fn(t);
        } catch (err) {
          path.broken = name;
          const server = serverOf?.();
          if (server) t.diagnostic(`server log:\n${server.logs().slice(-4000)}`);
          throw err;
        }
      }),
    check: (name, fn) =>
      it(name, async (t) => {
        if (path.broken) return t.skip(`an earlier step failed: ${path.broken}`);
        await fn(t);
      }),
  };
  return path;
}

/**
 * startRun starts the server (startServer with opts) and headless Chromium
 * that a describe block's steps share, for its before; stopRun closes them
 * again, for its after, and is a no-op for what did not start.
 */
export async function startRun(opts) {
  const server = await startServer(opts);
  try {
    return { server, browser: await launch() };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** stopRun closes the browser and stops the server of startRun. */
export async function stopRun({ server, browser } = {}) {
  await browser?.close();
  await server?.stop();
}

/**
 * newPage opens a page in a browser context of its own, in Swedish;
 * javaScript: false turns JavaScript off in it.
 */
export async function newPage(browser, { javaScript = true } = {}) {
  const context = await browser.newContext({ locale: 'sv-SE', ...(javaScript ? {} : { javaScriptEnabled: false }) });
  return context.newPage();
}

/**
 * post clicks a submit button and returns the POST's response (before any
 * redirect is followed).
 */
export async function post(page, button) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    button.click(),
  ]);
  return res;
}

/**
 * signIn signs page in as the demo user named name on the development
 * sign-in page of the server at base, and expects the 303 that follows.
 */
export async function signIn(page, base, name) {
  await page.goto(`${base}/signin`);
  await page.getByLabel(name).first().check();
  const res = await post(page, page.getByRole('button', { name: 'Logga in' }));
  assert.equal(res.status(), 303, `sign-in as ${name} answered ${res.status()}`);
}
