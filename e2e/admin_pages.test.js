// The pages of issue 12 in headless Chromium, against the real binary:
// maintenance, end, the maintenance list, the data admin's page and its
// purge confirmation, roles, handover and the handovers list, the access
// log with a search, the citizen's settings and inbox, staff notifications
// and profile, the battery form and the sign-in page.
//
// Every page is run through axe-core at 1280 and 320 px (serious and
// critical violations fail) and must not scroll sideways. The forms are
// used in browser contexts without JavaScript: start maintenance with a
// number of days, end with a reason and a message, purge an ended
// enrolment after the confirmation, give a role, search the access log,
// save the citizen's settings and hand an enrolment over.
//
// Without Chromium the tests skip, loudly; with CI=true they fail.

import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { browserTests, newPage, post, signIn, startRun, steps, stopRun } from './lib/session.js';
import { checkWidths } from './lib/layout.js';

// The demo (runtime/demo) seeds these on the south unit: Tolvan and Sara
// with anna as clinician, Johan with bertil; bertil is also citizen admin,
// cecilia unit admin (south and north), david data admin; frida is
// citizen admin on the north unit.
const south = 'mottagning-syd';
const north = 'mottagning-nord';
const staff = {
  anna: 'Anna Andersson',
  bertil: 'Bertil Berg',
  cecilia: 'Cecilia Carlsson',
  david: 'David Dahl',
  frida: 'Frida Fors',
};
const tolvan = 'Tolvan Tolvansson';
const sara = 'Sara Lind';
const johan = 'Johan Berg';

await browserTests('issue 12 pages in headless Chromium', adminPages);

function adminPages() {
  let server;
  let browser;
  const js = {}; // a page with JavaScript per user, for axe
  const nojs = {}; // a page without JavaScript per user, for the forms
  const ids = {}; // enrolment ids by citizen name
  const path = steps(() => server);
  const { step, check } = path;

  // scan opens url as who, in the browser with JavaScript, and checks it.
  const scan = (label, who, url) =>
    check(`axe and width: ${label}`, async () => {
      const page = await js[who].context().newPage();
      try {
        const res = await page.goto(server.base + url());
        assert.equal(res.status(), 200, `${url()} answered ${res.status()}`);
        await checkWidths(page, label);
      } finally {
        await page.close();
      }
    });

  const enrolment = (name) => `/u/${south}/enrolments/${ids[name]}`;

  describe('issue 12 pages', () => {
    before(async () => {
      ({ server, browser } = await startRun());
    });
    after(() => stopRun({ server, browser }));

    step('everyone signs in, with and without JavaScript', async () => {
      // All at once: each sign-in mostly waits on the browser, and one
      // after another they took half a minute.
      const people = { ...staff, tolvan, sara, johan };
      await Promise.all(Object.entries(people).map(async ([who, name]) => {
        js[who] = await newPage(browser);
        nojs[who] = await newPage(browser, { javaScript: false });
        await Promise.all([signIn(js[who], server.base, name), signIn(nojs[who], server.base, name)]);
      }));
    });

    step('the south unit lists its enrolments', async () => {
      const page = js.bertil;
      await page.goto(`${server.base}/u/${south}/all`);
      for (const name of [tolvan, sara, johan]) {
        const href = await page.getByRole('link', { name }).first().getAttribute('href');
        ids[name] = href.match(/\/enrolments\/([^/?#]+)/)[1];
      }
    });

    check('axe and width: sign-in page', async () => {
      const page = await newPage(browser);
      try {
        await page.goto(`${server.base}/signin`);
        await checkWidths(page, 'sign-in page');
      } finally {
        await page.context().close();
      }
    });

    // The citizen's pages.
    scan('citizen home', 'sara', () => '/home');
    scan('citizen settings', 'sara', () => '/home/settings');

    step('the citizen saves the settings without JavaScript', async () => {
      const page = nojs.sara;
      await page.goto(`${server.base}/home/settings`);
      await page.getByLabel('Meddela mig med e-post').check();
      await page.getByLabel('E-postadress').fill('sara@example.org');
      const res = await post(page, page.getByRole('button', { name: 'Spara', exact: true }));
      assert.equal(res.status(), 303, 'saving the settings');
      await page.goto(`${server.base}/home/settings`);
      assert.equal(await page.getByLabel('E-postadress').inputValue(), 'sara@example.org');
    });

    check('axe and width: battery form', async (t) => {
      const page = await js.sara.context().newPage();
      try {
        await page.goto(`${server.base}/home`);
        await page.locator('ul.cards a').first().click();
        await page.waitForURL(/\/e\/[a-z0-9]+\/?$/);
        const link = page.locator('section.battery').getByRole('link', { name: 'Fyll i skattningen' });
        if ((await link.count()) === 0) return t.skip('no battery due for the citizen');
        await link.click();
        await page.locator('form.qform').waitFor();
        await checkWidths(page, 'battery form');
      } finally {
        await page.close();
      }
    });

    // The clinician's maintenance and end.
    scan('maintenance confirmation', 'anna', () => `${enrolment(sara)}/maintenance`);

    step('the clinician starts maintenance with days, without JavaScript', async () => {
      const page = nojs.anna;
      await page.goto(`${server.base}${enrolment(sara)}/maintenance`);
      await page.getByText('Det går inte att ångra').first().waitFor();
      await page.getByLabel('Antal dagar').fill('30');
      const res = await post(page, page.getByRole('button', { name: 'Starta vidmakthållande' }));
      assert.equal(res.status(), 303, 'starting maintenance');
      await page.getByRole('status').filter({ hasText: 'Vidmakthållandet har börjat och pågår i 30 dagar.' }).waitFor();
    });

    scan('maintenance page once started', 'anna', () => `${enrolment(sara)}/maintenance`);
    scan('maintenance list', 'anna', () => `/u/${south}/maintenance`);
    scan('citizen home in maintenance', 'sara', () => '/home');
    scan('end page', 'anna', () => `${enrolment(tolvan)}/end`);

    step('the clinician ends with a reason and a message, without JavaScript', async () => {
      const page = nojs.anna;
      await page.goto(`${server.base}${enrolment(tolvan)}/end`);
      const reason = page.getByLabel('Skäl till avslut');
      const options = await reason.locator('option').evaluateAll((os) => os.map((o) => o.value));
      await reason.selectOption(options[options.length - 1]);
      const message = page.getByLabel('Meddelande till invånaren (valfritt)');
      if (await message.count()) await message.fill('Tack för den här tiden!');
      const res = await post(page, page.getByRole('button', { name: 'Avsluta momentet' }));
      assert.equal(res.status(), 303, 'ending');
      await page.goto(`${server.base}/u/${south}/ended`);
      await page.getByRole('link', { name: tolvan }).first().waitFor();
    });

    scan('citizen home with the ending in the inbox', 'tolvan', () => '/home');
    scan('staff notifications', 'anna', () => `/u/${south}/notifications`);
    scan('staff profile', 'anna', () => `/u/${south}/profile`);

    // The data admin.
    scan('data admin page', 'david', () => `/u/${south}/data`);

    step('axe and width: purge confirmation', async () => {
      const page = js.david;
      await page.goto(`${server.base}/u/${south}/data`);
      await page.getByRole('checkbox', { name: tolvan }).check();
      const res = await post(page, page.getByRole('button', { name: 'Gallra valda …' }));
      assert.equal(res.status(), 200, 'the confirmation');
      await page.getByRole('button', { name: 'Gallra 1 moment' }).waitFor();
      await checkWidths(page, 'purge confirmation');
    });

    step('the data admin purges an ended enrolment after the confirmation, without JavaScript', async () => {
      const page = nojs.david;
      await page.goto(`${server.base}/u/${south}/data`);
      await page.getByRole('checkbox', { name: tolvan }).check();
      let res = await post(page, page.getByRole('button', { name: 'Gallra valda …' }));
      assert.equal(res.status(), 200, 'the confirmation');
      assert.match(await page.locator('main').textContent(), new RegExp(tolvan));
      res = await post(page, page.getByRole('button', { name: 'Gallra 1 moment' }));
      assert.equal(res.status(), 303, 'purging');
      await page.getByRole('status').filter({ hasText: '1 moment är gallrade.' }).waitFor();
      assert.equal(await page.getByRole('checkbox', { name: tolvan }).count(), 0, 'the purged enrolment is gone');
    });

    // The unit admin.
    scan('roles page', 'cecilia', () => `/u/${south}/roles`);

    step('the unit admin gives a role, without JavaScript', async () => {
      const page = nojs.cecilia;
      await page.goto(`${server.base}/u/${south}/roles`);
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(staff.anna) }) });
      await row.getByRole('checkbox', { name: 'Dataadministratör' }).check();
      const res = await post(page, row.getByRole('button', { name: /^Spara roller/ }));
      assert.equal(res.status(), 303, 'saving the roles');
      await page.getByText(`Rollerna för ${staff.anna} sparades.`).waitFor();
      assert.match(await row.textContent(), /Dataadministratör/);
    });

    scan('access log', 'cecilia', () => `/u/${south}/accesslog`);

    step('the unit admin searches the access log, without JavaScript', async () => {
      const page = nojs.cecilia;
      await page.goto(`${server.base}/u/${south}/accesslog`);
      await page.getByLabel('Personal').fill('anna');
      await page.getByRole('button', { name: 'Sök', exact: true }).click();
      await page.waitForURL(/staff=anna/);
      const table = page.getByRole('table', { name: 'Åtkomster, de senaste först' });
      await table.waitFor();
      assert.match(await table.textContent(), new RegExp(staff.anna));
    });

    scan('access log search', 'cecilia', () => `/u/${south}/accesslog?staff=anna`);
    scan('unit admin notifications', 'cecilia', () => `/u/${south}/notifications`);
    scan('unit admin profile', 'cecilia', () => `/u/${south}/profile`);

    // Handover, from the south unit to the north.
    scan('handover page', 'bertil', () => `${enrolment(johan)}/handover`);

    step('the citizen admin hands an enrolment over, without JavaScript', async () => {
      const page = nojs.bertil;
      await page.goto(`${server.base}${enrolment(johan)}/handover`);
      await page.getByLabel('Mottagande enhet').selectOption({ label: 'Mottagning Nord' });
      const res = await post(page, page.getByRole('button', { name: 'Lämna över' }));
      assert.equal(res.status(), 303, 'handing over');
      await page.getByText('Momentet lämnas över till').first().waitFor();
    });

    scan('handover page, pending', 'bertil', () => `${enrolment(johan)}/handover`);
    scan('handovers list', 'frida', () => `/u/${north}/handovers`);

    step('the receiving citizen admin accepts with a clinician, without JavaScript', async () => {
      const page = nojs.frida;
      await page.goto(`${server.base}/u/${north}/handovers`);
      const card = page.locator('section.card').filter({ has: page.getByRole('heading', { level: 2, name: new RegExp(johan) }) });
      await card.waitFor();
      await card.getByRole('combobox').selectOption({ label: 'Erik Ek' });
      const res = await post(page, card.getByRole('button', { name: new RegExp(`^Ta emot\\s+${johan}$`) }));
      assert.equal(res.status(), 303, 'accepting');
      await page.getByText('Momentet togs emot med Erik Ek som ansvarig behandlare.').waitFor();
    });

    scan('handovers list, empty again', 'frida', () => `/u/${north}/handovers`);
  });
}
