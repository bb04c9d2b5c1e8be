// The first site of `cargo xtask serve` on a fresh clone: the book is served before the playground's
// module is built, with a stand-in module in its place (crates/xtask/src/site/pending.js). Each widget
// says the playground is being built, and the page reloads by itself once the built module is swapped
// in, as the server swaps in the whole built site.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { SITE_DIR, launch, open, textMatching, widget } from './support.mjs';

/** The copy of the site with the stand-in in `pkg/`, and where the driver serves it. */
const PENDING_DIR = process.env.PENDING_SITE_DIR;
const PENDING_URL = process.env.PENDING_SITE_URL;

let browser;

before(async () => {
  assert.ok(PENDING_DIR && PENDING_URL, 'cargo xtask test browser sets PENDING_SITE_DIR and PENDING_SITE_URL');
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Puts the built site's `pkg/` in place of the stand-in's, in one rename as the server does. */
function swapInTheBuiltModule() {
  const pkg = path.join(PENDING_DIR, 'pkg');
  const built = path.join(PENDING_DIR, 'pkg.new');
  fs.rmSync(built, { recursive: true, force: true });
  fs.cpSync(path.join(SITE_DIR, 'pkg'), built, { recursive: true });
  fs.rmSync(pkg, { recursive: true, force: true });
  fs.renameSync(built, pkg);
}

test('while the module is built the widgets say so, and the page comes alive by itself once it is there', async () => {
  const tab = await open(browser, { origin: new URL(PENDING_URL).origin });
  try {
    await tab.page.goto(new URL('playground.html', PENDING_URL).href);
    const validator = widget(tab.page, 'validator').first();
    const status = validator.getByRole('status');
    await textMatching(status, /still being built by cargo xtask serve/);
    assert.equal(await validator.getAttribute('aria-busy'), 'true', 'the widget is marked busy');
    assert.equal(await validator.getAttribute('data-mounted'), null, 'nothing is mounted from the stand-in');

    const reloaded = tab.page.waitForEvent('load', { timeout: 20000 });
    swapInTheBuiltModule();
    await reloaded;
    await tab.page.waitForFunction(
      () => document.querySelectorAll('[data-widget]:not([data-mounted])').length === 0,
      null,
      { timeout: 15000 },
    );
    await validator.getByRole('button', { name: 'Validate' }).click();
    await textMatching(validator.getByRole('status'), /\S/);
    // The stand-in's page asks only for what its site holds (its pages name no WebAssembly, and its
    // polls read the module), so not even a request that found nothing is logged.
    assert.deepEqual(tab.problems(), []);
  } finally {
    await tab.close();
  }
});
