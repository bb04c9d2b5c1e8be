// Shared set-up of the browser tests: one Chromium per test file, a fresh context per test, and guards
// that fail a test on a page error, a console error, a dialog, or a request to any host but the site's.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The repository root, from this file's place in it. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The served site; `cargo xtask test` sets it, a developer may serve `target/site` by hand. */
export const SITE_URL = (() => {
  const url = process.env.SITE_URL;
  if (!url) {
    throw new Error('SITE_URL is not set: serve target/site (cargo xtask serve, or python3 -m http.server -b 127.0.0.1 ' +
      '-d target/site) and set SITE_URL=http://127.0.0.1:PORT/, or run cargo xtask test browser');
  }
  return url.endsWith('/') ? url : `${url}/`;
})();

/** The built site on disk, for the tests that load the module in Node. */
export const SITE_DIR = process.env.SITE_DIR || path.join(ROOT, 'target', 'site');

const SITE_ORIGIN = new URL(SITE_URL).origin;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page in a context of its own (its own localStorage), watched: every request is recorded, and
 * `problems()` lists what must not happen (foreign requests, page errors, console errors, dialogs).
 */
export async function open(browser, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (request) => {
    const url = request.url();
    requests.push(url);
    const { protocol, origin } = new URL(url);
    if (protocol !== 'data:' && protocol !== 'blob:' && origin !== SITE_ORIGIN) {
      problems.push(`request to another host: ${url}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('dialog', async (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    await dialog.dismiss();
  });
  return {
    page,
    context,
    requests,
    problems: () => [...problems],
    close: () => context.close(),
  };
}

/** Opens `page` (relative to the site) and waits until every widget on it is mounted. */
export async function visit(page, relative) {
  await page.goto(new URL(relative, SITE_URL).href);
  await page.waitForFunction(() => {
    const widgets = document.querySelectorAll('[data-widget]');
    return widgets.length > 0 && [...widgets].every((widget) => widget.hasAttribute('data-mounted'));
  }, null, { timeout: 15000 });
}

/** The mounted widget of `kind` on the page. */
export function widget(page, kind) {
  return page.locator(`[data-widget="${kind}"]`);
}

/** Waits until `locator`'s text matches `pattern`, then returns the text. */
export async function textMatching(locator, pattern, timeout = 5000) {
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.textContent()) ?? '';
    if (pattern.test(text)) {
      return text;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.match(text, pattern);
  return text;
}

/** base64url without padding, as the widgets write their links. */
export function base64url(text) {
  return Buffer.from(text, 'utf8').toString('base64url');
}
