// Checks a page's layout at a narrow width, and axe and the layout at the
// two widths every page is tested at.

import assert from 'node:assert/strict';

import { audit, format } from './axe.js';

/**
 * overflow reports whether the page scrolls sideways at its current
 * viewport, and if so which elements stick out past the right edge: the
 * outermost of each, as tag#id.class, with its right edge in CSS pixels.
 */
export async function overflow(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const scrolls = root.scrollWidth > width || document.body.scrollWidth > width;
    const culprits = [];
    if (scrolls) {
      const describe = (el) =>
        el.tagName.toLowerCase() +
        (el.id ? `#${el.id}` : '') +
        [...el.classList].map((c) => `.${c}`).join('');
      for (const el of document.body.querySelectorAll('*')) {
        const right = el.getBoundingClientRect().right;
        if (right <= width + 0.5) continue;
        // Report the outermost element only; its children follow it out.
        const parent = el.parentElement;
        if (parent && parent !== document.body && parent.getBoundingClientRect().right > width + 0.5) continue;
        culprits.push(`${describe(el)} (right edge ${Math.round(right)} px)`);
        if (culprits.length >= 10) break;
      }
    }
    return { width, scrollWidth: root.scrollWidth, scrolls, culprits };
  });
}

/**
 * checkWidths runs axe and the sideways-scrolling check on the page where
 * it is, at 1280 px (height tall) and at 320 px (640 px high), puts the
 * viewport back to 1280 px, and fails naming every problem at once.
 */
export async function checkWidths(page, label, { tall = 720 } = {}) {
  const problems = [];
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: width === 320 ? 640 : tall });
    const { fail } = await audit(page);
    if (fail.length) problems.push(`axe on ${label} at ${width} px (${page.url()}):\n${format(fail)}`);
    const o = await overflow(page);
    if (o.scrolls) problems.push(`${label} is ${o.scrollWidth} px wide at ${width} px; sticking out:\n  ${o.culprits.join('\n  ')}`);
  }
  await page.setViewportSize({ width: 1280, height: tall });
  assert.equal(problems.length, 0, problems.join('\n\n'));
}
