// The book with the keyboard alone: each widget is reached with Tab, filled by typing, run with
// Ctrl+Enter or Enter, and answers once in its live region; focus is always visible; mdBook's sidebar
// toggle and every block that scrolls take focus.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';

import { launch, open, textMatching, visit, widget } from './support.mjs';

/** Each widget's tab stops, by label or button text, in order. */
const STOPS = {
  validator: ['Example', 'Create body (JSON)', 'Validate', 'Share link'],
  console: ['Example', 'Method', 'Path', 'Query string', 'Request body', 'Send', 'Share link'],
  stream: [
    'Example',
    'DynamoDB Streams event (JSON)',
    'Refuse delivery for these product ids (comma-separated)',
    'Process',
    'Share link',
  ],
  events: ['Example', 'Models (JSON array)', 'Event source', 'Event name', 'Byte limit per request', 'Build events',
    'Share link'],
};

let browser;
let tab;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

beforeEach(async () => {
  tab = await open(browser);
});

afterEach(async () => {
  const problems = tab.problems();
  await tab.close();
  assert.deepEqual(problems, [], 'no page error, console error, dialog or foreign request');
});

/**
 * What has focus: its name (label or text), whether it is inside `kind`'s widget, and whether its
 * focus is drawn: an outline of at least 2 px that contrasts 3:1 with the background behind it.
 */
async function focused(page, kind) {
  return page.evaluate((kind) => {
    const element = document.activeElement;
    const rgb = (colour) => (colour.match(/[\d.]+/g) || []).map(Number);
    const luminance = ([r, g, b]) => {
      const linear = (c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    let behind = element.parentElement;
    while (behind && (rgb(getComputedStyle(behind).backgroundColor)[3] === 0 ||
      getComputedStyle(behind).backgroundColor === 'transparent')) {
      behind = behind.parentElement;
    }
    const style = getComputedStyle(element);
    const outline = luminance(rgb(style.outlineColor));
    const background = luminance(rgb(getComputedStyle(behind || document.body).backgroundColor));
    const contrast = (Math.max(outline, background) + 0.05) / (Math.min(outline, background) + 0.05);
    return {
      name: (element.labels?.[0]?.textContent || element.getAttribute('aria-label') || element.textContent || '').trim(),
      inside: Boolean(element.closest(`[data-widget="${kind}"]`)),
      visible: element.matches(':focus-visible') && style.outlineStyle !== 'none' &&
        parseFloat(style.outlineWidth) >= 2 && contrast >= 3,
      contrast: contrast.toFixed(2),
    };
  }, kind);
}

/** Puts focus on the last link before `kind`'s widget, as a reader tabbing down the page would have it. */
async function focusBefore(page, kind) {
  await page.evaluate((kind) => {
    const target = document.querySelector(`[data-widget="${kind}"]`);
    const links = [...document.querySelectorAll('main a[href]')].filter(
      (link) => link.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    links.at(-1).focus();
  }, kind);
}

/** Counts the changes of `kind`'s live result area, one per task that changed it. */
async function watchAnnouncements(page, kind) {
  await page.evaluate((kind) => {
    const output = document.querySelector(`[data-widget="${kind}"] [role="status"]`);
    window.announcements = 0;
    new MutationObserver(() => {
      window.announcements += 1;
    }).observe(output, { childList: true, subtree: true, characterData: true });
  }, kind);
  return async () => {
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
    return page.evaluate(() => window.announcements);
  };
}

describe('each widget with the keyboard alone', () => {
  for (const [kind, stops] of Object.entries(STOPS)) {
    test(`the ${kind} is reached with Tab, one control at a time, each with a visible focus`, async () => {
      const { page } = tab;
      await visit(page, 'playground.html');
      await focusBefore(page, kind);
      const seen = [];
      for (let step = 0; step < stops.length; step += 1) {
        await page.keyboard.press('Tab');
        const now = await focused(page, kind);
        assert.ok(now.inside, `Tab ${step + 1} stays in the ${kind} (at ${now.name})`);
        assert.ok(now.visible, `${now.name} shows its focus (outline contrast ${now.contrast}:1)`);
        seen.push(now.name);
      }
      assert.deepEqual(seen, stops);
    });
  }

  test('a body typed into the validator is checked with Ctrl+Enter and again with Enter on Validate', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    await focusBefore(page, 'validator');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const announcements = await watchAnnouncements(page, 'validator');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{"name": "", "price": 0}');
    assert.equal(await announcements(), 0, 'typing announces nothing');
    await page.keyboard.press('Control+Enter');
    const status = widget(page, 'validator').getByRole('status');
    await textMatching(status, /^Invalid: 2 problems/);
    assert.equal(await announcements(), 1, 'the result is announced once');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page, 'validator')).name, 'Validate');
    await page.keyboard.press('Enter');
    await textMatching(status, /^Invalid: 2 problems/);
    assert.equal(await announcements(), 2, 'a second run is announced once more');
  });

  test('a request built in the console from the keyboard is sent with Ctrl+Enter and with Enter on Send', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    await focusBefore(page, 'console');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page, 'console')).name, 'Method');
    const announcements = await watchAnnouncements(page, 'console');
    await page.keyboard.press('Home');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('/api/products');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('limit=0');
    assert.equal(await announcements(), 0, 'typing announces nothing');
    await page.keyboard.press('Control+Enter');
    const status = widget(page, 'console').getByRole('status');
    await textMatching(status, /^HTTP 400 Bad Request[\s\S]*\/queryStringParameters\/limit/);
    assert.equal(await announcements(), 1, 'the answer is announced once');
    // Clear the query and the body, then send from the button.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page, 'console')).name, 'Send');
    await page.keyboard.press('Enter');
    await textMatching(status, /^HTTP 200 OK/);
    assert.equal(await announcements(), 2, 'the second answer is announced once more');
  });

  test('the stream processor and the event builder run with Ctrl+Enter from their first field', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    for (const [kind, answer] of [['stream', /^5 notifications; 5 events delivered/], ['events', / events? in \d+ PutEvents requests?;/]]) {
      await focusBefore(page, kind);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal((await focused(page, kind)).name, STOPS[kind][1]);
      const announcements = await watchAnnouncements(page, kind);
      await page.keyboard.press('Control+Enter');
      await textMatching(widget(page, kind).getByRole('status'), answer);
      assert.equal(await announcements(), 1, `the ${kind}'s result is announced once`);
    }
  });
});

describe("mdBook's page with the keyboard", () => {
  test('the sidebar toggle takes focus, shows it, and opens and closes the sidebar with Enter and Space', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    await page.focus('#mdbook-theme-toggle');
    await page.keyboard.press('Shift+Tab');
    const toggle = page.locator('#mdbook-sidebar-toggle');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'mdbook-sidebar-toggle');
    assert.equal(await toggle.getAttribute('role'), 'button');
    assert.equal(await toggle.evaluate((element) => element.matches(':focus-visible') &&
      getComputedStyle(element).outlineStyle !== 'none'), true, 'its focus is drawn');
    const expanded = await toggle.getAttribute('aria-expanded');
    await page.keyboard.press('Enter');
    assert.notEqual(await toggle.getAttribute('aria-expanded'), expanded, 'Enter toggled the sidebar');
    await page.keyboard.press(' ');
    assert.equal(await toggle.getAttribute('aria-expanded'), expanded, 'Space toggled it back');
  });

  test('every code block that scrolls is a named tab stop that the arrow keys scroll', async () => {
    const { page } = tab;
    await page.setViewportSize({ width: 390, height: 844 });
    await visit(page, 'part1/validation.html');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // The book's code blocks; the widgets' own blocks are named after their titles.
    const blocks = await page.evaluate(() => [...document.querySelectorAll('main pre, main pre > code')]
      .filter((element) => !element.closest('[data-widget]'))
      .filter((element) => element.scrollWidth > element.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(element).overflowX))
      .map((element) => ({ tabindex: element.getAttribute('tabindex'), name: element.getAttribute('aria-label') })));
    assert.ok(blocks.length > 0, 'some code is wider than a phone');
    for (const block of blocks) {
      assert.equal(block.tabindex, '0');
      assert.match(block.name ?? '', /^Code/);
    }
    const first = page.locator('main :is(pre, code)[data-psr-scroll]:not([data-widget] *)').first();
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    // Chromium scrolls smoothly: wait for it rather than read the position at once.
    await first.evaluate((element) => new Promise((resolve, reject) => {
      const deadline = Date.now() + 5000;
      (function check() {
        if (element.scrollLeft > 0) {
          resolve();
        } else if (Date.now() > deadline) {
          reject(new Error('the arrow keys did not scroll it'));
        } else {
          requestAnimationFrame(check);
        }
      })();
    }));
  });
});
