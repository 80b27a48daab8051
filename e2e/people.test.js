// Contacts, planning and bookmarks in headless Chromium, against the real
// binary (see lib/server.js):
//
//   the demo citizen with the lifestyle program (Johan Berg, Bertil Berg
//   responsible) finds the responsible clinician and the demo's contact
//   under Kontakter, adds a contact, changes it (a refused e-mail first)
//   and removes it; under Planering adds an activity in the middle of
//   next month, makes its date exact and removes it; fills in
//   the battery at start, bookmarks a step with the button on the step and
//   finds it under Bokmärken; the clinician sees the contacts and the
//   planning in the manage view and opens a meeting and a contact there.
//   A second browser context without JavaScript adds, changes and
//   removes a contact, clears and sets the bookmark, plans an activity
//   roughly, makes it exact and removes it; the clinician plans without
//   JavaScript too. Every page is run through axe at 1280 and 320 px.
//
// Every new page is run through axe-core at 1280 and 320 px (serious and
// critical violations fail) and must not scroll sideways at 320 px.
// Without Chromium the tests skip, loudly; with CI=true they fail.

import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { browserTests, newPage, post, signIn, startRun, steps, stopRun } from './lib/session.js';
import { checkWidths } from './lib/layout.js';

// The demo (runtime/demo) starts the lifestyle sample for Johan Berg with
// Bertil Berg responsible, and gives it a contact and a planned meeting
// (runtime/demo/care.go).
const citizen = 'Johan Berg';
const clinician = 'Bertil Berg';
const unit = 'mottagning-syd';
const program = 'Hälsosamma vanor – rörelse, mat och sömn';
const demoContact = 'Kim Nilsson';
const demoMeeting = 'Uppföljning med din behandlare';
const stepTitle = 'Välkommen';

// nextMonth is the month after this one in Stockholm, "2006-01".
function nextMonth() {
  const now = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' }).format(new Date());
  const [y, m] = now.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

await browserTests('contacts, planning and bookmarks in headless Chromium', peoplePath);

function peoplePath() {
  let server;
  let browser;
  let page; // the citizen's
  let staff; // the clinician's
  let base = ''; // the citizen's enrolment, /e/<id>
  const path = steps(() => server);
  const { step } = path;

  // accessible runs axe at 1280 and at 320 px, where the page must not
  // scroll sideways either.
  const accessible = (label, get) =>
    step(`axe at 1280 and 320 px: ${label}`, () => checkWidths(get(), label, { tall: 800 }));

  describe('contacts, planning and bookmarks', () => {
    before(async () => {
      ({ server, browser } = await startRun());
      page = await newPage(browser);
      staff = await newPage(browser);
    });
    after(() => stopRun({ server, browser }));

    step('the citizen opens the program and finds the tabs', async () => {
      await signIn(page, server.base, citizen);
      await page.goto(`${server.base}/home`);
      await page.getByRole('link', { name: program }).click();
      await page.waitForURL(/\/e\/[a-z0-9]+\/?$/);
      base = new URL(page.url()).pathname.replace(/\/$/, '');
      const tabs = page.locator('nav.tabs');
      for (const name of ['Kontakter', 'Planering', 'Bokmärken']) {
        await tabs.getByRole('link', { name, exact: true }).waitFor();
      }
    });

    step('Kontakter: the responsible clinician first, then the demo contact', async () => {
      await page.locator('nav.tabs').getByRole('link', { name: 'Kontakter', exact: true }).click();
      await page.waitForURL(`${server.base}${base}/contacts`);
      const cards = page.locator('ul.care-list > li');
      assert.match(await cards.nth(0).textContent(), new RegExp(`${clinician}[\\s\\S]*Ansvarig behandlare`));
      assert.match(await cards.nth(1).textContent(), new RegExp(demoContact));
      assert.equal(await cards.nth(0).getByRole('link', { name: /Ändra/ }).count(), 0, 'the responsible clinician cannot be changed');
    });
    accessible('contacts', () => page);

    step('the citizen adds a contact', async () => {
      await page.locator('#f-name').fill('Lo Lund');
      await page.locator('#f-role').fill('Granne');
      await page.locator('#f-phone').fill('070-174 06 06');
      const res = await post(page, page.getByRole('button', { name: 'Lägg till kontakten' }));
      assert.equal(res.status(), 303);
      await page.getByRole('status').filter({ hasText: 'Kontakten är tillagd.' }).waitFor();
      const card = page.locator('ul.care-list > li').filter({ hasText: 'Lo Lund' });
      assert.match(await card.textContent(), /Granne[\s\S]*070-174 06 06[\s\S]*Tillagd av dig/);
    });

    step('a wrong e-mail is refused and named, what was typed kept', async () => {
      await page.getByRole('link', { name: /Ändra eller ta bort\s*:\s*Lo Lund/ }).click();
      await page.locator('#f-email').fill('lo@');
      await page.locator('#f-role').fill('Vän');
      const res = await post(page, page.getByRole('button', { name: 'Spara ändringarna' }));
      assert.equal(res.status(), 422);
      await page.locator('#f-email-err').filter({ hasText: 'Skriv en e-postadress' }).waitFor();
      assert.equal(await page.locator('#f-email').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#f-role').inputValue(), 'Vän');
    });
    accessible('a contact refused', () => page);

    step('the citizen changes the contact', async () => {
      await page.locator('#f-email').fill('lo.lund@example.com');
      const res = await post(page, page.getByRole('button', { name: 'Spara ändringarna' }));
      assert.equal(res.status(), 303);
      await page.getByRole('status').filter({ hasText: 'Kontakten är ändrad.' }).waitFor();
      const card = page.locator('ul.care-list > li').filter({ hasText: 'Lo Lund' });
      assert.match(await card.textContent(), /Vän[\s\S]*lo\.lund@example\.com/);
    });

    step('the citizen removes the contact', async () => {
      await page.getByRole('link', { name: /Ändra eller ta bort\s*:\s*Lo Lund/ }).click();
      const res = await post(page, page.getByRole('button', { name: 'Ta bort kontakten' }));
      assert.equal(res.status(), 303);
      await page.getByRole('status').filter({ hasText: 'Kontakten är borttagen.' }).waitFor();
      assert.equal(await page.locator('ul.care-list > li').filter({ hasText: 'Lo Lund' }).count(), 0);
    });

    step('Planering: this month and next, the demo meeting, and that it books nothing', async () => {
      await page.locator('nav.tabs').getByRole('link', { name: 'Planering', exact: true }).click();
      await page.waitForURL(`${server.base}${base}/planning`);
      await page.getByText('Planeringen bokar ingenting.').waitFor();
      assert.equal(await page.locator('section.month').count(), 2);
      await page.locator('.planning-list li').filter({ hasText: demoMeeting }).waitFor();
    });
    accessible('planning', () => page);

    const month = nextMonth();
    step('the citizen adds an activity in the middle of next month', async () => {
      await page.locator('#f-kind-activity').check();
      await page.locator('#f-title').fill('Simning');
      await page.locator('#f-approx').check();
      await page.locator('#f-part').selectOption('mid');
      await page.locator('#f-month').selectOption(month);
      const res = await post(page, page.getByRole('button', { name: 'Lägg till', exact: true }));
      assert.equal(res.status(), 303);
      await page.getByRole('status').filter({ hasText: 'Det är tillagt i planeringen.' }).waitFor();
      const item = page.locator('.planning-list li').filter({ hasText: 'Simning' });
      assert.match(await item.textContent(), /Aktivitet[\s\S]*i mitten av[\s\S]*Ungefärligt datum[\s\S]*Tillagd av dig/);
    });

    step('the citizen makes the date exact', async () => {
      await page.getByRole('link', { name: /Ange exakt datum, ändra eller ta bort\s*:\s*Simning/ }).click();
      await page.locator('#f-exact').check();
      await page.locator('#f-date').fill(`${month}-15`);
      await page.locator('#f-time').fill('18:00');
      const res = await post(page, page.getByRole('button', { name: 'Spara ändringarna' }));
      assert.equal(res.status(), 303);
      await page.getByRole('status').filter({ hasText: 'Planeringen är ändrad.' }).waitFor();
      const item = page.locator('.planning-list li').filter({ hasText: 'Simning' });
      assert.match(await item.locator(`time[datetime="${month}-15"]`).textContent(), /15 .* kl\. 18:00/);
      assert.equal(await item.getByText('Ungefärligt datum').count(), 0);
    });
    accessible('planning after a change', () => page);

    step('the citizen opens the activity to remove it', async () => {
      await page.getByRole('link', { name: /Ändra eller ta bort\s*:\s*Simning/ }).click();
      await page.getByRole('heading', { name: 'Ändra Simning' }).waitFor();
    });
    accessible('a planning item', () => page);

    step('the citizen removes the activity', async () => {
      const res = await post(page, page.getByRole('button', { name: 'Ta bort', exact: true }));
      assert.equal(res.status(), 303);
      await page.getByRole('status').filter({ hasText: 'Det är borttaget ur planeringen.' }).waitFor();
      assert.equal(await page.locator('.planning-list li').filter({ hasText: 'Simning' }).count(), 0);
    });

    step('the citizen fills in the battery at start, which opens the steps', async () => {
      await page.goto(`${server.base}${base}/`);
      await page.locator('section.battery').getByRole('link', { name: 'Fyll i skattningen' }).click();
      await page.locator('form.qform').waitFor();
      for (const q of await page.locator('form.qform div.q').all()) {
        if (!(await q.isVisible())) continue;
        const radios = q.locator('input[type=radio]');
        if (await radios.count()) await radios.first().check();
      }
      await page.locator('input[name="q.motion"]').fill('120');
      const res = await post(page, page.getByRole('button', { name: 'Skicka svar' }));
      assert.equal(res.status(), 303);
      await page.getByRole('status').filter({ hasText: 'Tack! Skattningen är ifylld' }).waitFor();
    });

    step('the citizen bookmarks a step with the button on it', async () => {
      await page.getByRole('link', { name: stepTitle, exact: true }).first().click();
      await page.getByRole('heading', { level: 1, name: stepTitle }).waitFor();
      const button = page.getByRole('button', { name: 'Bokmärk sidan' });
      assert.equal(await button.getAttribute('aria-pressed'), 'false');
      const res = await post(page, button);
      assert.equal(res.status(), 303);
      await page.getByRole('status').filter({ hasText: 'Sidan är bokmärkt.' }).waitFor();
      await page.getByRole('heading', { level: 1, name: stepTitle }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Bokmärk sidan' }).getAttribute('aria-pressed'), 'true');
    });
    accessible('a bookmarked step', () => page);

    step('Bokmärken lists the step with its module', async () => {
      await page.getByRole('link', { name: 'Visa dina bokmärken' }).click();
      await page.waitForURL(`${server.base}${base}/bookmarks`);
      const item = page.locator('ul.bookmarks li').filter({ hasText: stepTitle });
      await item.getByRole('link', { name: stepTitle }).waitFor();
      assert.match(await item.textContent(), /i Kom igång/);
    });
    accessible('bookmarks', () => page);

    step('the clinician sees the contacts and the planning in the manage view', async () => {
      await signIn(staff, server.base, clinician);
      await staff.goto(`${server.base}/u/${unit}/all`);
      await staff.getByRole('link', { name: citizen }).first().click();
      await staff.locator('nav.manage-tabs').getByRole('link', { name: 'Kontakter' }).click();
      await staff.waitForURL(/\/contacts$/);
      await staff.locator('ul.care-list > li').filter({ hasText: demoContact }).waitFor();
      assert.match(await staff.locator('ul.care-list').textContent(), new RegExp(`Tillagd av ${clinician}`));
    });
    accessible('the manage view\'s contacts', () => staff);

    step('the clinician adds to the planning', async () => {
      await staff.locator('nav.manage-tabs').getByRole('link', { name: 'Planering' }).click();
      await staff.waitForURL(/\/planning$/);
      await staff.locator('.planning-list li').filter({ hasText: demoMeeting }).waitFor();
      await staff.locator('#f-title').fill('Hälsosamtal');
      await staff.locator('#f-approx').check();
      await staff.locator('#f-part').selectOption('late');
      await staff.locator('#f-month').selectOption(month);
      const res = await post(staff, staff.getByRole('button', { name: 'Lägg till', exact: true }));
      assert.equal(res.status(), 303);
      await staff.locator('.planning-list li').filter({ hasText: 'Hälsosamtal' }).waitFor();
      await page.goto(`${server.base}${base}/planning`);
      const item = page.locator('.planning-list li').filter({ hasText: 'Hälsosamtal' });
      assert.match(await item.textContent(), new RegExp(`Möte[\\s\\S]*i slutet av[\\s\\S]*Tillagd av ${clinician}`));
    });
    accessible('the manage view\'s planning', () => staff);

    step('the clinician opens the meeting', async () => {
      await staff.getByRole('link', { name: /ändra eller ta bort\s*:\s*Hälsosamtal/i }).click();
      await staff.getByRole('heading', { name: 'Ändra Hälsosamtal' }).waitFor();
    });
    accessible('the manage view\'s planning item', () => staff);
    step('the clinician opens the demo contact', async () => {
      await staff.goBack();
      await staff.locator('nav.manage-tabs').getByRole('link', { name: 'Kontakter' }).click();
      await staff.getByRole('link', { name: new RegExp(`Ändra eller ta bort\\s*:\\s*${demoContact}`) }).click();
      await staff.locator('#f-name').waitFor();
    });
    accessible('the manage view\'s contact', () => staff);
    step('back to the planning', async () => {
      await staff.locator('nav.manage-tabs').getByRole('link', { name: 'Planering' }).click();
      await staff.waitForURL(/\/planning$/);
    });

    describe('without JavaScript', () => {
      let plain;
      before(async () => {
        if (path.broken) return;
        plain = await newPage(browser, { javaScript: false });
      });

      step('a contact is added and the bookmark cleared', async () => {
        await signIn(plain, server.base, citizen);
        await plain.goto(`${server.base}${base}/contacts`);
        await plain.locator('#f-name').fill('Ali Ek');
        let res = await post(plain, plain.getByRole('button', { name: 'Lägg till kontakten' }));
        assert.equal(res.status(), 303);
        await plain.locator('ul.care-list > li').filter({ hasText: 'Ali Ek' }).waitFor();
        await plain.goto(`${server.base}${base}/bookmarks`);
        res = await post(plain, plain.getByRole('button', { name: /Ta bort bokmärket/ }));
        assert.equal(res.status(), 303);
        await plain.getByText('Du har inga bokmärken än.').waitFor();
      });

      step('a contact is changed and removed', async () => {
        await plain.goto(`${server.base}${base}/contacts`);
        await plain.getByRole('link', { name: /Ändra eller ta bort\s*:\s*Ali Ek/ }).click();
        await plain.locator('#f-role').fill('Kusin');
        let res = await post(plain, plain.getByRole('button', { name: 'Spara ändringarna' }));
        assert.equal(res.status(), 303);
        assert.match(await plain.locator('ul.care-list > li').filter({ hasText: 'Ali Ek' }).textContent(), /Kusin/);
        await plain.getByRole('link', { name: /Ändra eller ta bort\s*:\s*Ali Ek/ }).click();
        res = await post(plain, plain.getByRole('button', { name: 'Ta bort kontakten' }));
        assert.equal(res.status(), 303);
        assert.equal(await plain.locator('ul.care-list > li').filter({ hasText: 'Ali Ek' }).count(), 0);
      });

      step('a step is bookmarked with its button', async () => {
        await plain.goto(`${server.base}${base}/`);
        await plain.getByRole('link', { name: stepTitle, exact: true }).first().click();
        const res = await post(plain, plain.getByRole('button', { name: 'Bokmärk sidan' }));
        assert.equal(res.status(), 303);
        assert.equal(await plain.getByRole('button', { name: 'Bokmärk sidan' }).getAttribute('aria-pressed'), 'true');
        await plain.goto(`${server.base}${base}/bookmarks`);
        await plain.locator('ul.bookmarks li').filter({ hasText: stepTitle }).waitFor();
      });

      step('an activity is planned roughly, made exact and removed', async () => {
        await plain.goto(`${server.base}${base}/planning`);
        await plain.locator('#f-kind-activity').check();
        await plain.locator('#f-title').fill('Cykeltur');
        await plain.locator('#f-approx').check();
        await plain.locator('#f-part').selectOption('early');
        await plain.locator('#f-month').selectOption(month);
        let res = await post(plain, plain.getByRole('button', { name: 'Lägg till', exact: true }));
        assert.equal(res.status(), 303);
        const item = plain.locator('.planning-list li').filter({ hasText: 'Cykeltur' });
        assert.match(await item.textContent(), /i början av[\s\S]*Ungefärligt datum/);
        await plain.getByRole('link', { name: /Ange exakt datum, ändra eller ta bort\s*:\s*Cykeltur/ }).click();
        await plain.locator('#f-exact').check();
        await plain.locator('#f-date').fill(`${month}-03`);
        await plain.locator('#f-time').fill('09:30');
        res = await post(plain, plain.getByRole('button', { name: 'Spara ändringarna' }));
        assert.equal(res.status(), 303);
        assert.match(await item.locator(`time[datetime="${month}-03"]`).textContent(), /3 .* kl\. 09:30/);
        await plain.getByRole('link', { name: /Ändra eller ta bort\s*:\s*Cykeltur/ }).click();
        res = await post(plain, plain.getByRole('button', { name: 'Ta bort', exact: true }));
        assert.equal(res.status(), 303);
        assert.equal(await plain.locator('.planning-list li').filter({ hasText: 'Cykeltur' }).count(), 0);
      });

      step('the clinician plans without JavaScript too', async () => {
        const clin = await newPage(browser, { javaScript: false });
        await signIn(clin, server.base, clinician);
        await clin.goto(staff.url());
        await clin.locator('#f-title').fill('Återbesök');
        await clin.locator('#f-approx').check();
        await clin.locator('#f-part').selectOption('mid');
        await clin.locator('#f-month').selectOption(month);
        const res = await post(clin, clin.getByRole('button', { name: 'Lägg till', exact: true }));
        assert.equal(res.status(), 303);
        await clin.locator('.planning-list li').filter({ hasText: 'Återbesök' }).waitFor();
      });
    });
  });
}
