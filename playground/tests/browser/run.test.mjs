// Runnable snippets (ADR-0029): under the run service (`cargo xtask serve`, here the same server code
// started by `cargo xtask test browser` at RUN_SITE_URL) a snippet runs from the page, unedited,
// edited and broken, and a workshop starter's tests fail until the solution is pasted in; requests
// without the token or from another origin are refused. On the static site (SITE_URL) the command is
// shown instead and no run request is made.
//
// The first run builds the dependencies into target/run-service/, which takes minutes on a clean
// clone; later runs take seconds. Their times go to the measurements table (`writeTimings`).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { ROOT, SITE_URL, launch, open, textMatching, writeTimings } from './support.mjs';

const RUN_SITE_URL = process.env.RUN_SITE_URL;
if (!RUN_SITE_URL) {
  throw new Error('RUN_SITE_URL is not set: run cargo xtask test browser, which serves the site with the run service');
}
const RUN_ORIGIN = new URL(RUN_SITE_URL).origin;
// The workspace that run service serves: a copy made for these tests, so that writing an exercise
// back never touches the reader's own file.
const RUN_WORKSPACE = process.env.RUN_WORKSPACE;
if (!RUN_WORKSPACE || path.resolve(RUN_WORKSPACE) === path.resolve(ROOT)) {
  throw new Error('RUN_WORKSPACE must name a copy of the workspace: run cargo xtask test browser, which makes one');
}
const EXAMPLE = 'crates/product-handlers/examples/all_in_one.rs#all_in_one';
const EXERCISE = 'crates/workshop/src/exercises/sku.rs';
/** The first run of a clean clone builds every dependency. */
const FIRST_BUILD_MS = 20 * 60 * 1000;

let browser;
/** The times measured here, as rows of the measurements table (written once the file's tests end). */
const timings = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  if (timings.length > 0) {
    writeTimings('run-service', {
      rows: timings,
      browser: `headless Chromium ${browser.version()}`,
      day: new Date().toISOString().slice(0, 10),
    });
  }
  await browser?.close();
});

/** Keeps a time for the measurements table. */
function addTiming(id, ms) {
  timings.push({ id: `snippet run from the page (127.0.0.1, dependencies already built): ${id}`, ms });
}

/** The lines between a file's ANCHOR markers, as the page shows them. */
function shown(file, anchor) {
  const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.includes(`ANCHOR: ${anchor}`));
  const end = lines.findIndex((line) => line.includes(`ANCHOR_END: ${anchor}`));
  return `${lines.slice(start + 1, end).join('\n')}\n`;
}

/** Opens a chapter of the run-service site and returns the snippet's code, Run button and output. */
async function chapter(tab, relative, snippet) {
  await tab.page.goto(new URL(relative, RUN_SITE_URL).href, { timeout: 60000 });
  const code = tab.page.locator(`code[data-snippet="${snippet}"]`);
  const panel = tab.page.locator(`pre:has(code[data-snippet="${snippet}"]) + .run-panel`);
  return {
    code,
    run: panel.getByRole('button', { name: /^Run cargo / }),
    status: panel.locator('.run-status'),
    log: panel.locator('.run-log'),
    errors: panel.locator('.run-errors'),
    panel,
  };
}

/** Presses Run and waits for the run to end; returns the status text and how long it took. */
async function runAndWait(block, timeout) {
  const started = Date.now();
  await block.run.click();
  const status = await textMatching(block.status, /^(Finished|Stopped|The run)/, timeout);
  return { status, ms: Date.now() - started };
}

test('an unedited example runs from the page and prints what the chapter quotes', async () => {
  const tab = await open(browser, { origin: RUN_ORIGIN });
  try {
    const block = await chapter(tab, 'part1/all-in-one-handler.html', EXAMPLE);
    assert.equal(await block.code.getAttribute('contenteditable'), 'plaintext-only');
    const { status } = await runAndWait(block, FIRST_BUILD_MS);
    assert.equal(status, 'Finished: success.', await block.log.textContent());
    assert.match(await block.log.textContent(), /PUT {4}400 \{"error":"product already exists"\}/);

    // Warm now: the time to the first line of the program's output, as a reader sees it.
    const started = Date.now();
    await block.run.click();
    await textMatching(block.log, /PUT {4}200/, 60000);
    addTiming("an unedited example's first output", Date.now() - started);
    await textMatching(block.status, /^Finished/, 60000);
    assert.deepEqual(tab.problems(), []);
  } finally {
    await tab.close();
  }
});

test('an edited example runs with the edit, and a broken one shows the compiler error at its line', async () => {
  const tab = await open(browser, { origin: RUN_ORIGIN });
  try {
    const block = await chapter(tab, 'part1/all-in-one-handler.html', EXAMPLE);
    const original = shown('crates/product-handlers/examples/all_in_one.rs', 'all_in_one');
    const edited = original.replace('(400, json!({"error": "product already exists"})', '(409, json!({"error": "product already exists"})');
    assert.notEqual(edited, original);
    await block.code.fill(edited);
    const { status, ms } = await runAndWait(block, FIRST_BUILD_MS);
    assert.equal(status, 'Finished: success.', await block.log.textContent());
    assert.match(await block.log.textContent(), /PUT {4}409 \{"error":"product already exists"\}/);
    addTiming('an edited example, built and run', ms);

    const broken = original.split('\n');
    broken[2] = '    store: &mut NoSuchMap<String, Value>,';
    await block.code.fill(broken.join('\n'));
    const failed = await runAndWait(block, FIRST_BUILD_MS);
    assert.match(failed.status, /^Finished: failed/);
    assert.match(await block.errors.textContent(), /Line 3, column \d+: error\[E\d+\]: cannot find type `NoSuchMap`/);
    assert.deepEqual(tab.problems(), []);
  } finally {
    await tab.close();
  }
});

test("a workshop starter's tests fail, pass with the solution pasted in, and the page writes it on request", async () => {
  const tab = await open(browser, { origin: RUN_ORIGIN });
  try {
    const block = await chapter(tab, 'workshop/01-valid-values.html', EXERCISE);
    const starter = await runAndWait(block, FIRST_BUILD_MS);
    assert.match(starter.status, /^Finished: failed/, await block.log.textContent());
    assert.match(await block.log.textContent(), /test result: FAILED/);

    const solution = fs.readFileSync(path.join(ROOT, 'crates/workshop/src/solutions/sku.rs'), 'utf8');
    await block.code.fill(solution);
    const solved = await runAndWait(block, FIRST_BUILD_MS);
    assert.equal(solved.status, 'Finished: success.', await block.log.textContent());
    addTiming("an edited workshop exercise's tests, built and run", solved.ms);
    // Written only on request: the button names the file.
    const served = path.join(RUN_WORKSPACE, EXERCISE);
    const starterText = fs.readFileSync(served, 'utf8');
    assert.notEqual(starterText.trimEnd(), solution.trimEnd());
    const save = block.panel.getByRole('button', { name: `Write my edit into ${EXERCISE}` });
    assert.ok(await save.isVisible());
    await save.click();
    assert.equal(await textMatching(block.status, /^(Written|Not written)/, 30000), `Written to ${EXERCISE}.`);
    assert.equal(fs.readFileSync(served, 'utf8').trimEnd(), solution.trimEnd());
    // The reader's own starter is untouched.
    assert.equal(fs.readFileSync(path.join(ROOT, EXERCISE), 'utf8'), starterText);
    assert.deepEqual(tab.problems(), []);
  } finally {
    await tab.close();
  }
});

test('a run request without the token, or from another origin, is refused', async () => {
  const body = JSON.stringify({ snippet: EXAMPLE });
  const noToken = await fetch(new URL('/__run', RUN_SITE_URL), {
    method: 'POST',
    headers: { Origin: RUN_ORIGIN, 'Content-Type': 'application/json' },
    body,
  });
  assert.equal(noToken.status, 403);
  const page = await (await fetch(new URL('part1/all-in-one-handler.html', RUN_SITE_URL))).text();
  const token = page.match(/<meta name="psr-run-token" content="([0-9a-f]+)">/)?.[1];
  assert.ok(token, 'the served page carries the token');
  const foreign = await fetch(new URL('/__run', RUN_SITE_URL), {
    method: 'POST',
    headers: { Origin: 'http://evil.example', 'X-Run-Token': token, 'Content-Type': 'application/json' },
    body,
  });
  assert.equal(foreign.status, 403);

  // A page of another origin (the static site, on another port) cannot even send it: its own policy
  // allows no connection elsewhere (connect-src 'self'), and without that policy the browser would
  // still ask the run service's permission first (a custom header), which the service never grants.
  // The refusal is a policy violation on purpose, kept out of the run's count.
  const tab = await open(browser, { countViolations: false });
  try {
    await tab.page.goto(new URL('part1/all-in-one-handler.html', SITE_URL).href);
    const outcome = await tab.page.evaluate(async ({ url, token, body }) => {
      try {
        const response = await fetch(url, { method: 'POST', headers: { 'X-Run-Token': token }, body });
        return `answered ${response.status}`;
      } catch (error) {
        return `blocked: ${error.name}`;
      }
    }, { url: new URL('/__run', RUN_SITE_URL).href, token, body });
    assert.equal(outcome, 'blocked: TypeError');
  } finally {
    await tab.close();
  }
});

test('the static site shows the command with a copy button, and makes no run request', async () => {
  const tab = await open(browser);
  try {
    await tab.page.goto(new URL('part1/all-in-one-handler.html', SITE_URL).href);
    const panel = tab.page.locator(`pre:has(code[data-snippet="${EXAMPLE}"]) + .run-panel`);
    assert.equal(await panel.locator('.run-command code').textContent(), 'cargo run -p product-handlers --example all_in_one');
    assert.ok(await panel.getByRole('button', { name: 'Copy the command cargo run -p product-handlers --example all_in_one' }).isVisible());
    assert.equal(await tab.page.getByRole('button', { name: /^Run cargo / }).count(), 0);
    assert.equal(await tab.page.locator('code[contenteditable]').count(), 0);
    await tab.page.goto(new URL('part1/validation.html', SITE_URL).href);
    const fragment = tab.page.locator('pre:has(code[data-snippet="crates/product-domain/src/product.rs#product_name"]) + .run-panel');
    assert.equal(await fragment.locator('.run-command code').textContent(), 'cargo test -p product-domain --lib product::');
    assert.ok(tab.requests.every((url) => !url.includes('/__run')), tab.requests.join('\n'));
    assert.deepEqual(tab.problems(), []);
  } finally {
    await tab.close();
  }
});
