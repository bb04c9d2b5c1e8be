// How the playground loads: only where a page has widgets, only from the site itself.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { SITE_URL, launch, open, visit } from './support.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('a page without widgets does not load the WebAssembly module', async () => {
  const tab = await open(browser);
  try {
    await tab.page.goto(new URL('introduction.html', SITE_URL).href, { waitUntil: 'load' });
    await tab.page.waitForTimeout(500);
    assert.equal(await tab.page.locator('[data-widget]').count(), 0, 'the introduction has no widget');
    assert.deepEqual(tab.requests.filter((url) => url.includes('/pkg/')), []);
    assert.deepEqual(tab.problems(), []);
  } finally {
    await tab.close();
  }
});

test('the playground page loads the module and mounts every widget from the site alone', async () => {
  const tab = await open(browser);
  try {
    await visit(tab.page, 'playground.html');
    const kinds = await tab.page.locator('[data-widget][data-mounted]').evaluateAll(
      (widgets) => widgets.map((widget) => widget.dataset.widget),
    );
    assert.deepEqual(kinds, ['validator', 'console', 'stream', 'events']);
    const origin = new URL(SITE_URL).origin;
    assert.ok(tab.requests.includes(`${origin}/pkg/playground_bg.wasm`), 'the module came from the site');
    assert.ok(tab.requests.every((url) => url.startsWith(origin) || url.startsWith('data:')));
    assert.deepEqual(tab.problems(), []);
  } finally {
    await tab.close();
  }
});

test('a module that cannot be loaded leaves a message in each placeholder', async () => {
  const tab = await open(browser);
  try {
    await tab.page.route('**/pkg/playground.js', (route) => route.fulfill({ status: 404, body: 'missing' }));
    await tab.page.goto(new URL('playground.html', SITE_URL).href);
    const messages = tab.page.locator('[data-widget] .psr-unavailable');
    await messages.first().waitFor();
    assert.equal(await messages.count(), 4);
    assert.match(await messages.first().textContent(), /could not be loaded/);
    const unexpected = tab.problems().filter((problem) => !problem.includes('404'));
    assert.deepEqual(unexpected, []);
  } finally {
    await tab.close();
  }
});
