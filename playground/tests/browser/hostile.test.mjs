// Hostile input in every widget, under the page's Content-Security-Policy: markup, event handlers and
// `javascript:` links stay text, and inputs that are too long, too large, too deep or not valid UTF-16
// are answered within a second or refused with a message, leaving the page responsive.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';

import { addFigure, launch, open, visit, widget } from './support.mjs';

/** How long a widget may take to answer, measured in the page from the click to the answer. */
const ANSWER_MS = 1000;

/** Hostile strings, each given raw as the whole input and also inside the widget's own example. */
const HOSTILE = {
  'a script element': '<script>alert("script")</script>',
  'an event-handler attribute': '<img src=x onerror=alert("img")>',
  'an SVG onload handler': '<svg onload=alert("svg")></svg>',
  'a javascript: link': '<a href="javascript:alert(\'link\')">open</a>',
  'a javascript: URL alone': 'javascript:alert("url")',
  'a lone surrogate': 'x\ud800y',
};

/** Strings hostile by their size or encoding, placed inside the widget's own example. */
const SHAPES = {
  // JSON.stringify writes a lone surrogate as its escape, `\ud800`, which no UTF-8 string can hold.
  'a lone high surrogate in a JSON escape': '\ud800',
  'a lone low surrogate in a JSON escape': 'x\udc00y',
  'a line of 200 000 characters': 'A'.repeat(200_000),
  '10 MB of input': 'x'.repeat(10 * 1024 * 1024),
};

/** Arrays nested this deep, in place of a string of the example. */
const DEPTH = 100_000;

/**
 * Each widget: its field, its button, and where a hostile string goes in the example the field starts
 * with (the product's name, in the body, the stream record's new image, or the first model).
 */
const WIDGETS = {
  validator: { field: 'Create body (JSON)', action: 'Validate', put: (body, text) => { body.name = text; } },
  console: { field: 'Request body', action: 'Send', put: (body, text) => { body.name = text; } },
  stream: {
    field: 'DynamoDB Streams event (JSON)',
    action: 'Process',
    put: (event, text) => { event.Records[0].dynamodb.NewImage.name.S = text; },
  },
  events: { field: 'Models (JSON array)', action: 'Build events', put: (models, text) => { models[0].html = text; } },
};

/** The corpus for a widget whose field starts with `example`: every input with its name. */
function corpus(kind, example) {
  const embed = (text) => {
    const value = JSON.parse(example);
    WIDGETS[kind].put(value, text);
    return JSON.stringify(value);
  };
  const nested = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
  const inputs = [];
  for (const [name, text] of Object.entries(HOSTILE)) {
    inputs.push([`${name}, raw`, text], [`${name}, in the example`, embed(text)]);
  }
  for (const [name, text] of Object.entries(SHAPES)) {
    inputs.push([`${name}, in the example`, embed(text)]);
  }
  inputs.push(
    [`JSON nested ${DEPTH} deep, raw`, nested],
    [`JSON nested ${DEPTH} deep, in the example`, embed('NESTED').replace('"NESTED"', nested)],
  );
  return inputs;
}

/** How many inputs the corpus holds, for the figures. */
const CORPUS_SIZE = corpus('validator', '{}').length;

let browser;
let tab;

before(async () => {
  browser = await launch();
  addFigure('hostile_inputs', CORPUS_SIZE);
});

after(async () => {
  await browser?.close();
});

beforeEach(async () => {
  tab = await open(browser);
});

afterEach(async () => {
  const problems = tab.problems();
  await tab.close();
  assert.deepEqual(problems, [], 'no page error, console error, dialog, foreign request or policy violation');
});

/**
 * Puts `input` into the widget's field, presses its button, and returns how long the answer took (in
 * the page, from the click until the result area has text) and that text; `null` ms when there was no
 * answer within twice the allowed time.
 */
async function runWith(page, kind, { field, action }, input) {
  const target = widget(page, kind);
  // Set directly rather than typed: typing 10 MB would time the test tool, not the widget.
  await target.getByLabel(field, { exact: true }).evaluate((element, value) => {
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  }, input);
  return target.evaluate(async (frame, [name, limit]) => {
    const status = frame.querySelector('[role="status"]');
    const button = [...frame.querySelectorAll('button')].find((candidate) => candidate.textContent.trim() === name);
    status.replaceChildren();
    const started = performance.now();
    const answered = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (status.textContent) {
          observer.disconnect();
          resolve(performance.now() - started);
        }
      });
      observer.observe(status, { childList: true, subtree: true, characterData: true });
    });
    button.click();
    const ms = await Promise.race([answered, new Promise((resolve) => setTimeout(() => resolve(null), limit * 2))]);
    return { ms, text: status.textContent.slice(0, 300) };
  }, [action, ANSWER_MS]);
}

/** Elements or attributes anywhere in the page that would mean some input was taken as markup. */
async function injected(page) {
  return page.evaluate(() => {
    const suspects = document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], a[href^="javascript:" i]');
    const scripts = [...document.scripts].filter((script) => script.textContent.includes('alert('));
    return [...suspects, ...scripts].map((element) => element.outerHTML.slice(0, 80));
  });
}

describe('every widget takes the hostile corpus as text', () => {
  for (const [kind, form] of Object.entries(WIDGETS)) {
    test(`the ${kind} widget answers each hostile input within a second, as text`, async (t) => {
      const { page } = tab;
      await visit(page, 'playground.html');
      const before = await injected(page);
      assert.deepEqual(before, []);
      const example = await widget(page, kind).getByLabel(form.field, { exact: true }).inputValue();
      for (const [name, input] of corpus(kind, example)) {
        const { ms, text } = await runWith(page, kind, form, input);
        assert.ok(ms !== null, `${kind}, ${name}: no answer within ${2 * ANSWER_MS} ms`);
        assert.ok(ms <= ANSWER_MS, `${kind}, ${name}: answered in ${Math.round(ms)} ms, more than ${ANSWER_MS}`);
        assert.ok(text.trim().length > 0, `${kind}, ${name}: an empty answer`);
        t.diagnostic(`${name}: ${Math.round(ms)} ms: ${text.slice(0, 90).replace(/\s+/g, ' ')}`);
        if (name.startsWith('10 MB')) {
          assert.match(text, /^Not run: the input is \d+ bytes; the playground takes at most 1048576 bytes/);
        }
        assert.deepEqual(await injected(page), [], `${kind}, ${name}: input became markup`);
        // Still responsive: a round trip through the page's event loop.
        const started = Date.now();
        await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
        assert.ok(Date.now() - started < ANSWER_MS, `${kind}, ${name}: the page stayed busy after answering`);
      }
      addFigure('widgets_exercised', 1);
    });
  }
});

