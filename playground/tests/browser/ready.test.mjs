// How long a reader waits: from navigation to a widget that answers, read from the mark the loader sets
// (`psr:widget-ready`, counted from the navigation's start). The figure goes to the run's figures folder
// for `cargo xtask bench`; the test fails only when the mark is missing, never on a time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch, open, textMatching, visit, widget, writeTimings } from './support.mjs';

/** The page measured: the playground chapter, with all four kinds of widget. */
const PAGE = 'playground.html';
/** Loads measured, each in a fresh context (no cache, nothing compiled yet): the median is kept. */
const LOADS = 7;

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** One cold load of `PAGE`: the mark's time in milliseconds, once a widget has answered. */
async function loadOnce() {
  const tab = await open(browser);
  try {
    await visit(tab.page, PAGE);
    const ready = await tab.page.evaluate(
      () => performance.getEntriesByName('psr:widget-ready', 'mark').map((mark) => mark.startTime),
    );
    assert.equal(ready.length, 1, 'the loader marks the widgets ready once');
    const validator = widget(tab.page, 'validator').first();
    await validator.getByRole('button', { name: 'Validate' }).click();
    await textMatching(validator.getByRole('status'), /\S/);
    assert.deepEqual(tab.problems(), []);
    return ready[0];
  } finally {
    await tab.close();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

test('a widget page marks when its widgets are ready, after the navigation began', async () => {
  const samples = [];
  for (let load = 0; load < LOADS; load += 1) {
    samples.push(await loadOnce());
  }
  for (const sample of samples) {
    assert.ok(Number.isFinite(sample) && sample > 0, `psr:widget-ready at ${sample} ms`);
  }
  const figure = {
    rows: [{
      id: `navigation to a ready widget (${PAGE}, 127.0.0.1, median of ${LOADS} cold loads)`,
      ms: median(samples),
      samples_ms: samples.map((sample) => Math.round(sample * 10) / 10),
    }],
    browser: `headless Chromium ${browser.version()}`,
    day: new Date().toISOString().slice(0, 10),
  };
  console.log(`navigation to a ready widget on ${PAGE}: median ${figure.rows[0].ms.toFixed(1)} ms of ${LOADS} loads`);
  writeTimings('page-ready', figure);
});
