// The results tab ("Resultat") in headless Chromium, against the real
// binary (see lib/server.js):
//
//   the demo citizen Tolvan, whose PHQ-9 the demo seeds, opens Resultat and
//   finds a chart (SVG with role="img", a title and a description, the
//   band limits drawn, a focusable point per value with its own title) and
//   the table that is its text (a caption, column headers); the responsible
//   clinician opens the same results on the enrolment, with the link to
//   the results as a PDF; both pages pass axe (no serious or critical
//   violation) at 320 and 1280 px without sideways scrolling, and work
//   with JavaScript turned off.
//
// Without Chromium the tests skip, loudly; with CI=true they fail instead.

import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { browserTests, newPage, signIn, startRun, steps, stopRun } from './lib/session.js';
import { audit, format } from './lib/axe.js';
import { overflow } from './lib/layout.js';

// The demo (runtime/demo) seeds these: Tolvan runs the psychoeducation
// program with anna responsible, and has filled in PHQ-9 of the battery at
// start, which the results show as "PHQ-9 summa".
const unit = 'mottagning-syd';
const citizen = 'Tolvan Tolvansson';
const clinician = 'Anna Andersson';
const program = 'Må bättre – kunskap om psykisk hälsa';
const score = /PHQ-9/;

await browserTests('results in headless Chromium', resultsPath);

function resultsPath() {
  let server;
  let browser;
  let person; // the citizen's page
  let staff; // the clinician's page
  let enrolment = '';
  const path = steps(() => server);
  const { step } = path;

  // checkPage runs axe and the layout check at 320 and 1280 px.
  const checkPage = (label, pageOf) => {
    for (const width of [320, 1280]) {
      step(`${label} at ${width} px: axe and no sideways scrolling`, async () => {
        const page = pageOf();
        await page.setViewportSize({ width, height: width === 320 ? 640 : 800 });
        const { fail } = await audit(page);
        assert.equal(fail.length, 0, `axe on ${label} at ${width} px (${page.url()}):\n${format(fail)}`);
        const o = await overflow(page);
        assert.equal(o.scrolls, false, `${label} scrolls sideways at ${width} px: ${o.culprits.join(', ')}`);
      });
    }
  };

  // checkChart reads the chart and the table of the page's first series.
  const checkChart = async (page) => {
    const svg = page.locator('svg.chart').first();
    await svg.waitFor();
    assert.equal(await svg.getAttribute('role'), 'img');
    const [titleID, descID] = (await svg.getAttribute('aria-labelledby')).split(' ');
    assert.match(await svg.locator(`title#${titleID}`).textContent(), /över tid$/);
    assert.match(await svg.locator(`desc#${descID}`).textContent(), /Nivåer: /, 'the description names the bands');
    assert.ok((await svg.locator('rect.band').count()) > 0, 'the bands are drawn');
    const points = svg.locator('circle.point');
    assert.ok((await points.count()) >= 1, 'a point per value');
    assert.equal(await points.first().getAttribute('tabindex'), '0');
    assert.match(await points.first().locator('title').textContent(), /^\d+(,\d+)? den \d{4}-\d{2}-\d{2}/);
    const table = page.locator('table.results').first();
    assert.match(await table.locator('caption').textContent(), score);
    assert.ok((await table.locator('th[scope=col]').count()) >= 2, 'column headers');
    assert.ok((await table.locator('tbody tr').count()) >= 1, 'a row per value');
  };

  describe('results for citizen and clinician', () => {
    before(async () => {
      ({ server, browser } = await startRun());
      person = await newPage(browser);
      staff = await newPage(browser);
    });
    after(() => stopRun({ server, browser }));

    step('the citizen opens Resultat from the overview', async () => {
      await signIn(person, server.base, citizen);
      await person.getByRole('link', { name: program }).click();
      await person.getByRole('link', { name: 'Resultat' }).click();
      await person.waitForURL(/\/e\/[a-z0-9]+\/results$/);
      enrolment = person.url().match(/\/e\/([a-z0-9]+)\/results$/)[1];
      await person.getByRole('heading', { level: 2, name: 'Dina resultat' }).waitFor();
      assert.equal(await person.getByRole('link', { name: 'Resultat' }).getAttribute('aria-current'), 'page');
    });

    step('the chart has a title, a description, bands and focusable points; the table is its text', async () => {
      await checkChart(person);
      await person.getByRole('img', { name: /över tid/ }).first().waitFor();
    });

    step('a point takes the keyboard focus, and shows it', async () => {
      const point = person.locator('svg.chart circle.point').first();
      await point.focus();
      const focused = await person.evaluate(() => {
        const el = document.activeElement;
        return { tag: el.tagName.toLowerCase(), stroke: getComputedStyle(el).strokeWidth };
      });
      assert.equal(focused.tag, 'circle');
      assert.equal(focused.stroke, '3px', 'the focused point is drawn thicker');
    });
    checkPage('citizen results', () => person);

    step('the clinician opens the results tab of the enrolment', async () => {
      await signIn(staff, server.base, clinician);
      await staff.goto(`${server.base}/u/${unit}/enrolments/${enrolment}/results`);
      await staff.getByRole('heading', { level: 2, name: 'Resultat' }).waitFor();
      await checkChart(staff);
    });

    step('the clinician has the results as a PDF', async () => {
      const href = await staff.getByRole('link', { name: 'Resultaten som PDF för journalen' }).getAttribute('href');
      const res = await staff.request.get(`${server.base}${href}`);
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'application/pdf');
    });
    checkPage('clinician results', () => staff);

    step('without JavaScript both pages show the chart and the table', async () => {
      for (const [who, url] of [
        [citizen, `/e/${enrolment}/results`],
        [clinician, `/u/${unit}/enrolments/${enrolment}/results`],
      ]) {
        const page = await newPage(browser, { javaScript: false });
        try {
          await signIn(page, server.base, who);
          await page.goto(`${server.base}${url}`);
          await checkChart(page);
        } finally {
          await page.context().close();
        }
      }
    });
  });
}
