// WCAG 2.1 A and AA on every page of the built site, checked with axe-core: in the light theme and a
// dark one, with every widget run once so its result is checked too; the widgets alone in all five of
// mdBook's themes; and every widget usable at a phone's width (390 px) without sideways scrolling.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import axe from 'axe-core';

import { SITE_DIR, SITE_URL, launch, open } from './support.mjs';

/** The rules of WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Every theme mdBook offers; the whole site is checked in the first two, the widgets in all. */
const THEMES = ['light', 'navy', 'rust', 'coal', 'ayu'];

/**
 * The built site's pages, relative to it, from the files on disk (so no page can be missed), except
 * toc.html: mdBook's table of contents for readers without JavaScript, shown only inside the
 * sidebar's `<noscript>` frame, never as a page of its own.
 */
const PAGES = (function pages(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = `${prefix}${entry.name}`;
    if (entry.isDirectory()) {
      return pages(path.join(dir, entry.name), `${relative}/`);
    }
    return entry.name.endsWith('.html') ? [relative] : [];
  }).sort();
})(SITE_DIR).filter((page) => page !== 'toc.html');

/** The pages that carry widgets, from their HTML. */
const WIDGET_PAGES = PAGES.filter((page) => fs.readFileSync(path.join(SITE_DIR, page), 'utf8').includes('data-widget='));

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** A watched tab whose mdBook theme is `theme` from the first script on. */
async function openThemed(theme, viewport) {
  const tab = await open(browser, viewport ? { viewport } : undefined);
  await tab.context.addInitScript((name) => {
    localStorage.setItem('mdbook-theme', name);
  }, theme);
  // The 404 page names its assets under the site's path on the real host (`site-url`); here they are
  // served from the root.
  const prefix = '/pragmatic-serverless-rust/';
  await tab.context.route(`**${prefix}**`, (route) => {
    const url = new URL(route.request().url());
    url.pathname = `/${url.pathname.slice(prefix.length)}`;
    return route.continue({ url: url.href });
  });
  return tab;
}

/**
 * Opens `relative`, waits for its diagrams and widgets, and runs each widget once with the input it
 * starts with, so that what it renders is part of the page that is checked.
 */
async function load(page, relative) {
  // A navigation that has not loaded after 30 s is tried once more: on a loaded two-core machine a
  // page load now and then stalls (twice in one run of ~130 loads, cause not yet found); a page that
  // never loads still fails.
  const url = new URL(relative, SITE_URL).href;
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 30000 });
  } catch (error) {
    if (error.name !== 'TimeoutError') throw error;
    await page.goto(url, { waitUntil: 'load', timeout: 30000 });
  }
  await page.waitForFunction(() => {
    const diagrams = [...document.querySelectorAll('pre.mermaid')].every((pre) => pre.querySelector('svg'));
    const widgets = [...document.querySelectorAll('[data-widget]')].every((widget) => widget.hasAttribute('data-mounted'));
    return diagrams && widgets;
  }, null, { timeout: 20000 });
  const runs = page.locator('[data-widget] button.psr-run');
  for (let index = 0; index < await runs.count(); index += 1) {
    await runs.nth(index).click();
  }
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-widget] .psr-output')].every((output) => output.firstElementChild),
    null,
    { timeout: 10000 },
  );
  // accessibility.js marks what scrolls once per animation frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** The WCAG A/AA violations axe finds under `include` (the whole page by default), one line each. */
async function violations(page, relative, include = 'html') {
  await page.evaluate(axe.source);
  const found = await page.evaluate(async ({ tags, selector }) => {
    const results = await window.axe.run(
      { include: [...document.querySelectorAll(selector)] },
      { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
    );
    return results.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
      summary: violation.nodes[0]?.failureSummary ?? '',
    }));
  }, { tags: WCAG_TAGS, selector: include });
  return found.map(({ rule, impact, help, targets, summary }) => `${rule} (${impact}) on ${relative}: ${help}; ` +
    `${targets.length} node(s): ${targets.join(', ')}\n    ${summary.replaceAll('\n', '\n    ')}`);
}

assert.ok(PAGES.length > 10, `the built site in ${SITE_DIR} has pages (found ${PAGES.length})`);
assert.ok(WIDGET_PAGES.includes('playground.html'), 'the playground page carries widgets');

for (const theme of THEMES.slice(0, 2)) {
  describe(`every page in the ${theme} theme`, () => {
    for (const relative of PAGES) {
      test(`${relative} has no WCAG 2.1 A or AA violation`, async () => {
        const tab = await openThemed(theme);
        try {
          await load(tab.page, relative);
          assert.ok(await tab.page.evaluate((name) => document.documentElement.classList.contains(name), theme));
          const found = await violations(tab.page, relative);
          assert.deepEqual(found, [], `axe found:\n${found.join('\n')}`);
          assert.deepEqual(tab.problems(), []);
        } finally {
          await tab.close();
        }
      });
    }
  });
}

describe('the widgets in every theme', () => {
  for (const theme of THEMES) {
    test(`the run widgets on the playground page have no WCAG 2.1 A or AA violation in ${theme}`, async () => {
      const tab = await openThemed(theme);
      try {
        await load(tab.page, 'playground.html');
        assert.ok(await tab.page.evaluate((name) => document.documentElement.classList.contains(name), theme));
        const found = await violations(tab.page, 'playground.html', '[data-widget]');
        assert.deepEqual(found, [], `axe found:\n${found.join('\n')}`);
        assert.deepEqual(tab.problems(), []);
      } finally {
        await tab.close();
      }
    });
  }
});

describe('at 390 px wide', () => {
  for (const relative of WIDGET_PAGES) {
    test(`${relative} does not scroll sideways and every widget control is on screen and works`, async () => {
      const tab = await openThemed('light', { width: 390, height: 844 });
      const { page } = tab;
      try {
        await load(page, relative);
        const width = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          inner: window.innerWidth,
        }));
        assert.ok(width.scroll <= width.inner, `the page is ${width.scroll} px wide in a ${width.inner} px window`);
        const controls = page.locator('[data-widget] .psr-frame :is(button, input, select, textarea)');
        const count = await controls.count();
        assert.ok(count > 0, 'the widgets have controls');
        for (let index = 0; index < count; index += 1) {
          const control = controls.nth(index);
          await control.scrollIntoViewIfNeeded();
          const box = await control.boundingBox();
          const name = await control.evaluate((element) => element.labels?.[0]?.textContent || element.textContent);
          assert.ok(box && box.width >= 24 && box.height >= 24, `${name} is at least 24 px square`);
          assert.ok(box.x >= 0 && box.x + box.width <= width.inner, `${name} lies within the window`);
        }
        // Operable by touch at that width: each run button answers in its result area.
        const widgets = page.locator('[data-widget]');
        for (let index = 0; index < await widgets.count(); index += 1) {
          const output = widgets.nth(index).locator('.psr-output');
          await output.evaluate((element) => element.replaceChildren());
          await widgets.nth(index).locator('button.psr-run').click();
          await output.locator(':scope > *').first().waitFor({ timeout: 10000 });
        }
        const after = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(after <= width.inner, `with results shown the page is ${after} px wide in a ${width.inner} px window`);
        assert.deepEqual(tab.problems(), []);
      } finally {
        await tab.close();
      }
    });
  }
});

describe('on paper', () => {
  test('the print page shows each widget as its first example and a line saying it runs in the online book', async () => {
    const tab = await openThemed('light');
    const { page } = tab;
    try {
      await load(page, 'print.html');
      await page.emulateMedia({ media: 'print' });
      const widgets = await page.locator('[data-widget]').evaluateAll((all) => all.map((element) => ({
        kind: element.dataset.widget,
        form: getComputedStyle(element.querySelector('.psr-frame')).display,
        copy: element.querySelector('.psr-print') && getComputedStyle(element.querySelector('.psr-print')).display,
        text: element.querySelector('.psr-print')?.innerText ?? '',
      })));
      const chapters = WIDGET_PAGES.filter((page) => page !== 'print.html')
        // Placeholders in the markup: a page with widgets carries its stylesheets, whose selectors
        // name widgets too.
        .map((page) => fs.readFileSync(path.join(SITE_DIR, page), 'utf8')
          .replace(/<(style|script)\b[\s\S]*?<\/\1>/g, '').split('data-widget=').length - 1)
        .reduce((sum, count) => sum + count, 0);
      assert.equal(widgets.length, chapters, 'the print page has the widgets of every chapter');
      for (const { kind, form, copy, text } of widgets) {
        assert.equal(form, 'none', `the ${kind} form is not printed`);
        assert.equal(copy, 'block', `the ${kind} copy is printed`);
        assert.match(text, /in the online book this is a form/);
      }
      const validator = widgets.find(({ kind }) => kind === 'validator');
      assert.match(validator.text, /Create body \(JSON\)\s*\{\s*"name": "Kettle",\s*"price": 25\s*\}/);
      const console = widgets.find(({ kind }) => kind === 'console');
      assert.match(console.text, /Method\s*PUT\s*Path\s*\/api\/product\//);
      assert.deepEqual(tab.problems(), []);
    } finally {
      await tab.close();
    }
  });

  test('on screen the printed copy is hidden', async () => {
    const tab = await openThemed('light');
    try {
      await load(tab.page, 'playground.html');
      const shown = await tab.page.locator('[data-widget] .psr-print').evaluateAll(
        (copies) => copies.filter((copy) => getComputedStyle(copy).display !== 'none').length,
      );
      assert.equal(shown, 0);
    } finally {
      await tab.close();
    }
  });
});
