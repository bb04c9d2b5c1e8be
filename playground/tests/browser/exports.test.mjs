// The module's exports called from Node, as a script outside the page would: JSON in, JSON out.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';

import { ROOT, SITE_DIR } from './support.mjs';

let playground;

before(async () => {
  const pkg = path.join(SITE_DIR, 'pkg');
  playground = await import(pathToFileURL(path.join(pkg, 'playground.js')).href);
  playground.initSync({ module: fs.readFileSync(path.join(pkg, 'playground_bg.wasm')) });
});

const call = (name, ...input) => JSON.parse(playground[name](...input));

test('validateCreateProduct answers valid and located errors', () => {
  assert.deepEqual(call('validateCreateProduct', '{"name":"Kettle","price":25}'), { valid: true, errors: [] });
  const invalid = call('validateCreateProduct', '{"name":"","price":0}');
  assert.equal(invalid.valid, false);
  assert.deepEqual(invalid.errors.map((e) => [e.pointer, e.code]), [['/name', 'length'], ['/price', 'range']]);
  assert.equal(typeof invalid.errors[0].message, 'string');
});

test('validateCreateProduct refuses hostile names, unsafe prices and repeated members', () => {
  const codes = (body) => call('validateCreateProduct', body).errors.map((e) => [e.pointer, e.code]);
  assert.deepEqual(codes('{"name":"abc\\u202efed","price":1}'), [['/name', 'invalid']]);
  assert.deepEqual(codes('{"name":"Ket\\u0000tle","price":1}'), [['/name', 'invalid']]);
  assert.deepEqual(codes('{"name":"   ","price":1}'), [['/name', 'invalid']]);
  assert.deepEqual(codes(`{"name":"Kettle","price":${2 ** 53}}`), [['/price', 'range']]);
  assert.deepEqual(codes(`{"name":"Kettle","price":${Number.MAX_SAFE_INTEGER}}`), []);
  assert.deepEqual(codes('{"name":"Kettle","price":1,"name":"Teapot"}'), [['/name', 'duplicate_field']]);
  const many = Object.fromEntries(Array.from({ length: 500 }, (_, n) => [`k${n}`, n]));
  assert.equal(call('validateCreateProduct', JSON.stringify(many)).errors.length, 20);
});

test('createProductSchema is the JSON Schema of the create body', () => {
  const schema = call('createProductSchema');
  assert.deepEqual(schema.required, ['name', 'price']);
  assert.equal(schema.additionalProperties, false);
  assert.equal(schema.properties.price.maximum, Number.MAX_SAFE_INTEGER);
  // The pattern is ECMA-262 with the u flag, as JSON Schema validators run it, and agrees with the rule.
  const pattern = new RegExp(schema.properties.name.pattern, 'u');
  for (const name of ['Kettle', ' pad ', 'Pat\u00e9', '\u{1F980}']) assert.ok(pattern.test(name), name);
  for (const name of ['abc\u202efed', 'pay\u200bpal', 'Ket\u0000tle', 'a\nb', '   ', '\u3000', 'a\u2028b']) {
    assert.ok(!pattern.test(name), JSON.stringify(name));
    assert.equal(call('validateCreateProduct', JSON.stringify({ name, price: 1 })).valid, false, JSON.stringify(name));
  }
});

test('handleRequest keeps one store for the module and answers the contract', () => {
  const path = '/api/product/9a2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d';
  const request = (r) => call('handleRequest', JSON.stringify(r));
  const created = request({ method: 'PUT', path, body: '{"name":"Lamp","price":40}' });
  assert.deepEqual(created, {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: path.split('/').pop() }),
  });
  assert.equal(request({ method: 'PUT', path, body: '{"name":"Lamp","price":41}' }).statusCode, 409);
  const listed = request({ method: 'GET', path: '/api/products', query: { limit: '1' } });
  assert.equal(JSON.parse(listed.body).products[0].name, 'Lamp');
  assert.equal(request({ method: 'DELETE', path }).statusCode, 204);
  assert.deepEqual(Object.keys(call('handleRequest', 'not json')), ['error']);
});

test('buildEvents returns envelopes and PutEvents requests exactly as the API takes them', () => {
  const models = Array.from({ length: 11 }, (_, n) => ({ product_id: `p-${n}`, status: 'ADDED' }));
  const answer = call('buildEvents', JSON.stringify({ source: 'node.test', models }));
  assert.equal(answer.events.length, 11);
  assert.equal(answer.events[0].metadata.event_name, 'PRODUCT_CHANGE_NOTIFICATION');
  assert.deepEqual(answer.putEventsRequests.map((r) => r.Entries.length), [10, 1]);
  assert.deepEqual(Object.keys(answer.putEventsRequests[0]), ['Entries']);
  const entry = answer.putEventsRequests[0].Entries[0];
  assert.deepEqual(Object.keys(entry).sort(), ['Detail', 'DetailType', 'Source']);
  assert.deepEqual(JSON.parse(entry.Detail), answer.events[0]);
  const size = Buffer.byteLength(entry.Source) + Buffer.byteLength(entry.DetailType) + Buffer.byteLength(entry.Detail);
  assert.equal(answer.sizes[0].entries[0], size);
  assert.deepEqual(answer.failed, []);
  const tooLarge = call('buildEvents', JSON.stringify({ source: 's', models: [{ x: 'y'.repeat(2000) }], limitBytes: 1000 }));
  assert.deepEqual(tooLarge.failed.map((f) => [f.index, f.code]), [[0, 'EntryTooLarge']]);
  assert.deepEqual(tooLarge.putEventsRequests, []);
  assert.equal(typeof call('buildEvents', '{"source":"s"}').error, 'string');
});

test('processStream answers notifications, events and the partial batch response', () => {
  const fixture = path.join(ROOT, 'crates', 'product-handlers', 'tests', 'fixtures', 'batch.json');
  const event = fs.readFileSync(fixture, 'utf8');
  const answer = call('processStream', event);
  assert.deepEqual(answer.notifications.map((n) => n.status), ['ADDED', 'UPDATED', 'REMOVED', 'ADDED', 'ADDED']);
  assert.deepEqual(answer.events.map((e) => e.data), answer.notifications);
  assert.deepEqual(answer.batchResponse, { batchItemFailures: [] });
  const refused = call('processStream', event, JSON.stringify({ failProductIds: ['9d1c6f0e-2b7a-4c3d-8e5f-6a7b8c9d0e1f'] }));
  assert.deepEqual(refused.batchResponse.batchItemFailures, [{ itemIdentifier: '4421584500000000017450439094' }]);
  assert.deepEqual(refused.failures.map((f) => [f.position, f.code]), [[3, 'InjectedFailure']]);
  assert.equal(typeof call('processStream', '{"Records": 1}').error, 'string');
});
