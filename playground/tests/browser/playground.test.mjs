// The four widgets of playground.html, driven as a reader would: by label, button name and status.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';

import { ROOT, base64url, launch, open, textMatching, visit, widget } from './support.mjs';

const HOSTILE = '<img src=x onerror=alert(1)>';

let browser;
let tab;

before(async () => {
  browser = await launch();
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
  assert.deepEqual(problems, [], 'no page error, console error, dialog or foreign request');
});

describe('payload validator', () => {
  test('a valid body is accepted', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    const validator = widget(page, 'validator');
    await validator.getByLabel('Create body (JSON)').fill('{"name": "Kettle", "price": 25}');
    await validator.getByRole('button', { name: 'Validate' }).click();
    await textMatching(validator.getByRole('status'), /^Valid: /);
  });

  test('each problem is shown at its field, with the schema beside it', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    const validator = widget(page, 'validator');
    await validator.getByLabel('Create body (JSON)').fill('{"price": "25", "colour": "red"}');
    await validator.getByRole('button', { name: 'Validate' }).click();
    const status = validator.getByRole('status');
    await textMatching(status, /Invalid: 3 problems/);
    const rows = await status.locator('tbody tr').allTextContents();
    assert.equal(rows.length, 3);
    assert.match(rows[0], /^\/colour\s*unknown_field/);
    assert.match(rows[1], /^\/name\s*required/);
    assert.match(rows[2], /^\/price\s*type/);
    assert.match(await validator.getByText('JSON Schema of the body').locator('..').textContent(), /"maxLength": 20/);
  });
});

describe('request console', () => {
  test('a product created with PUT is read back with GET from the same store', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    const console = widget(page, 'console');
    await console.getByLabel('Example').selectOption({ label: 'Create a product: 200' });
    await console.getByRole('button', { name: 'Send' }).click();
    await textMatching(console.getByRole('status'), /^HTTP 200 OK/);
    await console.getByLabel('Example').selectOption({ label: 'Get the product: 200' });
    await console.getByRole('button', { name: 'Send' }).click();
    await textMatching(console.getByRole('status'), /^HTTP 200 OK[\s\S]*"name": "Kettle"/);
  });

  test('every example of the contract gets the status its title promises', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    const console = widget(page, 'console');
    const titles = (await console.getByLabel('Example').locator('option').allTextContents()).slice(1);
    assert.ok(titles.length >= 15, `${titles.length} examples`);
    for (const title of titles) {
      await console.getByLabel('Example').selectOption({ label: title });
      await console.getByRole('button', { name: 'Send' }).click();
      const expected = title.match(/: (\d{3})/)[1];
      await textMatching(console.getByRole('status'), new RegExp(`^HTTP ${expected} `));
    }
  });

  test('a bad request is answered with a problem document', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    const console = widget(page, 'console');
    await console.getByLabel('Method', { exact: true }).selectOption('GET');
    await console.getByLabel('Path', { exact: true }).fill('/api/products');
    await console.getByLabel('Query string').fill('limit=1000');
    await console.getByRole('button', { name: 'Send' }).click();
    await textMatching(console.getByRole('status'), /^HTTP 400 Bad Request[\s\S]*application\/problem\+json[\s\S]*\/queryStringParameters\/limit/);
  });
});

describe('stream processor', () => {
  test('an insert, a modify, a remove and two inserts become five events and nothing to retry', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    const stream = widget(page, 'stream');
    await stream.getByRole('button', { name: 'Process' }).click();
    const text = await textMatching(stream.getByRole('status'), /^5 notifications; 5 events delivered, 0 refused; 0 records to retry\./);
    assert.match(text, /"ADDED"[\s\S]*"UPDATED"[\s\S]*"REMOVED"/);
    assert.match(text, /"batchItemFailures": \[\]/);
  });

  test('a refused delivery names only its record in the partial batch response', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    const stream = widget(page, 'stream');
    await stream.getByLabel('Example').selectOption({ label: 'The same batch, one delivery refused' });
    await stream.getByRole('button', { name: 'Process' }).click();
    const text = await textMatching(stream.getByRole('status'), /; 1 record to retry\./);
    assert.match(text, /"itemIdentifier": "4421584500000000017450439094"/);
    assert.match(text, /InjectedFailure/);
  });

  test('a batch that is not JSON is reported, not thrown', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    const stream = widget(page, 'stream');
    await stream.getByLabel('DynamoDB Streams event (JSON)').fill('{"Records": [');
    await stream.getByRole('button', { name: 'Process' }).click();
    await textMatching(stream.getByRole('status'), /^Not processed: /);
  });
});

describe('event builder', () => {
  test('twelve models take two PutEvents requests with their sizes', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    const events = widget(page, 'events');
    await events.getByLabel('Example').selectOption({ label: 'Twelve events: two requests of at most 10' });
    await events.getByRole('button', { name: 'Build events' }).click();
    const status = events.getByRole('status');
    await textMatching(status, /^12 events in 2 PutEvents requests; 0 too large to send\./);
    const captions = await status.locator('caption').allTextContents();
    assert.match(captions[0], /^Request 1: 10 entries, \d+ of 262144 bytes$/);
    assert.match(captions[1], /^Request 2: 2 entries, \d+ of 262144 bytes$/);
    assert.match(await status.textContent(), /"specversion": "1\.0"/);
  });

  test('an event too large for the limit is a failure, not a request', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    const events = widget(page, 'events');
    await events.getByLabel('Example').selectOption({ label: 'An event too large for a 1 KiB limit' });
    await events.getByRole('button', { name: 'Build events' }).click();
    const text = await textMatching(events.getByRole('status'), /^3 events in 1 PutEvents request; 1 too large to send\./);
    assert.match(text, /EntryTooLarge/);
  });

  test('a limit above 1 MiB is refused', async () => {
    const { page } = tab;
    await visit(page, 'playground.html');
    const events = widget(page, 'events');
    await events.getByLabel('Byte limit per request').fill('1048577');
    await events.getByRole('button', { name: 'Build events' }).click();
    await textMatching(events.getByRole('status'), /^No events built: `limitBytes` is not a valid PutEvents size limit/);
  });
});

test('a hostile payload stays text: no element is created and no dialog opens', async () => {
  const { page } = tab;
  await visit(page, 'playground.html');
  const events = widget(page, 'events');
  await events.getByLabel('Models (JSON array)').fill(JSON.stringify([{ html: HOSTILE }]));
  await events.getByRole('button', { name: 'Build events' }).click();
  await textMatching(events.getByRole('status'), /<img src=x onerror=alert\(1\)>/);

  const console = widget(page, 'console');
  await console.getByLabel('Method', { exact: true }).selectOption('PUT');
  await console.getByLabel('Path', { exact: true }).fill(`/api/product/${HOSTILE}`);
  await console.getByRole('button', { name: 'Send' }).click();
  await textMatching(console.getByRole('status'), /^Not sent: /);

  await widget(page, 'validator').getByLabel('Create body (JSON)').fill(HOSTILE);
  await widget(page, 'validator').getByRole('button', { name: 'Validate' }).click();
  await textMatching(widget(page, 'validator').getByRole('status'), /malformed_json/);

  await page.waitForTimeout(200);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
});

test('a link with the input in its fragment restores the widget', async () => {
  const { page } = tab;
  const body = '{"name": "From a link", "price": 7}';
  await visit(page, `playground.html#validator=${base64url(JSON.stringify({ body }))}`);
  assert.equal(await widget(page, 'validator').getByLabel('Create body (JSON)').inputValue(), body);
});

test('Share link puts the input in the address bar, and that link restores it elsewhere', async () => {
  const { page } = tab;
  await visit(page, 'playground.html');
  const events = widget(page, 'events');
  await events.getByLabel('Event name').fill('SHARED_BY_LINK');
  await events.getByRole('button', { name: 'Share link' }).click();
  const link = page.url();
  assert.match(link, /#events=[A-Za-z0-9_-]+$/);
  assert.equal(await events.getByLabel('Link to this input').inputValue(), link);

  const other = await open(browser);
  try {
    await visit(other.page, link);
    assert.equal(await widget(other.page, 'events').getByLabel('Event name').inputValue(), 'SHARED_BY_LINK');
    assert.deepEqual(other.problems(), []);
  } finally {
    await other.close();
  }
});

test('a broken link is ignored with a message', async () => {
  const { page } = tab;
  await visit(page, 'playground.html#console=not-base64-json!');
  const console = widget(page, 'console');
  await textMatching(console.locator('.psr-note'), /could not be read/);
  assert.match(await console.getByLabel('Path', { exact: true }).inputValue(), /^\/api\/product\//);
});

test('input is kept in local storage across a reload', async () => {
  const { page } = tab;
  await visit(page, 'playground.html');
  await widget(page, 'console').getByLabel('Request body').fill('{"kept": "across reloads"}');
  await page.reload();
  await visit(page, 'playground.html');
  assert.equal(await widget(page, 'console').getByLabel('Request body').inputValue(), '{"kept": "across reloads"}');
});

test('the widgets work by keyboard: Ctrl+Enter runs, focus is visible', async () => {
  const { page } = tab;
  await visit(page, 'playground.html');
  const validator = widget(page, 'validator');
  const body = validator.getByLabel('Create body (JSON)');
  await body.fill('{}');
  await body.press('Control+Enter');
  await textMatching(validator.getByRole('status'), /\/name[\s\S]*required/);
  assert.equal(await body.inputValue(), '{}', 'Ctrl+Enter typed no line break');

  await body.focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const element = document.activeElement;
    return { text: element.textContent, outline: getComputedStyle(element).outlineStyle };
  });
  assert.deepEqual(focused, { text: 'Validate', outline: 'solid' });
});

test('the playground page as a reader sees it (screenshot)', async () => {
  const { page } = tab;
  await visit(page, 'playground.html');
  const validator = widget(page, 'validator');
  await validator.getByLabel('Create body (JSON)').fill('{"name": "", "price": 0}');
  await validator.getByRole('button', { name: 'Validate' }).click();
  await textMatching(validator.getByRole('status'), /Invalid/);
  // The heading just below mdBook's menu bar, which stays at the top of the window.
  await page.evaluate(() => {
    const heading = document.getElementById('payload-validator');
    window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - 70);
  });
  const folder = path.join(ROOT, 'target', 'screenshots');
  await fs.mkdir(folder, { recursive: true });
  const file = path.join(folder, 'playground.png');
  await page.screenshot({ path: file });
  if (process.env.UPDATE_SCREENSHOT === '1') {
    await fs.mkdir(path.join(ROOT, 'src', 'images'), { recursive: true });
    await fs.copyFile(file, path.join(ROOT, 'src', 'images', 'playground.png'));
  }
});
