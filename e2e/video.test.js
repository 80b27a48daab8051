// Video meetings in headless Chromium, against the real binary (see
// lib/server.js):
//
//   the unit admin (Cecilia Carlsson) finds the demo's video service under
//   Videomöten, has a template with plain http refused with its reason and
//   sets another; the clinician (Bertil Berg) adds a video meeting a few
//   minutes ahead to the planning of the demo citizen with the lifestyle
//   program (Johan Berg); both see "Gå till videomötet" (on the planning,
//   the citizen's overview and the manage view's header), and following it
//   answers 303 to the service's room (Location checked; a click without
//   JavaScript is answered in the browser, example.org is never reached);
//   the unit admin finds the openings in the
//   access log. Axe needs JavaScript, so the pages are audited in contexts
//   with it; the unit admin sets the template, and the citizen finds and
//   follows the link, again in contexts without it.
//
// Every page is run through axe-core at 1280 and 320 px (serious and
// critical violations fail) and must not scroll sideways at 320 px.
// Without Chromium the tests skip, loudly; with CI=true they fail.

import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { browserTests, newPage, post, signIn, startRun, steps, stopRun } from './lib/session.js';
import { checkWidths } from './lib/layout.js';

const citizen = 'Johan Berg';
const clinician = 'Bertil Berg';
const unitAdmin = 'Cecilia Carlsson';
const unit = 'mottagning-syd';
const program = 'Hälsosamma vanor – rörelse, mat och sömn';
const template = 'https://video.example.org/join/{room}';
const title = 'Videosamtal om sömnen';

// inStockholm is the date ("2006-01-02") and time ("15:04") of d in
// Stockholm, as the planning takes them.
function inStockholm(d) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(d).map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

await browserTests('video meetings in headless Chromium', videoPath);

function videoPath() {
  let server;
  let browser;
  let admin; // the unit admin's
  let staff; // the clinician's
  let page; // the citizen's
  let plainAdmin; // the unit admin's, without JavaScript
  let plain; // the citizen's, without JavaScript
  let citizenJoin = '';
  let staffJoin = '';
  const path = steps(() => server);
  const { step } = path;

  const accessible = (label, get) =>
    step(`axe at 1280 and 320 px: ${label}`, () => checkWidths(get(), label, { tall: 800 }));

  describe('video meetings', () => {
    before(async () => {
      ({ server, browser } = await startRun());
      admin = await newPage(browser);
      staff = await newPage(browser);
      page = await newPage(browser);
      plainAdmin = await newPage(browser, { javaScript: false });
      plain = await newPage(browser, { javaScript: false });
    });
    after(() => stopRun({ server, browser }));

    step('the unit admin finds Videomöten with the demo service', async () => {
      await signIn(admin, server.base, unitAdmin);
      await admin.goto(`${server.base}/u/${unit}/`);
      await admin.getByRole('link', { name: 'Videomöten', exact: true }).first().click();
      await admin.waitForURL(`${server.base}/u/${unit}/video`);
      await admin.getByText('stegvis lagrar ingen video').waitFor();
      assert.match(await admin.locator('.video-example').textContent(), /^https:\/\/video\.example\.com\/join\/[0-9a-f]{32}$/);
    });
    accessible('the video service', () => admin);

    step('a template with plain http is refused with its reason', async () => {
      await admin.locator('#v-template').fill('http://video.example.org/{room}');
      const res = await post(admin, admin.getByRole('button', { name: 'Spara', exact: true }));
      assert.equal(res.status(), 422);
      await admin.locator('#v-template-err').filter({ hasText: 'Adressen måste börja med https://' }).waitFor();
      assert.equal(await admin.locator('#v-template').getAttribute('aria-invalid'), 'true');
      assert.equal(await admin.locator('#v-template').inputValue(), 'http://video.example.org/{room}');
    });
    accessible('a template refused', () => admin);

    step('the unit admin sets the template, without JavaScript', async () => {
      await signIn(plainAdmin, server.base, unitAdmin);
      await plainAdmin.goto(`${server.base}/u/${unit}/video`);
      await plainAdmin.locator('#v-template').fill(template);
      const res = await post(plainAdmin, plainAdmin.getByRole('button', { name: 'Spara', exact: true }));
      assert.equal(res.status(), 303);
      await plainAdmin.getByRole('status').filter({ hasText: 'Enhetens videotjänst är sparad.' }).waitFor();
      assert.match(await plainAdmin.locator('.video-example').textContent(), /^https:\/\/video\.example\.org\/join\/[0-9a-f]{32}$/);
    });

    step('the clinician adds a video meeting a few minutes ahead', async () => {
      await signIn(staff, server.base, clinician);
      await staff.goto(`${server.base}/u/${unit}/all`);
      await staff.getByRole('link', { name: citizen }).first().click();
      await staff.locator('nav.manage-tabs').getByRole('link', { name: 'Planering' }).click();
      await staff.waitForURL(/\/planning$/);
      await staff.getByRole('heading', { name: 'Lägg till videomöte' }).waitFor();
      const at = inStockholm(new Date(Date.now() + 5 * 60 * 1000));
      await staff.locator('#v-title').fill(title);
      await staff.locator('#v-date').fill(at.date);
      await staff.locator('#v-time').fill(at.time);
      const res = await post(staff, staff.getByRole('button', { name: 'Lägg till videomöte' }));
      assert.equal(res.status(), 303);
      await staff.getByRole('status').filter({ hasText: 'Videomötet är tillagt i planeringen.' }).waitFor();
      const item = staff.locator('.planning-list li').filter({ hasText: title });
      assert.match(await item.textContent(), new RegExp(`Videomöte[\\s\\S]*kl\\. ${at.time}`));
      const link = item.getByRole('link', { name: new RegExp(`Gå till videomötet\\s*:\\s*${title}`) });
      staffJoin = await link.getAttribute('href');
      assert.match(staffJoin, new RegExp(`^/u/${unit}/video/[a-z0-9]+/\\d+$`));
      // The manage view's header offers it on every tab.
      assert.equal(await staff.locator('.manage-head .video-now').getByRole('link', { name: /Gå till videomötet/ }).getAttribute('href'), staffJoin);
    });
    accessible('planning with a video meeting, staff', () => staff);

    step('the citizen\'s overview offers the meeting now', async () => {
      await signIn(page, server.base, citizen);
      await page.goto(`${server.base}/home`);
      await page.getByRole('link', { name: program }).click();
      await page.waitForURL(/\/e\/[a-z0-9]+\/?$/);
      await page.getByRole('heading', { name: 'Videomöte nu' }).waitFor();
    });
    accessible('the overview with a video meeting now', () => page);

    step('the citizen\'s planning has the link', async () => {
      await page.locator('nav.tabs').getByRole('link', { name: 'Planering', exact: true }).click();
      await page.getByText('stegvis lagrar ingen video').waitFor();
      const item = page.locator('.planning-list li').filter({ hasText: title });
      citizenJoin = await item.getByRole('link', { name: /Gå till videomötet/ }).getAttribute('href');
      assert.match(citizenJoin, /^\/e\/[a-z0-9]+\/video\/\d+$/);
      assert.equal(await page.getByRole('heading', { name: 'Lägg till videomöte' }).count(), 0, 'the citizen adds no video meeting');
    });
    accessible('planning with a video meeting, citizen', () => page);

    step('without JavaScript the citizen finds the link and it sends them on', async () => {
      await signIn(plain, server.base, citizen);
      // The service is not reached: the browser is answered here.
      await plain.route('https://video.example.org/**', (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'video service' }));
      await plain.goto(`${server.base}${citizenJoin.replace(/\/video\/\d+$/, '/planning')}`);
      const link = plain.locator('.planning-list li').filter({ hasText: title }).getByRole('link', { name: /Gå till videomötet/ });
      assert.equal(await link.getAttribute('href'), citizenJoin);
      const [req] = await Promise.all([
        plain.waitForRequest((r) => r.url().startsWith('https://video.example.org/join/')),
        link.click({ noWaitAfter: true }),
      ]);
      assert.match(req.url(), /^https:\/\/video\.example\.org\/join\/[0-9a-f]{32}$/);
    });

    step('following the link sends both to the service\'s room', async () => {
      const rooms = [];
      for (const [p, href] of [[page, citizenJoin], [staff, staffJoin]]) {
        const res = await p.request.get(`${server.base}${href}`, { maxRedirects: 0 });
        assert.equal(res.status(), 303, `${href} answered ${res.status()}`);
        const to = res.headers().location;
        assert.match(to, /^https:\/\/video\.example\.org\/join\/[0-9a-f]{32}$/);
        rooms.push(to);
      }
      assert.equal(rooms[0], rooms[1], 'both meet in the same room');
    });

    step('the unit admin finds the openings in the access log', async () => {
      await admin.goto(`${server.base}/u/${unit}/accesslog`);
      const rows = admin.locator('tr').filter({ hasText: 'Öppnade videomöte' });
      await rows.first().waitFor();
      assert.equal(await rows.count(), 3, 'the citizen twice (a request and a click), the clinician once');
      assert.equal(await rows.filter({ hasText: 'Invånare' }).count(), 2);
      assert.equal(await rows.filter({ hasText: clinician }).count(), 1);
    });
    accessible('the access log with video openings', () => admin);
  });
}
