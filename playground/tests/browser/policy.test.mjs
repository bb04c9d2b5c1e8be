// The Content-Security-Policy of every page (ADR-0028): served as a header equal to the page's meta tag,
// strict where the contract says so, and in force: a script it does not name is refused, and the
// refusal is one of the problems that fail every browser test.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { SITE_DIR, SITE_URL, launch, open, visit } from './support.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Every HTML page of the built site, relative to it. */
async function pages() {
  const entries = await fs.readdir(SITE_DIR, { recursive: true });
  return entries.filter((entry) => entry.endsWith('.html')).map((entry) => entry.split(path.sep).join('/')).sort();
}

/** The directives of a policy, by name. */
function directives(policy) {
  return Object.fromEntries(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

test('every page is served with the policy its meta tag states, as strict as the contract says', async () => {
  const all = await pages();
  assert.ok(all.length > 20, `${all.length} pages`);
  for (const page of all) {
    const response = await fetch(new URL(page, SITE_URL));
    const header = response.headers.get('content-security-policy');
    const html = await response.text();
    const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
    assert.ok(meta, `${page}: no policy meta tag`);
    assert.equal(header, meta, `${page}: the header and the meta tag differ`);

    const policy = directives(meta);
    assert.deepEqual(policy['default-src'], ["'self'"], page);
    const [self, wasm, ...hashes] = policy['script-src'];
    assert.deepEqual([self, wasm], ["'self'", "'wasm-unsafe-eval'"], page);
    assert.ok(hashes.every((source) => /^'sha256-[A-Za-z0-9+/]{43}='$/.test(source)), `${page}: ${hashes}`);
    assert.deepEqual(policy['connect-src'], ["'self'"], page);
    assert.deepEqual(policy['object-src'], ["'none'"], page);
    // mdBook's 404 page sets a <base> on the site's own origin, so it finds its assets from any path.
    assert.deepEqual(policy['base-uri'], [page === '404.html' ? "'self'" : "'none'"], page);
  }
});

test('a script the policy does not name is refused, and the refusal is reported as a problem', async () => {
  const tab = await open(browser, { countViolations: false });
  try {
    await visit(tab.page, 'playground.html');
    const ran = await tab.page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedScriptRan = true;';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return window.injectedScriptRan === true;
    });
    assert.equal(ran, false, 'an inline script without its hash ran');
    await tab.page.waitForTimeout(100);
    // One refusal from each of the two policies in force, the header's and the meta tag's.
    const violations = tab.problems().filter((problem) => problem.startsWith('Content-Security-Policy violation'));
    assert.deepEqual(violations, Array(2).fill('Content-Security-Policy violation: script-src-elem refused inline'));
  } finally {
    await tab.close();
  }
});
