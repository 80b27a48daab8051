// A guardian ("ombud") in headless Chromium, against the real binary:
//
//   the demo guardian signs in, chooses to act for her child (under 13),
//   sees the child's pages with "Du agerar för …" and fills in the child's
//   battery form; the responsible clinician sees on the manage view that the
//   guardian filled it in ("av ombud …"); then a second server runs with
//   --clock-offset past the child's 13th birthday, and the guardian is
//   refused with a coded page that says why.
//
// Every new page is run through axe-core (serious and critical violations
// fail). Without Chromium the tests skip, loudly; with CI=true they fail.

import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { browserTests, newPage, post, signIn, startRun, steps, stopRun } from './lib/session.js';
import { audit, format } from './lib/axe.js';

// The demo (runtime/demo/people.go) seeds these: Karin Lind is the
// guardian of Lina Lind, who has the first program of the north unit
// running with Erik Ek responsible.
const guardian = 'Karin Lind';
const child = 'Lina Lind';
const clinician = 'Erik Ek';
const unit = 'mottagning-nord';

await browserTests('guardian in headless Chromium', guardianPath);

function guardianPath() {
  let server;
  let browser;
  let page; // the guardian's
  let staff; // the clinician's
  let until = ''; // the child's 13th birthday, as the start page says it
  let childPNR = '';
  let manageURL = '';
  const path = steps(() => server);
  const { step } = path;

  const accessible = (label, get) =>
    step(`axe: ${label}`, async () => {
      const { fail } = await audit(get());
      assert.equal(fail.length, 0, `axe on ${label} (${get().url()}):\n${format(fail)}`);
    });

  describe('a guardian acts for a child', () => {
    before(async () => {
      ({ server, browser } = await startRun());
      page = await newPage(browser);
      staff = await newPage(browser);
    });
    after(() => stopRun({ server, browser }));

    step('the guardian signs in and is offered the child', async () => {
      await signIn(page, server.base, guardian);
      await page.goto(`${server.base}/home`);
      await page.getByRole('heading', { name: 'Barn du är ombud för' }).waitFor();
      const text = await page.getByText(/Fram till \d{4}-\d{2}-\d{2}/).textContent();
      until = text.match(/\d{4}-\d{2}-\d{2}/)[0];
      childPNR = await page.locator('input[name=child]').first().inputValue();
      assert.match(childPNR, /^\d{12}$/);
    });
    accessible('guardian start page', () => page);

    step('the guardian acts for the child and sees the child\'s pages', async () => {
      const res = await post(page, page.getByRole('button', { name: `Agera för ${child}` }));
      assert.equal(res.status(), 303);
      await page.getByText(`Du agerar för ${child}`).waitFor();
      await page.locator('ul.cards a').first().click();
      await page.waitForURL(/\/e\/[a-z0-9]+\/?$/);
      await page.getByText(`Du agerar för ${child}`).waitFor();
    });
    accessible('child\'s overview, acting', () => page);

    step('the guardian fills in the child\'s form', async () => {
      await page.locator('section.battery').getByRole('link', { name: 'Fyll i skattningen' }).click();
      await page.locator('form.qform').waitFor();
      await page.getByText(`Du agerar för ${child}`).waitFor();
      for (const q of await page.locator('form.qform div.q').all()) {
        if (!(await q.isVisible())) continue;
        const radios = q.locator('input[type=radio]');
        if (await radios.count()) await radios.first().check();
      }
      const res = await post(page, page.getByRole('button', { name: 'Skicka svar' }));
      assert.equal(res.status(), 303, 'sending the form');
      await page.getByRole('status').filter({ hasText: 'Tack! Skattningen är ifylld' }).waitFor();
    });

    step('the clinician sees that the guardian filled it in', async () => {
      await signIn(staff, server.base, clinician);
      await staff.goto(`${server.base}/u/${unit}/all`);
      await staff.getByRole('link', { name: child }).first().click();
      await staff.locator('article.submission').first().waitFor();
      const sub = staff.locator('article.submission').filter({ hasText: `av ombud ${guardian}` });
      assert.equal(await sub.count(), 1, 'the submission names the guardian');
      manageURL = staff.url();
    });
    accessible('manage view with the guardian\'s submission', () => staff);

    step('the timeline names the guardian', async (t) => {
      // The timeline tab comes with the tabbed manage view (issue 10).
      const tab = staff.getByRole('link', { name: /^Tidslinje/ });
      if ((await tab.count()) === 0) return t.skip('this build has no timeline');
      await tab.first().click();
      await staff.waitForURL(/\/timeline/);
      assert.match(await staff.locator('main').textContent(), new RegExp(guardian), 'the guardian\'s name on the timeline');
      await audit(staff).then(({ fail }) => assert.equal(fail.length, 0, `axe on the timeline:\n${format(fail)}`));
      await staff.goto(manageURL);
    });

    step('the clinician opens the guardians page', async () => {
      await staff.getByRole('link', { name: 'Ombud' }).first().click();
      await staff.getByRole('heading', { level: 1, name: `Ombud för ${child}` }).waitFor();
      assert.match(await staff.locator('#guardian-list').textContent(), new RegExp(guardian));
    });
    accessible('guardians page', () => staff);
  });

  describe('after the child\'s 13th birthday', () => {
    let later;
    before(async () => {
      if (path.broken) return;
      // Days from now until the day after the birthday, in whole days.
      const days = Math.ceil((Date.parse(`${until}T00:00:00Z`) - Date.now()) / 86_400_000) + 1;
      later = await startRun({ args: ['--clock-offset', `${days}d`] });
      ({ server, browser } = later);
      page = await newPage(browser);
    });
    after(() => stopRun(later));

    step('the start page says the right has ended', async () => {
      await signIn(page, server.base, guardian);
      await page.goto(`${server.base}/home`);
      await page.getByText(new RegExp(`${child} fyllde 13 år`)).waitFor();
      assert.equal(await page.getByRole('button', { name: `Agera för ${child}` }).count(), 0);
    });

    step('acting for the child is refused with a coded page', async () => {
      // A page kept open from before the birthday posts the choice.
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.evaluate((pnr) => {
          const f = document.createElement('form');
          f.method = 'post';
          f.action = '/home/act';
          for (const [name, value] of [['csrf', document.querySelector('input[name=csrf]').value], ['child', pnr]]) {
            const i = document.createElement('input');
            i.type = 'hidden';
            i.name = name;
            i.value = value;
            f.append(i);
          }
          document.body.append(f);
          f.submit();
        }, childPNR),
      ]);
      assert.equal(res.status(), 403);
      await page.getByText('E403-GUARDIAN-13').waitFor();
      await page.getByText('Barnet har fyllt 13 år').waitFor();
    });
    accessible('refusal page', () => page);
  });
}
