// Activity plans in headless Chromium, against the real binary, on one
// store served twice:
//
//   first with the clock moved to a Monday at least two days after the
//   demo was seeded: Johan Berg (the lifestyle program, "Hälsosamma vanor")
//   finds the Rörelseplan under Aktiviteter, registers Saturday's pass late
//   (within its two grace days) and today's; then with the clock moved on to
//   the Saturday after, Wednesday's pass between them has passed its grace
//   days unregistered: the scheduler raised activity_missed, and Bertil
//   Berg, his clinician, sees the flag "Missad registrering i
//   rörelseplanen" and the plan's registrations.
//
// The citizen's forms are used without JavaScript. Every new page is run
// through axe-core at 1280 and 320 px (serious and critical violations
// fail) and must not scroll sideways. Bertil then makes Johan a plan of
// his own from scratch without JavaScript, and Johan registers it. Both
// read the registered values under Resultat: the chart (an SVG image with
// a title, a description and a focusable point per registration) and the
// table that is its text. Without Chromium the tests skip, loudly; with
// CI=true they fail.

import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';

import { launch } from './lib/browser.js';
import { prepareStore, serveBinary } from './lib/server.js';
import { browserTests, newPage, post, signIn, steps } from './lib/session.js';
import { checkWidths } from './lib/layout.js';

const johan = 'Johan Berg';
const bertil = 'Bertil Berg';
const plan = 'Rörelseplan';

await browserTests('activity plans in headless Chromium', activities);

/**
 * serve runs `stegvis serve --dev --demo` on store with the clock moved
 * offset days forward, as startServer does but on a store that outlives
 * it, so that a second serve finds what the first one wrote.
 */
async function serve(store, offset) {
  const server = await serveBinary((addr) => ['serve', '--dev', '--demo', '--store', store, '--addr', addr, '--clock-offset', `${offset}d`]);
  // The scheduler runs what fell due while the clock jumped; give it a
  // moment beyond its first poll.
  await new Promise((ok) => setTimeout(ok, 2500));
  return server;
}

/** The local (Stockholm) date of a time, as YYYY-MM-DD. */
function localDate(t) {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
}

/** The weekday of a time in Stockholm, 0 for Monday. */
function localWeekday(t) {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', weekday: 'short' }).format(t);
  return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name);
}

function activities() {
  let prepared;
  let server;
  let browser;
  let citizen; // Johan's page, without JavaScript
  let staff; // Bertil's page
  const path = steps(() => server);
  const { step } = path;

  // The first serve's clock: the next Monday at least two days after now,
  // so that the Saturday before it is a day of the plan too.
  const now = Date.now();
  let first = (7 - localWeekday(now)) % 7 || 7;
  if (first < 2) first += 7;
  const monday = localDate(now + first * 86_400_000);
  const saturday = localDate(now + (first - 2) * 86_400_000);
  const wednesday = localDate(now + (first + 2) * 86_400_000);
  const later = localDate(now + (first + 5) * 86_400_000); // the Saturday after
  let plainStaff; // Bertil's page without JavaScript

  // readResults reads the minutes of the Rörelseplan on a Resultat page,
  // as the citizen registered them: the chart, an SVG image with its title
  // and description and a focusable point per registration titled with its
  // value and day, and the table, its text, newest first.
  const minutes = `${plan} – Hur många minuter?`;
  const readResults = async (page) => {
    const svg = page.getByRole('img', { name: `${minutes} över tid` });
    await svg.waitFor();
    assert.equal(await svg.evaluate((el) => el.tagName.toLowerCase()), 'svg');
    const [titleID, descID] = (await svg.getAttribute('aria-labelledby')).split(' ');
    assert.equal(await svg.locator(`title#${titleID}`).textContent(), `${minutes} över tid`);
    assert.equal(await svg.locator(`desc#${descID}`).textContent(), `2 värden från ${saturday} till ${monday}. Lägst 35, högst 40, senast 40.`);
    const points = await svg.locator('circle.point').evaluateAll((cs) =>
      cs.map((c) => ({ tabindex: c.getAttribute('tabindex'), title: c.querySelector('title')?.textContent })),
    );
    assert.deepEqual(points, [
      { tabindex: '0', title: `35 den ${saturday}` },
      { tabindex: '0', title: `40 den ${monday}` },
    ]);
    const table = page.locator('table.results').filter({ has: page.locator('caption', { hasText: minutes }) });
    assert.equal(await table.count(), 1, `one table of ${minutes}`);
    assert.deepEqual(await table.locator('th[scope=col]').allTextContents(), ['Tillfälle', 'Värde']);
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
    assert.deepEqual(rows, [[`${monday} 17:30`, '40'], [`${saturday} 10:00`, '35']]);
  };

  // audited runs axe on a page opened with JavaScript (axe needs it), at
  // the URL where the page without JavaScript is.
  let js;
  const audited = (label) =>
    step(`axe and width: ${label}`, async () => {
      await js.goto(citizen.url());
      await checkWidths(js, label);
    });

  describe(`the citizen registers on ${saturday} (late) and ${monday}`, () => {
    before(async () => {
      prepared = await prepareStore('stegvis-e2e-act-');
      server = await serve(prepared.store, first);
      browser = await launch();
      citizen = await newPage(browser, { javaScript: false });
      js = await newPage(browser);
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    step('Johan finds the plan under Aktiviteter', async () => {
      await signIn(citizen, server.base, johan);
      await signIn(js, server.base, johan);
      await citizen.goto(`${server.base}/home`);
      await citizen.getByRole('link', { name: /Hälsosamma vanor/ }).first().click();
      await citizen.getByRole('link', { name: 'Aktiviteter' }).first().click();
      await citizen.getByRole('heading', { name: 'Dina aktivitetsplaner' }).waitFor();
      await citizen.getByRole('heading', { name: plan }).waitFor();
      // The schedule is behind an info button that works without script.
      await citizen.getByText('Visa schemat').first().click();
      await citizen.getByText('måndag 17:30').first().waitFor();
    });
    audited('the Aktiviteter tab');

    step(`Saturday ${saturday}'s pass, registered late within the grace days`, async () => {
      await citizen.getByRole('link', { name: `Registrera: lördag ${saturday} kl. 10:00` }).click();
      await citizen.getByRole('heading', { level: 1, name: new RegExp(`${plan}: lördag ${saturday}`) }).waitFor();
      await citizen.getByLabel('Promenad').check();
      await citizen.getByLabel('Hur många minuter?').fill('35');
      await citizen.getByRole('textbox', { name: 'Kommentar' }).fill('Gick i skogen.');
      const res = await post(citizen, citizen.getByRole('button', { name: 'Registrera' }));
      assert.equal(res.status(), 303);
      await citizen.getByText('Tillfället är registrerat').waitFor();
    });

    step(`today's pass, ${monday}`, async () => {
      await citizen.getByRole('link', { name: `Registrera: måndag ${monday} kl. 17:30` }).click();
    });
    audited('the registration form');
    step(`today's pass is registered`, async () => {
      await citizen.getByLabel('Cykling').check();
      await citizen.getByLabel('Hur många minuter?').fill('40');
      const res = await post(citizen, citizen.getByRole('button', { name: 'Registrera' }));
      assert.equal(res.status(), 303);
      await citizen.getByRole('link', { name: `Ändra: måndag ${monday} kl. 17:30` }).waitFor();
    });

    step('a pass ahead cannot be registered', async () => {
      const url = citizen.url().replace(/\/activities.*$/, `/activities/rorelseplan/${wednesday}T17:30`);
      await citizen.goto(url);
      assert.equal(await citizen.getByRole('button', { name: 'Registrera' }).count(), 0);
    });

    step('Mina tidigare aktivitetstillfällen lists both', async () => {
      await citizen.goBack();
      await citizen.goto(citizen.url().replace(/\/activities.*$/, '/activities'));
      await citizen.getByRole('link', { name: 'Mina tidigare aktivitetstillfällen' }).first().click();
      const table = await citizen.locator('main table').textContent();
      assert.match(table, new RegExp(`lördag ${saturday}[^]*Registrerat`));
      assert.match(table, new RegExp(`måndag ${monday}`));
    });
    audited('Mina tidigare aktivitetstillfällen');

    step('Johan reads both passes under Resultat, as a chart and a table', async () => {
      await citizen.getByRole('link', { name: 'Resultat' }).first().click();
      await citizen.getByRole('heading', { level: 2, name: 'Dina resultat' }).waitFor();
      await readResults(citizen);
    });
    audited('the citizen\'s Resultat with the plan\'s registrations');
  });

  describe(`with the clock on the Saturday after, ${wednesday}'s pass is missed`, () => {
    before(async () => {
      if (path.broken) return;
      server = await serve(prepared.store, first + 5);
      browser = await launch();
      citizen = await newPage(browser, { javaScript: false });
      js = await newPage(browser);
      staff = await newPage(browser);
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
      if (prepared) await rm(prepared.dir, { recursive: true, force: true });
    });

    step('Johan sees it missed, his registrations kept', async () => {
      await signIn(citizen, server.base, johan);
      await signIn(js, server.base, johan);
      await citizen.goto(`${server.base}/home`);
      await citizen.getByRole('link', { name: /Hälsosamma vanor/ }).first().click();
      await citizen.getByRole('link', { name: 'Aktiviteter' }).first().click();
      await citizen.getByRole('link', { name: 'Mina tidigare aktivitetstillfällen' }).first().click();
      const table = await citizen.locator('main table').textContent();
      assert.match(table, new RegExp(`onsdag ${wednesday} kl. 17:30\\s*Missat`));
      assert.match(table, new RegExp(`måndag ${monday} kl. 17:30\\s*Registrerat`));
    });

    step('a comment on the missed pass', async () => {
      await citizen.getByRole('link', { name: `onsdag ${wednesday} kl. 17:30` }).click();
      await citizen.getByText('Det här tillfället registrerades inte.').waitFor();
      await citizen.getByRole('textbox', { name: 'Kommentar' }).fill('Jag var förkyld.');
      const res = await post(citizen, citizen.getByRole('button', { name: 'Spara kommentaren' }));
      assert.equal(res.status(), 303);
      await citizen.getByText('Kommentaren är sparad.').waitFor();
    });
    audited('a missed occasion');

    step('Bertil sees the activity_missed flag', async () => {
      await signIn(staff, server.base, bertil);
      await staff.goto(`${server.base}/u/mottagning-syd/mine`);
      await staff.getByRole('link', { name: johan }).first().click();
      await staff.getByText('Missad registrering i rörelseplanen').first().waitFor();
    });
    step('Bertil sees the plan with its registrations', async () => {
      await staff.getByRole('link', { name: 'Aktivitetsplaner' }).first().click();
      await staff.getByRole('heading', { name: 'Aktivitetsplaner' }).first().waitFor();
      await checkWidths(staff, 'the clinician\'s plans');
      await staff.getByRole('link', { name: plan }).click();
      await staff.getByRole('heading', { name: 'Förhandsvisning' }).waitFor();
      const table = await staff.locator('main table').last().textContent();
      assert.match(table, /35/);
      assert.match(table, /Jag var förkyld\./);
      await checkWidths(staff, 'the clinician\'s plan');
    });
    step('Bertil reads the same registrations on the Resultat tab', async () => {
      await staff.getByRole('link', { name: 'Resultat' }).first().click();
      await staff.getByRole('heading', { level: 2, name: 'Resultat' }).waitFor();
      await readResults(staff);
      await checkWidths(staff, 'the clinician\'s Resultat');
    });
    step('Johan reads them too, the missed pass no point', async () => {
      await citizen.goto(citizen.url().replace(/\/activities.*$/, '/results'));
      await readResults(citizen);
    });

    // A plan made for Johan alone, without JavaScript on either side: its
    // registration reaches the results under its title.
    const water = 'Vatten';
    const glasses = 'Hur många glas vatten drack du?';
    step('Bertil makes a plan for Johan from scratch, without JavaScript', async () => {
      await staff.getByRole('link', { name: 'Aktivitetsplaner' }).first().click();
      await staff.getByRole('link', { name: 'Gör en egen plan för invånaren' }).click();
      await staff.getByRole('heading', { name: 'Gör en egen plan' }).first().waitFor();
      await checkWidths(staff, 'a new plan');
      plainStaff = await newPage(browser, { javaScript: false });
      await signIn(plainStaff, server.base, bertil);
      await plainStaff.goto(staff.url());
      await plainStaff.locator('#f-title').fill(water);
      await plainStaff.locator('[name="new.1.text"]').fill(glasses);
      await plainStaff.locator('[name="new.1.type"]').selectOption('number');
      await plainStaff.locator('[name="new.1.unit"]').fill('glas');
      await plainStaff.locator('#day-sat').check();
      await plainStaff.locator('#time-sat').fill('20:00');
      await plainStaff.locator('#f-every').fill('1');
      await plainStaff.locator('#f-grace').fill('0');
      let res = await post(plainStaff, plainStaff.getByRole('button', { name: 'Skapa planen' }));
      assert.equal(res.status(), 303);
      await plainStaff.getByRole('heading', { name: new RegExp(water) }).first().waitFor();
      res = await post(plainStaff, plainStaff.getByRole('button', { name: 'Sätt på planen' }));
      assert.equal(res.status(), 303);
      await plainStaff.getByText('Planen är på. Invånaren ser den under Aktiviteter.').waitFor();
      await staff.goto(plainStaff.url());
      await checkWidths(staff, 'the citizen\'s own plan');
    });
    step(`Johan registers it for ${later} and reads it under Resultat`, async () => {
      await citizen.goto(citizen.url().replace(/\/results$/, '/activities'));
      await citizen.getByRole('heading', { name: water }).waitFor();
      await citizen.getByRole('link', { name: `Registrera: lördag ${later} kl. 20:00` }).click();
      await citizen.getByLabel(glasses).fill('6');
      const res = await post(citizen, citizen.getByRole('button', { name: 'Registrera' }));
      assert.equal(res.status(), 303);
      await citizen.getByRole('link', { name: 'Resultat' }).first().click();
      const svg = citizen.getByRole('img', { name: `${water} – ${glasses} över tid` });
      await svg.waitFor();
      assert.equal(await svg.locator('circle.point title').textContent(), `6 den ${later}`);
      const table = citizen.locator('table.results').filter({ has: citizen.locator('caption', { hasText: glasses }) });
      assert.match(await table.locator('caption').textContent(), new RegExp(`i ${water} över tid`), 'named by its title, not its id');
      assert.deepEqual(await table.locator('tbody td').allTextContents(), [`${later} 20:00`, '6']);
      await staff.goto(staff.url().replace(/\/activities\/.*$/, '/results'));
      await staff.getByRole('img', { name: `${water} – ${glasses} över tid` }).waitFor();
      assert.equal(await staff.getByText('egen-1').count(), 0);
    });
  });
}
