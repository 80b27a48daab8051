// Programs shared between regions (issue 14) in headless Chromium, against
// the real binary: another region's program is built, signed with its
// publisher key and listed in its catalogue; this region's server trusts
// that key (serve --trust). The unit admin sees the catalogue, imports a
// version without JavaScript, and finds it with its provenance on the
// programs page. The page of shared programs and the programs page are
// run through axe-core at 1280 and 320 px (serious and critical
// violations fail) and must not scroll sideways.
//
// Without Chromium the tests skip, loudly; with CI=true they fail.

import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { browserTests, newPage, post, signIn, startRun, steps, stopRun } from './lib/session.js';
import { binary, repo } from './lib/server.js';
import { checkWidths } from './lib/layout.js';

const run = promisify(execFile);
const south = 'mottagning-syd';
const cecilia = 'Cecilia Carlsson';

/**
 * otherRegion makes what another region publishes: a publisher key, a
 * sample program under its own id built and signed with it, and its
 * catalogue; and the trust file that names the key and the catalogue.
 */
async function otherRegion() {
  const dir = await mkdtemp(join(tmpdir(), 'stegvis-e2e-region-'));
  const opts = { cwd: repo, maxBuffer: 16 << 20 };
  const content = join(dir, 'content', 'foraldraskap-vast');
  await cp(join(repo, 'content', 'foraldraskap'), content, { recursive: true });
  const yaml = join(content, 'program.yaml');
  await writeFile(yaml, (await readFile(yaml, 'utf8')).replace(/^id: foraldraskap$/m, 'id: foraldraskap-vast'));
  const { stdout } = await run(binary, ['keys', 'new', '--out', join(dir, 'keys'), '--lang', 'en'], opts);
  const fingerprint = stdout.match(/in full: ([a-z2-7]{52})/)[1];
  await run(binary, ['build', content, '-o', join(dir, 'bundles'), '--no-pdf', '--sign', join(dir, 'keys', 'publisher.key')], opts);
  await run(binary, ['catalogue', '--out', join(dir, 'catalogue'), '--name', 'Region Väst', join(dir, 'bundles')], opts);
  const trust = join(dir, 'trust.txt');
  await writeFile(trust, `# betrodda utgivare\nRegion Väst ${fingerprint} ${join(dir, 'catalogue', 'catalogue.json')}\n`);
  return { dir, trust, fingerprint };
}

await browserTests('issue 14 pages in headless Chromium', regionPages);

function regionPages() {
  let server;
  let browser;
  let region;
  let js;
  let nojs;
  const path = steps(() => server);
  const { step, check } = path;

  describe('issue 14: programs shared between regions', () => {
    before(async () => {
      region = await otherRegion();
      ({ server, browser } = await startRun({ args: ['--trust', region.trust] }));
    });
    after(async () => {
      await stopRun({ server, browser });
      if (region) await rm(region.dir, { recursive: true, force: true });
    });

    step('the unit admin signs in, with and without JavaScript', async () => {
      js = await newPage(browser);
      nojs = await newPage(browser, { javaScript: false });
      await signIn(js, server.base, cecilia);
      await signIn(nojs, server.base, cecilia);
    });

    step('the programs page leads to the shared programs', async () => {
      await js.goto(`${server.base}/u/${south}/programs`);
      await js.getByRole('link', { name: 'Program från andra regioner' }).click();
      await js.getByRole('heading', { name: /Region Väst, nyckel/ }).waitFor();
    });

    check('axe and width: shared programs', async () => {
      await js.goto(`${server.base}/u/${south}/programs/shared`);
      await checkWidths(js, 'shared programs');
    });

    step('the admin imports a version without JavaScript', async () => {
      await nojs.goto(`${server.base}/u/${south}/programs/shared`);
      const res = await post(nojs, nojs.getByRole('button', { name: /^Importera/ }).first());
      assert.equal(res.status(), 303, 'importing');
      await nojs.getByRole('status').filter({ hasText: 'är importerat från Region Väst' }).waitFor();
      await nojs.getByText(/Från Region Väst · nyckel/).first().waitFor();
    });

    check('axe and width: programs page with an imported version', async () => {
      await js.goto(`${server.base}/u/${south}/programs`);
      await checkWidths(js, 'programs page');
    });

    step('the imported version is activated', async () => {
      const form = nojs.locator('section', { hasText: 'foraldraskap-vast' });
      const res = await post(nojs, form.getByRole('button', { name: /^Aktivera/ }).first());
      assert.equal(res.status(), 303, 'activating');
    });
  });
}
