// The citizen's and clinician's main path through stegvis in headless
// Chromium, against the real binary (see lib/server.js):
//
//   a clinician signs in, starts a program for a citizen by personal
//   identity number and starts a module; the citizen signs in, reads a step,
//   fills in a form (an error first, which keeps what was typed, then a
//   correct submit); the clinician sees the answers and marks them read.
//
// Along the way every page is run through axe-core (serious and critical
// violations fail), the overview and a form page are checked at 320 px, and
// a second browser context without JavaScript submits a form.
//
// Without Chromium the tests skip, loudly; with CI=true they fail instead.
//
// The steps share one browser and one server and run in order: when a step
// of the path fails, the steps after it are skipped rather than failing for
// the same reason.

import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { browserTests, newPage, post, signIn, startRun, steps, stopRun } from './lib/session.js';
import { audit, format } from './lib/axe.js';
import { overflow } from './lib/layout.js';

// The demo (runtime/demo) seeds these: anna is a clinician on the south
// unit; Maria Ek is a demo citizen without a program.
const unit = 'mottagning-syd';
const clinician = 'Anna Andersson';
const citizen = { name: 'Maria Ek', pnr: '19780910-5526' };
const program = 'Må bättre – kunskap om psykisk hälsa';
const module = { id: 'stress', title: 'Stress' };
const textStep = { title: 'Vad är stress?', text: 'Stress är kroppens sätt att göra sig redo.' };
const formStep = { id: 'dina-stresstecken', title: 'Dina tecken på stress' };
// The accessible name of "Starta modul" with its visually hidden ": Stress".
const startModule = new RegExp(`^Starta modul\\s*:\\s*${module.title}$`);
const typed = 'Jag biter ihop käkarna på natten';
// The program's battery at start, filled in before the content opens.
const battery = { title: 'Skattning av mående', forms: [/^PHQ-9/, /^GAD-7/] };
const stepForm = 'Mina tecken på stress';

await browserTests('main path in headless Chromium', mainPath);

function mainPath() {
  let server;
  let browser;
  let staff; // the clinician's page
  let person; // the citizen's page
  let manageURL = '';
  let overviewURL = '';
  let formURL = '';
  const seen = new Set(); // axe findings already printed
  const path = steps();
  const { step, check } = path;

  // accessible runs axe on a page where it is: the serious and critical
  // violations fail, the rest are printed.
  const accessible = (label, pageOf) =>
    check(`axe: ${label} has no serious or critical violations`, async (t) => {
      const page = pageOf();
      const { fail, warn } = await audit(page);
      // Moderate and minor findings are printed once, where first seen.
      const fresh = warn
        .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !seen.has(`${v.id} ${n.target}`)) }))
        .filter((v) => v.nodes.length > 0);
      for (const v of fresh) for (const n of v.nodes) seen.add(`${v.id} ${n.target}`);
      if (fresh.length) t.diagnostic(`axe, moderate and minor (not failing), on ${label} (${page.url()}):\n${format(fresh)}`);
      assert.equal(fail.length, 0, `axe on ${label} (${page.url()}):\n${format(fail)}`);
    });

  describe('main path in headless Chromium', () => {
    before(async () => {
      ({ server, browser } = await startRun());
      staff = await newPage(browser);
      person = await newPage(browser);
    });

    after(async () => {
      await stopRun({ server, browser });
      if (path.broken && server) {
        const tail = server.logs().trim().split('\n').slice(-40).join('\n');
        console.error(`\nlast lines of the server's log:\n${tail}\n`);
      }
    });

    describe('clinician starts a program', () => {
      step('the sign-in page offers the demo users', async () => {
        await staff.goto(`${server.base}/`);
        assert.match(staff.url(), /\/signin$/);
        assert.equal(await staff.getByRole('heading', { level: 1 }).textContent(), 'Logga in');
        await staff.getByLabel(clinician).waitFor();
        await staff.getByLabel(citizen.name).waitFor();
      });
      accessible('sign-in page', () => staff);

      step('the clinician signs in and sees their list', async () => {
        await staff.getByLabel(clinician).check();
        await post(staff, staff.getByRole('button', { name: 'Logga in' }));
        await staff.waitForURL(new RegExp(`/u/${unit}/?(mine)?$`));
        await staff.getByRole('heading', { level: 1, name: 'Mina moment' }).waitFor();
        await staff.getByRole('table').waitFor();
      });
      accessible('clinician list', () => staff);

      step('the start page asks for a personal identity number', async () => {
        await staff.getByRole('link', { name: 'Starta nytt moment' }).click();
        await staff.waitForURL(`${server.base}/u/${unit}/start`);
        await staff.getByLabel('Personnummer').waitFor();
      });
      accessible('start page', () => staff);

      step('the clinician starts the program for the citizen', async () => {
        await staff.getByLabel('Personnummer').fill(citizen.pnr);
        await staff.getByLabel(program).check();
        const res = await post(staff, staff.getByRole('button', { name: 'Starta moment' }));
        assert.equal(res.status(), 303, 'starting the program');
        await staff.waitForURL(new RegExp(`/u/${unit}/enrolments/[a-z0-9]+/?$`));
        manageURL = staff.url();
        await staff.getByRole('status').filter({ hasText: `Momentet startades för ${citizen.name}.` }).waitFor();
        assert.match(await staff.getByRole('heading', { level: 1 }).textContent(), new RegExp(citizen.name));
      });

      step('the clinician starts a module', async () => {
        const res = await post(staff, staff.getByRole('button', { name: startModule }));
        assert.equal(res.status(), 303, 'starting the module');
        await staff.getByRole('status').filter({ hasText: `Modulen ”${module.title}” är startad.` }).waitFor();
        const card = staff.locator(`#m-${module.id}`);
        assert.match(await card.textContent(), /Aktuell/);
        assert.equal(await staff.getByRole('button', { name: startModule }).count(), 0);
      });
      accessible('manage view', () => staff);
    });

    describe('citizen reads and answers', () => {
      step('the citizen signs in and sees the program', async () => {
        await signIn(person, server.base, citizen.name);
        await person.waitForURL(`${server.base}/home`);
        await person.getByRole('link', { name: program }).waitFor();
      });
      accessible('citizen home', () => person);

      step('the overview says the battery comes first', async () => {
        await person.getByRole('link', { name: program }).click();
        await person.waitForURL(/\/e\/[a-z0-9]+\/?$/);
        overviewURL = person.url();
        await person.getByRole('heading', { level: 1, name: program }).waitFor();
        const notice = person.locator('section.battery');
        await notice.getByRole('heading', { name: battery.title }).waitFor();
        // The content waits: a step leads back to the overview.
        await person.getByRole('link', { name: textStep.title }).click();
        await person.waitForURL(/\/e\/[a-z0-9]+\/$/);
      });
      accessible('overview with a battery due', () => person);

      step('the citizen fills in the battery, form by form', async () => {
        await person.locator('section.battery').getByRole('link', { name: 'Fyll i skattningen' }).click();
        for (const [i, title] of battery.forms.entries()) {
          await person.getByRole('heading', { level: 1, name: title }).waitFor();
          await person.getByText(`${battery.title}: formulär ${i + 1} av ${battery.forms.length}`).waitFor();
          for (const q of await person.locator('form.qform div.q').all()) {
            if (!(await q.isVisible())) continue;
            const radios = q.locator('input[type=radio]');
            if (await radios.count()) await radios.first().check();
          }
          const res = await post(person, person.getByRole('button', { name: 'Skicka svar' }));
          assert.equal(res.status(), 303, `sending ${title}`);
        }
        await person.waitForURL(/\/e\/[a-z0-9]+\/$/);
        await person.getByRole('status').filter({ hasText: 'Tack! Skattningen är ifylld' }).waitFor();
        assert.equal(await person.locator('section.battery').count(), 0, 'no battery due any more');
      });

      step('the overview lists the started module', async () => {
        await person.goto(overviewURL);
        await person.getByRole('heading', { level: 1, name: program }).waitFor();
        const current = person.locator('section[aria-labelledby="current-h"]');
        await current.getByRole('link', { name: textStep.title }).waitFor();
        await current.getByRole('link', { name: formStep.title }).waitFor();
      });
      accessible('overview', () => person);

      step('the citizen reads a text step', async () => {
        await person.getByRole('link', { name: textStep.title }).click();
        await person.getByRole('heading', { level: 1, name: textStep.title }).waitFor();
        assert.match(await person.locator('article.step').textContent(), new RegExp(textStep.text));
      });
      accessible('text step', () => person);

      step('a form sent without a required answer comes back with the error and what was typed', async () => {
        await person.goto(overviewURL);
        await person.getByRole('link', { name: formStep.title }).click();
        await person.getByRole('heading', { level: 1, name: formStep.title }).waitFor();
        formURL = person.url();
        await person.getByLabel('Jag sover sämre').check();
        await person.getByLabel('Något annat').check();
        // The script shows the follow-up question once "Något annat" is ticked.
        await person.getByLabel('Vad mer märker du?').fill(typed);
        const res = await post(person, person.getByRole('button', { name: 'Skicka svar' }));
        assert.equal(res.status(), 422, 'a form with an error');
        const errors = person.getByRole('alert');
        await errors.waitFor();
        assert.match(await errors.textContent(), /Svaren har 1 fel/);
        assert.match(await errors.textContent(), /Hur stressad har du känt dig den senaste veckan\?/);
        assert.equal(await person.getByLabel('Vad mer märker du?').inputValue(), typed);
        assert.ok(await person.getByLabel('Jag sover sämre').isChecked(), 'a ticked box stays ticked');
        assert.ok(await person.getByLabel('Något annat').isChecked(), 'a ticked box stays ticked');
        assert.ok(!(await person.getByLabel('Jag glömmer saker').isChecked()), 'an unticked box stays unticked');
      });
      accessible('form step with an error shown', () => person);

      step('the corrected form is sent', async () => {
        await person.locator('#q-niva').getByText('7', { exact: true }).click();
        await person.getByLabel('Vill du berätta mer om vad som stressar dig?').fill('Mycket på jobbet.');
        const res = await post(person, person.getByRole('button', { name: 'Skicka svar' }));
        assert.equal(res.status(), 303, 'a correct form');
        await person.waitForURL(formURL);
        await person.getByRole('status').filter({ hasText: 'Tack! Dina svar är skickade.' }).waitFor();
        await person.getByText('Du har skickat in det här formuläret:').waitFor();
      });
      accessible('form step after sending', () => person);

      for (const [label, url] of [['overview', () => overviewURL], ['form step', () => formURL]]) {
        check(`the ${label} does not scroll sideways at 320 px`, async () => {
          const page = await person.context().newPage();
          try {
            await page.setViewportSize({ width: 320, height: 640 });
            await page.goto(url());
            assert.equal(await page.evaluate(() => window.innerWidth), 320);
            const o = await overflow(page);
            assert.ok(!o.scrolls, `the ${label} is ${o.scrollWidth} px wide at 320 px; sticking out:\n  ${o.culprits.join('\n  ')}`);
          } finally {
            await page.close();
          }
        });
      }
    });

    describe('clinician reads the answers', () => {
      step('the manage view shows the submission with its answers', async () => {
        await staff.goto(manageURL);
        const sub = staff.locator('article.submission').filter({ hasText: stepForm });
        assert.equal(await sub.count(), 1, 'one submission of the step form');
        assert.equal(await staff.locator('table.batteries tr.battery-filled').count(), 1, 'the battery at start filled');
        assert.match(await sub.getAttribute('class'), /\bunread\b/);
        const text = await sub.textContent();
        assert.match(text, new RegExp(typed));
        assert.match(text, /Jag sover sämre/);
      });
      accessible('manage view with a submission', () => staff);

      step('the clinician marks it read', async () => {
        const sub = staff.locator('article.submission').filter({ hasText: stepForm });
        const res = await post(staff, sub.getByRole('button', { name: /^Markera som läst\b/ }));
        assert.equal(res.status(), 303, 'marking read');
        await staff.getByRole('status').filter({ hasText: 'Formuläret är markerat som läst.' }).waitFor();
        assert.doesNotMatch(await sub.getAttribute('class'), /\bunread\b/);
        assert.match(await sub.textContent(), new RegExp(`Läst .* av (anna|${clinician})`));
        assert.equal(await sub.getByRole('button', { name: /^Markera som läst\b/ }).count(), 0);
      });

      step('the manage view fits its summary on one screen, modules collapsed', async (t) => {
        await staff.goto(manageURL);
        const height = await staff.evaluate(() => document.documentElement.scrollHeight);
        t.diagnostic(`manage view at 1280 px: ${height} px tall`);
        const tabs = staff.getByRole('navigation', { name: 'Flikar för momentet' });
        assert.ok((await tabs.boundingBox()).y < 720, 'the tabs are on the first screen');
        assert.equal(await staff.locator('details.module-steps[open]').count(), 0, 'modules are collapsed');
      });

      for (const [label, tab, heading] of [['timeline', 'Tidslinje', 'Tidslinje'], ['results', 'Resultat', 'Resultat']]) {
        step(`the clinician opens the ${label} tab`, async () => {
          await staff.goto(manageURL);
          await staff.getByRole('navigation', { name: 'Flikar för momentet' }).getByRole('link', { name: tab }).click();
          await staff.getByRole('heading', { level: 2, name: heading }).waitFor();
        });
        accessible(`${label} tab at 1280 px`, () => staff);
        check(`axe: ${label} tab at 320 px`, async () => {
          await staff.setViewportSize({ width: 320, height: 640 });
          try {
            const { fail } = await audit(staff);
            assert.equal(fail.length, 0, `axe on ${label} at 320 px (${staff.url()}):\n${format(fail)}`);
            const o = await overflow(staff);
            assert.ok(!o.scrolls, `the ${label} tab is ${o.scrollWidth} px wide at 320 px; sticking out:\n  ${o.culprits.join('\n  ')}`);
          } finally {
            await staff.setViewportSize({ width: 1280, height: 720 });
          }
        });
      }

      step('the timeline filters to forms without JavaScript and prints a PDF', async () => {
        await staff.goto(manageURL + '/timeline');
        await staff.getByLabel('Formulär', { exact: true }).check();
        await staff.getByRole('button', { name: 'Visa', exact: true }).click();
        await staff.waitForURL(/kind=forms/);
        const kinds = await staff.locator('table.timeline tbody tr').evaluateAll((rows) => rows.map((r) => r.className));
        assert.ok(kinds.length > 0 && kinds.every((k) => k === 'kind-forms'), `only forms: ${kinds}`);
        const href = await staff.getByRole('link', { name: 'Skriv ut som PDF' }).getAttribute('href');
        const res = await staff.request.get(new URL(href, staff.url()).toString());
        assert.equal(res.status(), 200);
        assert.equal(res.headers()['content-type'], 'application/pdf');
      });
    });

    describe('without JavaScript', () => {
      let page;
      step('the citizen signs in and sends a form', async () => {
        page = await newPage(browser, { javaScript: false });
        await signIn(page, server.base, citizen.name);
        await page.goto(formURL);
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('js')), false);
        // Without the script every follow-up question is shown.
        await page.getByLabel('Vad mer märker du?').waitFor({ state: 'visible' });
        await page.getByLabel('Jag är trött hela tiden').check();
        let res = await post(page, page.getByRole('button', { name: 'Skicka svar' }));
        assert.equal(res.status(), 422, 'a form with an error');
        await page.getByRole('alert').waitFor();
        assert.ok(await page.getByLabel('Jag är trött hela tiden').isChecked(), 'a ticked box stays ticked');
        await page.locator('#q-niva').getByText('3', { exact: true }).click();
        res = await post(page, page.getByRole('button', { name: 'Skicka svar' }));
        assert.equal(res.status(), 303, 'a correct form');
        await page.waitForURL(formURL);
        await page.getByRole('status').filter({ hasText: 'Tack! Dina svar är skickade.' }).waitFor();
      });

      step('the clinician sees both submissions', async () => {
        await staff.goto(manageURL);
        const subs = staff.locator('article.submission').filter({ hasText: stepForm });
        assert.equal(await subs.count(), 2);
        assert.equal(await staff.locator('article.submission.unread').filter({ hasText: stepForm }).count(), 1);
      });
    });

    // Messages and page comments, every flow without JavaScript: a
    // clinician writes, the citizen sees the unread count, reads, and
    // replies on a page comment; the clinician sees the read receipt, the
    // comment in the messages tab, and both on the timeline filtered to
    // messages and comments. axe runs on each new page at 1280 and 320 px
    // in the browsers with JavaScript.
    describe('messages and page comments without JavaScript', () => {
      let clin; // the clinician, without JavaScript
      let cit; // the citizen, without JavaScript
      let convURL = '';
      let commentURL = '';
      let stepURL = '';
      const title = 'Om återhämtning';
      const message = 'Hej Maria! Hur går det med återhämtningen den här veckan?';
      const comment = 'Jag har provat att ta en promenad varje kväll.';
      const commentStep = 'Uppgift: Planera in återhämtning';
      const tabs = () => clin.getByRole('navigation', { name: 'Flikar för momentet' });

      step('the clinician writes a message', async () => {
        clin = await newPage(browser, { javaScript: false });
        await signIn(clin, server.base, clinician);
        await clin.goto(manageURL);
        await tabs().getByRole('link', { name: /^Meddelanden/ }).click();
        await clin.getByRole('heading', { level: 2, name: 'Konversationer' }).waitFor();
        await clin.getByLabel('Rubrik').fill(title);
        let res = await post(clin, clin.getByRole('button', { name: 'Starta konversationen' }));
        assert.equal(res.status(), 303, 'starting a conversation');
        await clin.getByRole('heading', { level: 2, name: title }).waitFor();
        convURL = clin.url();
        await clin.getByLabel('Meddelande', { exact: true }).fill(message);
        res = await post(clin, clin.getByRole('button', { name: 'Skicka', exact: true }));
        assert.equal(res.status(), 303, 'sending the message');
        await clin.getByRole('status').filter({ hasText: 'Meddelandet är skickat.' }).waitFor();
        assert.match(await clin.locator('ol.messages').textContent(), new RegExp(message));
        assert.doesNotMatch(await clin.locator('ol.messages').textContent(), /Läst /, 'not read yet');
      });

      step('the citizen sees the unread count and reads the message', async () => {
        cit = await newPage(browser, { javaScript: false });
        await signIn(cit, server.base, citizen.name);
        await cit.goto(overviewURL);
        const tab = cit.getByRole('link', { name: 'Meddelanden (1 oläst)' });
        await tab.waitFor();
        await tab.click();
        const item = cit.locator('ul.conversations li').filter({ hasText: title });
        assert.match(await item.textContent(), /1 oläst/);
        await item.getByRole('link', { name: title }).click();
        await cit.getByRole('heading', { level: 2, name: title }).waitFor();
        assert.match(await cit.locator('ol.messages').textContent(), new RegExp(message));
        await cit.goto(overviewURL);
        await cit.getByRole('link', { name: 'Meddelanden', exact: true }).waitFor();
      });

      step('the citizen replies on a page comment', async () => {
        await cit.getByRole('link', { name: commentStep }).click();
        await cit.getByRole('heading', { level: 1, name: commentStep }).waitFor();
        stepURL = cit.url();
        await cit.getByRole('heading', { level: 2, name: 'Kommentarer' }).waitFor();
        await cit.getByLabel('Skriv en kommentar till behandlaren').fill(comment);
        const res = await post(cit, cit.getByRole('button', { name: 'Skicka kommentaren' }));
        assert.equal(res.status(), 303, 'sending the comment');
        await cit.getByRole('status').filter({ hasText: 'Kommentaren är skickad.' }).waitFor();
        assert.match(await cit.locator('section.comments').textContent(), new RegExp(comment));
      });

      step('the clinician sees the read receipt and the comment in the messages tab', async () => {
        await clin.goto(convURL);
        assert.match(await clin.locator('ol.messages').textContent(), /Läst \d/, 'the read receipt');
        await tabs().getByRole('link', { name: /^Meddelanden/ }).click();
        assert.match(await tabs().getByRole('link', { name: /^Meddelanden/ }).textContent(), /1/, 'one unread on the tab');
        const item = clin.locator('ul.conversations li').filter({ hasText: commentStep });
        assert.match(await item.textContent(), /1 oläst/);
        await item.getByRole('link', { name: `Kommentarer: Stress – ${commentStep}` }).click();
        commentURL = clin.url();
        assert.match(await clin.locator('ol.messages').textContent(), new RegExp(comment));
      });

      step('the timeline filtered to messages and comments shows both', async () => {
        await clin.goto(manageURL + '/timeline');
        await clin.getByLabel('Meddelanden', { exact: true }).check();
        await clin.getByLabel('Kommentarer', { exact: true }).check();
        await clin.getByRole('button', { name: 'Visa', exact: true }).click();
        await clin.waitForURL(/kind=messages&kind=comments/);
        const rows = clin.locator('table.timeline tbody tr');
        const kinds = await rows.evaluateAll((rs) => rs.map((r) => r.className));
        assert.ok(kinds.includes('kind-messages') && kinds.includes('kind-comments'), `both kinds: ${kinds}`);
        assert.ok(kinds.every((k) => k === 'kind-messages' || k === 'kind-comments'), `only messages and comments: ${kinds}`);
        const text = await clin.locator('table.timeline').textContent();
        for (const want of [`Meddelande i ${title}`, `Läste meddelandena i ${title}`, `Kommentar på sidan ${commentStep} i Stress`]) {
          assert.ok(text.includes(want), `the timeline says "${want}"`);
        }
        assert.ok(!text.includes(message) && !text.includes(comment), 'no message text on the timeline');
        await rows.getByRole('link', { name: `Kommentar på sidan ${commentStep} i Stress` }).click();
        assert.equal(clin.url(), commentURL);
      });

      // At 375 px the top bar (brand, unit, user, sign out) is one line,
      // and a personal number in it or in the summary never breaks.
      for (const [label, who, url] of [
        ['staff messages tab', () => staff, () => manageURL + '/messages'],
        ['citizen overview', () => person, () => overviewURL],
      ]) {
        check(`the top bar of the ${label} fits one line at 375 px`, async () => {
          const page = await who().context().newPage();
          try {
            await page.setViewportSize({ width: 375, height: 667 });
            await page.goto(url());
            const tops = await page.locator('header.top .bar').evaluate((bar) =>
              [...bar.querySelectorAll('.brand, .unit, .who .name, .who button')].map((el) => {
                const r = el.getBoundingClientRect();
                return { el: el.className || el.tagName, top: Math.round(r.top), bottom: Math.round(r.bottom) };
              }),
            );
            assert.ok(tops.length >= 3, `the top bar's parts: ${JSON.stringify(tops)}`);
            const centre = (t) => (t.top + t.bottom) / 2;
            const spread = Math.max(...tops.map(centre)) - Math.min(...tops.map(centre));
            assert.ok(spread < 12, `the top bar wraps at 375 px: ${JSON.stringify(tops)}`);
            for (const pnr of await page.locator('.pnr, .who .name').all()) {
              const lines = await pnr.evaluate((el) => el.getClientRects().length);
              assert.equal(lines, 1, `"${await pnr.textContent()}" breaks across lines`);
            }
            const o = await overflow(page);
            assert.ok(!o.scrolls, `${label} scrolls sideways at 375 px:\n  ${o.culprits.join('\n  ')}`);
          } finally {
            await page.close();
          }
        });
      }

      // axe and the width on the new pages, in the browsers with JavaScript.
      for (const [label, who, url] of [
        ['staff messages tab', () => staff, () => manageURL + '/messages'],
        ['staff conversation', () => staff, () => convURL],
        ['staff page comment', () => staff, () => commentURL],
        ['timeline filtered to messages', () => staff, () => manageURL + '/timeline?kind=messages&kind=comments'],
        ['citizen overview with messages', () => person, () => overviewURL],
        ['citizen messages tab', () => person, () => overviewURL.replace(/\/?$/, '/messages')],
        ['citizen conversation', () => person, () => convURL.replace(/^.*\/enrolments\/([^/]+)\/messages/, `${server.base}/e/$1/messages`)],
        ['step with comments', () => person, () => stepURL],
      ]) {
        for (const width of [1280, 320]) {
          check(`axe: ${label} at ${width} px`, async () => {
            const page = await who().context().newPage();
            try {
              await page.setViewportSize({ width, height: width === 320 ? 640 : 720 });
              const res = await page.goto(url());
              assert.equal(res.status(), 200, `${url()} answered ${res.status()}`);
              const { fail } = await audit(page);
              assert.equal(fail.length, 0, `axe on ${label} at ${width} px (${page.url()}):\n${format(fail)}`);
              const o = await overflow(page);
              assert.ok(!o.scrolls, `${label} is ${o.scrollWidth} px wide at ${width} px; sticking out:\n  ${o.culprits.join('\n  ')}`);
            } finally {
              await page.close();
            }
          });
        }
      }
    });

    describe('the checks themselves', () => {
      check('axe fails a page with a nameless button and an unlabelled field', async () => {
        const page = await staff.context().newPage();
        try {
          await page.goto(`${server.base}/signin`);
          await page.evaluate(() =>
            document.querySelector('main').insertAdjacentHTML('beforeend', '<button></button><input type="text">'),
          );
          const { fail } = await audit(page);
          assert.deepEqual(fail.map((v) => v.id).sort(), ['button-name', 'label']);
          assert.match(format(fail), /target: #main > button/);
        } finally {
          await page.close();
        }
      });
    });
  });
}
