// Diagrams: drawn from the site's own copy of mermaid, which only a page with a diagram downloads.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { SITE_URL, launch, open } from './support.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('the use-case diagram is drawn with mermaid served by the site', async () => {
  const tab = await open(browser);
  try {
    await tab.page.goto(new URL('use-case.html', SITE_URL).href);
    await tab.page.locator('pre.mermaid svg').first().waitFor({ timeout: 15000 });
    const origin = new URL(SITE_URL).origin;
    assert.ok(tab.requests.includes(`${origin}/assets/mermaid.min.js`), 'mermaid came from the site');
    assert.deepEqual(tab.problems(), []);
  } finally {
    await tab.close();
  }
});

test('a page without a diagram does not download mermaid', async () => {
  const tab = await open(browser);
  try {
    await tab.page.goto(new URL('introduction.html', SITE_URL).href, { waitUntil: 'load' });
    await tab.page.waitForTimeout(300);
    assert.deepEqual(tab.requests.filter((url) => url.includes('mermaid')), []);
    assert.deepEqual(tab.problems(), []);
  } finally {
    await tab.close();
  }
});
