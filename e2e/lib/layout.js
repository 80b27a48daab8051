// Checks a page's layout at a narrow width.

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
