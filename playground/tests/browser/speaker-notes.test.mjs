// The workshop's speaker notes: collapsed for attendees, opened all at once by the presenter view,
// which this browser remembers from one page to the next.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { ROOT, SITE_URL, launch, open } from './support.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The workshop's module pages, from the sources: each must carry speaker notes. */
const MODULES = fs.readdirSync(path.join(ROOT, 'src', 'workshop'))
  .filter((name) => /^\d\d-.*\.md$/.test(name))
  .sort()
  .map((name) => `workshop/${name.replace(/\.md$/, '.html')}`);

/** The chapters the workshop's agenda sends the session to: the instructor's notes are there too. */
const AGENDA = fs.readFileSync(path.join(ROOT, 'src', 'workshop', 'index.md'), 'utf8').split('## Agenda')[1].split('\n## ')[0];
const CHAPTERS = [...new Set([...AGENDA.matchAll(/\]\(\.\.\/([\w/-]+)\.md(?:#[\w-]*)?\)/g)].map(([, page]) => `${page}.html`))];

async function notesOpen(page) {
  return page.$$eval('details.speaker-notes', (notes) => notes.map((note) => note.open));
}

test('every workshop module and chapter of the session has speaker notes, collapsed until the presenter view is on', async () => {
  assert.ok(MODULES.length >= 6, MODULES.join(', '));
  assert.ok(CHAPTERS.length >= 8, CHAPTERS.join(', '));
  const tab = await open(browser);
  try {
    for (const module of [...MODULES, ...CHAPTERS]) {
      await tab.page.goto(new URL(module, SITE_URL).href);
      const open = await notesOpen(tab.page);
      assert.ok(open.length > 0, `${module} has speaker notes`);
      assert.deepEqual(open, open.map(() => false), `${module}: the notes start collapsed`);
      const toggle = tab.page.getByRole('button', { name: 'Presenter view' });
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false', module);
    }
    assert.deepEqual(tab.problems(), []);
  } finally {
    await tab.close();
  }
});

test('the presenter view opens every note, is remembered on the next page, and closes again', async () => {
  const [first, second] = MODULES;
  const tab = await open(browser);
  try {
    await tab.page.goto(new URL(first, SITE_URL).href);
    await tab.page.getByRole('button', { name: 'Presenter view' }).click();
    assert.equal(await tab.page.getByRole('button', { name: 'Presenter view' }).getAttribute('aria-pressed'), 'true');
    assert.ok((await notesOpen(tab.page)).every(Boolean), 'every note of the page is open');

    await tab.page.goto(new URL(second, SITE_URL).href);
    const toggle = tab.page.getByRole('button', { name: 'Presenter view' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'the view is remembered');
    assert.ok((await notesOpen(tab.page)).every(Boolean), 'the next page opens its notes too');

    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.ok((await notesOpen(tab.page)).every((open) => !open), 'every note is collapsed again');
    await tab.page.reload();
    assert.ok((await notesOpen(tab.page)).every((open) => !open), 'and stays collapsed');
    assert.deepEqual(tab.problems(), []);
  } finally {
    await tab.close();
  }
});

test('a page without speaker notes gets no presenter button', async () => {
  const tab = await open(browser);
  try {
    await tab.page.goto(new URL('introduction.html', SITE_URL).href);
    assert.equal(await tab.page.locator('.speaker-notes-toggle').count(), 0);
    assert.deepEqual(tab.problems(), []);
  } finally {
    await tab.close();
  }
});
