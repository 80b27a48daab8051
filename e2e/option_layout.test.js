// The options of a form question laid out as the designer asked (layout:
// row | column, designer/form.go), in headless Chromium against the
// designer's live preview of the sample programs:
//
//   at 1280 px the four options of each PHQ-9 question (a rating, so a row
//   by default) stand side by side on one line; at 320 px they stack, and
//   the page does not scroll sideways. axe-core runs at both widths.
//
// Without Chromium the tests skip, loudly; with CI=true they fail instead.

import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';

import { browserTests, newPage } from './lib/session.js';
import { launch } from './lib/browser.js';
import { startPreview } from './lib/server.js';
import { audit, format } from './lib/axe.js';
import { overflow } from './lib/layout.js';

const phq9 = '/p/primarvard-psykoedukation/steg/nedstamdhet/hur-mar-du';

await browserTests('option layouts in headless Chromium', optionLayouts);

// rows returns, for each question laid out in a row, the number of
// distinct tops of its option buttons.
function rows(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.choices.layout-row')].map(
      (c) => new Set([...c.querySelectorAll('input')].map((i) => Math.round(i.getBoundingClientRect().top))).size,
    ),
  );
}

function optionLayouts() {
  describe('option layouts', () => {
    let preview;
    let browser;
    let page;
    before(async () => {
      preview = await startPreview('content');
      browser = await launch();
      page = await newPage(browser);
    });
    after(async () => {
      await browser?.close();
      await preview?.stop();
    });

    it('a rating stands on one row at 1280 px', async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      const res = await page.goto(preview.base + phq9);
      assert.equal(res.status(), 200, `GET ${phq9}:\n${preview.logs().slice(-2000)}`);
      const tops = await rows(page);
      assert.ok(tops.length >= 9, `PHQ-9 has ${tops.length} questions laid out in a row, want 9 or more`);
      assert.deepEqual(tops, tops.map(() => 1), `rows of options by the number of lines they take: ${tops}`);
      const fail = (await audit(page)).fail;
      assert.equal(fail.length, 0, `axe at 1280 px:\n${format(fail)}`);
    });

    it('the options stack at 320 px, without scrolling sideways', async () => {
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(preview.base + phq9);
      const tops = await rows(page);
      assert.ok(tops.every((n) => n > 1), `at 320 px every row should stack: ${tops}`);
      const o = await overflow(page);
      assert.ok(!o.scrolls, `the page is ${o.scrollWidth} px wide at 320 px; sticking out:\n  ${o.culprits.join('\n  ')}`);
      const fail = (await audit(page)).fail;
      assert.equal(fail.length, 0, `axe at 320 px:\n${format(fail)}`);
    });
  });
}
