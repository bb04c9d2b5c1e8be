// Diagrams: drawn from the site's own copy of mermaid, which only a page with a diagram downloads, and
// every diagram of the book drawn: a block mermaid cannot parse would otherwise show as its source text
// (or as mermaid's error picture), and nothing else would notice.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { ROOT, SITE_URL, launch, navigate, open } from './support.mjs';

/** The fewest diagrams the book promises; a page losing its diagrams fails the count. */
const MIN_DIAGRAMS = 8;

/** Each chapter's page (relative to the site) with the number of mermaid blocks its Markdown holds. */
function diagramsBySource() {
  const src = path.join(ROOT, 'src');
  const pages = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (entry.name.endsWith('.md') && entry.name !== 'SUMMARY.md') {
        const blocks = fs.readFileSync(file, 'utf8').match(/^```mermaid[ \t]*$/gm)?.length ?? 0;
        if (blocks > 0) {
          const page = path.relative(src, file).split(path.sep).join('/').replace(/\.md$/, '.html');
          pages.push({ page, blocks });
        }
      }
    }
  };
  walk(src);
  return pages.sort((a, b) => a.page.localeCompare(b.page));
}

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
    await navigate(tab.page, 'use-case.html');
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
    await navigate(tab.page, 'introduction.html', { waitUntil: 'load' });
    await tab.page.waitForTimeout(300);
    assert.deepEqual(tab.requests.filter((url) => url.includes('mermaid')), []);
    assert.deepEqual(tab.problems(), []);
  } finally {
    await tab.close();
  }
});

test(`the book has at least ${MIN_DIAGRAMS} diagrams`, () => {
  const total = diagramsBySource().reduce((sum, { blocks }) => sum + blocks, 0);
  assert.ok(total >= MIN_DIAGRAMS, `${total} mermaid blocks in src/`);
});

for (const { page, blocks } of diagramsBySource()) {
  test(`every diagram of ${page} is drawn as a picture (${blocks})`, async () => {
    const tab = await open(browser);
    try {
      await navigate(tab.page, page);
      assert.equal(await tab.page.locator('pre.mermaid').count(), blocks, 'each mermaid block reached the page');
      // Drawn, or given up on: mermaid marks each block it has handled.
      await tab.page.waitForFunction(
        (count) => document.querySelectorAll('pre.mermaid[data-processed="true"]').length === count,
        blocks,
        { timeout: 20000 },
      );
      const drawn = await tab.page.$$eval('pre.mermaid', (diagrams) => diagrams.map((diagram, index) => {
        // A block mermaid cannot parse becomes its error picture, an svg of its own.
        const svg = diagram.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          index,
          svg: Boolean(svg),
          error: Boolean(diagram.querySelector('svg[aria-roledescription="error"]')),
          visible: Boolean(box && box.width > 0 && box.height > 0),
          text: svg ? '' : diagram.textContent.slice(0, 80),
        };
      }));
      for (const diagram of drawn) {
        assert.ok(diagram.svg, `diagram ${diagram.index + 1} of ${page} is an svg, not text: ${diagram.text}`);
        assert.ok(!diagram.error, `diagram ${diagram.index + 1} of ${page} is mermaid's syntax error picture`);
        assert.ok(diagram.visible, `diagram ${diagram.index + 1} of ${page} has a size`);
      }
      assert.deepEqual(tab.problems(), []);
    } finally {
      await tab.close();
    }
  });
}
