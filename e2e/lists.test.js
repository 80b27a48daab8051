// The clinicians' lists in headless Chromium, against the real binary:
// Alla and Mina read one page of summaries, with the order and page size
// chosen in a form and the next and previous pages linked, all without
// JavaScript; axe-core at 1280 and 320 px (serious and critical
// violations fail) and no sideways scrolling, on a list page that links
// both ways.
//
// The demo has a handful of enrolments on the south unit, so the pages
// are asked for two rows at a time (?n=2, which the form does not offer
// but the lists take).
//
// Without Chromium the tests skip, loudly; with CI=true they fail.

import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { browserTests, newPage, signIn, startRun, steps, stopRun } from './lib/session.js';
import { audit, format } from './lib/axe.js';
import { overflow } from './lib/layout.js';

const south = 'mottagning-syd';

await browserTests('lists in headless Chromium', lists);

function lists() {
  let server;
  let browser;
  let js;
  let nojs;
  const path = steps(() => server);
  const { step } = path;

  const rows = (page) => page.locator('table.list tbody th[scope=row] a').allTextContents();
  const showing = async (page) => (await page.locator('#list-showing').textContent()).trim();

  describe('lists', () => {
    before(async () => {
      ({ server, browser } = await startRun());
    });
    after(() => stopRun({ server, browser }));

    step('the citizen admin signs in, with and without JavaScript', async () => {
      js = await newPage(browser);
      nojs = await newPage(browser, { javaScript: false });
      await signIn(js, server.base, 'Bertil Berg');
      await signIn(nojs, server.base, 'Bertil Berg');
    });

    step('Alla pages two at a time, forward and back, without JavaScript', async () => {
      const page = nojs;
      const res = await page.goto(`${server.base}/u/${south}/all?n=2&sort=name`);
      assert.equal(res.status(), 200);
      const first = await rows(page);
      assert.equal(first.length, 2, 'two rows on the first page');
      const text = await showing(page);
      const total = Number(text.match(/av (\d+)/)[1]);
      assert.ok(total > 2, `more than two enrolments on the unit: ${text}`);
      assert.match(text, /^Visar 1–2 av \d+$/);
      assert.equal(await page.getByRole('link', { name: 'Föregående sida' }).count(), 0, 'no previous page on the first');

      await page.getByRole('link', { name: 'Nästa sida' }).click();
      assert.match(await showing(page), /^Visar 3–\d+ av \d+$/);
      const second = await rows(page);
      for (const name of second) assert.ok(!first.includes(name), `${name} on two pages`);
      const all = [...first, ...second];
      const sorted = [...all].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'sv'));
      assert.deepEqual(all, sorted, 'by name across the pages');

      await page.getByRole('link', { name: 'Föregående sida' }).click();
      assert.match(await showing(page), /^Visar 1–2 av \d+$/);
      assert.deepEqual(await rows(page), first, 'back to the first page');
    });

    step('the form orders and sizes the list, without JavaScript', async () => {
      const page = nojs;
      await page.goto(`${server.base}/u/${south}/all`);
      await page.getByLabel('Sortera efter').selectOption('started');
      await page.getByLabel('Antal per sida').selectOption('25');
      await Promise.all([page.waitForURL(/sort=started/), page.getByRole('button', { name: 'Visa' }).click()]);
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('sort'), 'started');
      assert.equal(url.searchParams.get('n'), '25');
      assert.equal(await page.getByLabel('Sortera efter').inputValue(), 'started');
      assert.match(await showing(page), /^Visar 1–\d+ av \d+$/);
    });

    step('Mina lists only the clinician’s own', async () => {
      const page = nojs;
      await page.goto(`${server.base}/u/${south}/mine`);
      const mine = await rows(page);
      assert.ok(mine.length > 0, 'bertil has enrolments');
      assert.match(await showing(page), new RegExp(`^Visar 1–${mine.length} av ${mine.length}$`));
    });

    step('axe and width: a list page with both links', async () => {
      const page = js;
      await page.goto(`${server.base}/u/${south}/all?n=1&sort=name`);
      await page.getByRole('link', { name: 'Nästa sida' }).click();
      await page.getByRole('link', { name: 'Föregående sida' }).waitFor();
      const problems = [];
      for (const width of [1280, 320]) {
        await page.setViewportSize({ width, height: width === 320 ? 640 : 720 });
        const { fail } = await audit(page);
        if (fail.length) problems.push(`axe at ${width} px (${page.url()}):\n${format(fail)}`);
        const o = await overflow(page);
        if (o.scrolls) problems.push(`${o.scrollWidth} px wide at ${width} px; sticking out:\n  ${o.culprits.join('\n  ')}`);
      }
      assert.equal(problems.length, 0, problems.join('\n\n'));
    });
  });
}
