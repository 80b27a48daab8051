// The designer's preview of the whole program over time (stegvis preview,
// designer/preview/live.go and cmd/stegvis/preview_world.go), in headless
// Chromium against the sample program content/livsstil, with JavaScript
// off: the day bar is a plain form and links.
//
//   day 0: the start battery blocks the content (the battery gate);
//   the day form moves to day 12: the inactivity reminder (after 10 days)
//   is in the citizen's inbox, the Aktiviteter tab has the movement plan
//   and an occasion's registration form; "Nästa dag" moves on one day;
//   the clinician's view of the same enrolment shows the flags by title.
//   axe-core finds nothing serious or critical at 320 and 1280 px, and the
//   pages do not scroll sideways at 320 px.
//
// Without Chromium the tests skip, loudly; with CI=true they fail instead.

import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';

import { browserTests, newPage } from './lib/session.js';
import { launch } from './lib/browser.js';
import { startPreview } from './lib/server.js';
import { audit, format } from './lib/axe.js';
import { overflow } from './lib/layout.js';

await browserTests('the preview over time in headless Chromium', previewDays);

// check opens the page the JavaScript-less page is on in a page with
// JavaScript (which axe needs), with the same cookies, runs axe at 320 and
// 1280 px and looks for sideways scrolling at 320 px.
async function check(from, page, what) {
  await page.context().addCookies(await from.context().cookies());
  const res = await page.goto(from.url());
  assert.equal(res.status(), 200, `${what}: GET ${from.url()}`);
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: width === 320 ? 640 : 800 });
    const fail = (await audit(page)).fail;
    assert.equal(fail.length, 0, `axe on ${what} at ${width} px:\n${format(fail)}`);
    if (width === 320) {
      const o = await overflow(page);
      assert.ok(!o.scrolls, `${what} is ${o.scrollWidth} px wide at 320 px; sticking out:\n  ${o.culprits.join('\n  ')}`);
    }
  }
}

function previewDays() {
  describe('the preview over time', () => {
    let preview;
    let browser;
    let page;
    let axePage;
    let overview;
    before(async () => {
      preview = await startPreview('content/livsstil', { ready: '/home', within: 60_000 });
      browser = await launch();
      page = await newPage(browser, { javaScript: false });
      axePage = await newPage(browser);
      await page.setViewportSize({ width: 1280, height: 800 });
    });
    after(async () => {
      await browser?.close();
      await preview?.stop();
    });

    it('day 0: the start battery blocks the content', async () => {
      const res = await page.goto(preview.base + '/home');
      assert.equal(res.status(), 200, preview.logs().slice(-2000));
      const bar = page.getByRole('navigation', { name: 'Förhandsvisningens dag' });
      await bar.getByText('Dag 0', { exact: true }).waitFor();
      await page.getByRole('link', { name: /Hälsosamma vanor/ }).first().click();
      overview = new URL(page.url()).pathname;
      assert.match(overview, /^\/e\/[a-z0-9]+\/$/);
      await page.getByRole('link', { name: 'Fyll i skattningen' }).waitFor();
      assert.ok(await page.getByText('Innan du fortsätter med innehållet').isVisible(), 'the battery gate');
      for (const tab of ['Meddelanden', 'Kontakter', 'Resultat', 'Planering', 'Bokmärken', 'Aktiviteter']) {
        assert.ok(await page.getByRole('link', { name: tab, exact: true }).count(), `the ${tab} tab`);
      }
      await check(page, axePage, 'the overview on day 0');
    });

    it('the day form moves to day 12: a reminder in the inbox', async () => {
      await page.getByLabel('Gå till dag').fill('12');
      await page.getByRole('button', { name: 'Visa', exact: true }).click();
      await page.getByText('Dag 12', { exact: true }).waitFor();
      assert.equal(new URL(page.url()).pathname, overview, 'the day form comes back to the page');
      assert.ok(await page.getByText('Det var ett tag sedan sist').first().isVisible(), 'the inactivity reminder');
      await check(page, axePage, 'the overview on day 12');
    });

    it('the activity plan under Aktiviteter, with its registration form', async () => {
      await page.getByRole('link', { name: 'Aktiviteter', exact: true }).click();
      await page.getByRole('heading', { name: 'Rörelseplan' }).waitFor();
      await check(page, axePage, 'the activities on day 12');
      await page.locator(`a[href^="${overview}activities/rorelseplan/20"]`).first().click();
      const form = page.locator(`form[method="post"][action^="${overview}activities/rorelseplan/"]`);
      await form.waitFor();
      assert.ok(await form.getByLabel('Promenad').count(), 'the registration form asks what was done');
      await check(page, axePage, 'an occasion to register');
    });

    it('Nästa dag moves on one day', async () => {
      await page.getByRole('link', { name: 'Nästa dag →' }).click();
      await page.getByText('Dag 13', { exact: true }).waitFor();
    });

    it("the clinician's view shows the events by title", async () => {
      await page.getByRole('link', { name: 'Som behandlare' }).click();
      await page.getByText('Dag 13', { exact: true }).waitFor();
      const id = overview.split('/')[2];
      assert.equal(new URL(page.url()).pathname, `/u/forhandsvisning/enrolments/${id}`, 'the same enrolment');
      await page.getByText('Missad registrering i rörelseplanen').first().waitFor();
      assert.equal(await page.getByText('missad-rorelse', { exact: true }).count(), 0, 'no flag ids');
      await check(page, axePage, "the clinician's view on day 13");
    });
  });
}
