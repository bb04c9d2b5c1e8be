// Shared set-up of the browser tests: one Chromium per test file, a fresh context per test, and guards
// that fail a test on a page error, a console error, a dialog, a request to any host but the site's, or
// anything the page's Content-Security-Policy refused (the site is served with it as a header).
import assert from 'node:assert/strict';
import fs from 'node:fs';
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

/**
 * Counts this test file adds to the run's figures (`cargo xtask test browser` sums every file's into
 * `$PSR_FIGURES_DIR/page.json`); written when the file's process ends, whether its tests passed or not.
 */
const figures = { csp_violations: 0 };

/** Adds `count` to the figure `name`. */
export function addFigure(name, count) {
  figures[name] = (figures[name] ?? 0) + count;
}

process.on('exit', () => {
  const dir = process.env.PSR_FIGURES_DIR;
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    fs.appendFileSync(path.join(dir, 'page.parts.jsonl'), `${JSON.stringify(figures)}\n`);
  }
});

/**
 * Writes a test file's times for the measurements table (`cargo xtask bench` reads
 * `$PSR_FIGURES_DIR/timings/*.json`): `{rows: [{id, ms}], browser, day}`. Times are not counts, so they
 * stay out of the figures above.
 */
export function writeTimings(name, timings) {
  const dir = process.env.PSR_FIGURES_DIR;
  if (dir) {
    fs.mkdirSync(path.join(dir, 'timings'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'timings', `${name}.json`), `${JSON.stringify(timings, null, 2)}\n`);
  }
}

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
 * `problems()` lists what must not happen (foreign requests, page errors, console errors, dialogs,
 * Content-Security-Policy violations). `countViolations: false` keeps a test that causes one on purpose
 * out of the run's count; `origin` is the one host the page may ask (the site's, unless told).
 */
export async function open(browser, { viewport = { width: 1280, height: 900 }, countViolations = true, origin = SITE_ORIGIN } = {}) {
  const context = await browser.newContext({ viewport });
  const requests = [];
  const problems = [];
  // Reported from the page as the browser raises them; both the binding and the listener are set up
  // by the browser itself, outside the page's policy, before any of the page's scripts runs.
  await context.exposeBinding('__psrPolicyViolation', (_source, violation) => {
    figures.csp_violations += countViolations ? 1 : 0;
    problems.push(`Content-Security-Policy violation: ${violation}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : '';
      const sample = event.sample ? ` (${event.sample})` : '';
      window.__psrPolicyViolation(`${event.effectiveDirective} refused ${event.blockedURI || 'inline'}${where}${sample}`);
    });
  });
  const page = await context.newPage();
  page.on('request', (request) => {
    const url = request.url();
    requests.push(url);
    const { protocol } = new URL(url);
    if (protocol !== 'data:' && protocol !== 'blob:' && new URL(url).origin !== origin) {
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

/**
 * Navigates `page` to `relative` (a page of the site). A navigation that has not loaded after 30 s is
 * tried once more, as the accessibility pass does: on a loaded two-core machine a page load now and
 * then stalls; a page that never loads still fails.
 */
export async function navigate(page, relative, options = {}) {
  const url = new URL(relative, SITE_URL).href;
  try {
    await page.goto(url, { timeout: 30000, ...options });
  } catch (error) {
    if (error.name !== 'TimeoutError') throw error;
    await page.goto(url, { timeout: 30000, ...options });
  }
}

/** Opens `page` (relative to the site) and waits until every widget on it is mounted. */
export async function visit(page, relative) {
  await navigate(page, relative);
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
