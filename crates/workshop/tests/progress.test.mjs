// Tests of the workshop pages' progress script (src/workshop/progress.js) in Node, over a small fake
// of the few DOM and storage calls it makes: `node --test crates/workshop/tests/progress.test.mjs`.
// The browser tests check the same script on the built pages; these pin its rules without a browser.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const SCRIPT_PATH = fileURLToPath(new URL("../../../src/workshop/progress.js", import.meta.url));
const SCRIPT = readFileSync(SCRIPT_PATH, "utf8");
const KEY = "psr-workshop-progress";

class FakeElement {
  constructor(tagName, attributes) {
    this.tagName = tagName;
    this.attributes = { ...attributes };
    this.checked = false;
    this.textContent = "";
    this.listeners = {};
  }
  getAttribute(name) {
    return Object.hasOwn(this.attributes, name) ? this.attributes[name] : null;
  }
  addEventListener(type, listener) {
    (this.listeners[type] ??= []).push(listener);
  }
  // What a reader's click on a checkbox does: toggle, then `change`.
  click() {
    if (this.tagName === "input") {
      this.checked = !this.checked;
      for (const listener of this.listeners.change ?? []) listener({ target: this });
    }
    for (const listener of this.listeners.click ?? []) listener({ target: this });
  }
}

class FakeStorage {
  constructor(initial = {}, { broken = false } = {}) {
    this.items = { ...initial };
    this.broken = broken;
  }
  getItem(key) {
    if (this.broken) throw new Error("SecurityError");
    return Object.hasOwn(this.items, key) ? this.items[key] : null;
  }
  setItem(key, value) {
    if (this.broken) throw new Error("QuotaExceededError");
    this.items[key] = String(value);
  }
  removeItem(key) {
    if (this.broken) throw new Error("SecurityError");
    delete this.items[key];
  }
}

// A page with these elements, the script run on it once per entry of `runs`.
function page(elements, storage, runs = 1) {
  const windowListeners = {};
  const document = {
    readyState: "complete",
    querySelectorAll(selector) {
      const match = /^(\w+)?\[([\w-]+)\]$/.exec(selector);
      assert.ok(match, `the fake DOM does not know the selector ${selector}`);
      const [, tag, attribute] = match;
      return elements.filter((e) => (!tag || e.tagName === tag) && e.getAttribute(attribute) !== null);
    },
    addEventListener() {
      assert.fail("the document is already loaded");
    },
  };
  const context = vm.createContext({ document, localStorage: storage });
  context.window = context;
  context.addEventListener = (type, listener) => (windowListeners[type] ??= []).push(listener);
  for (let run = 0; run < runs; run += 1) vm.runInContext(SCRIPT, context);
  return {
    storageEvent(key) {
      for (const listener of windowListeners.storage ?? []) listener({ key });
    },
  };
}

const box = (id) => new FakeElement("input", { type: "checkbox", "data-workshop-step": id, id });
const counter = (module, steps) =>
  new FakeElement("span", { "data-workshop-module": module, "data-workshop-steps": String(steps) });
const stored = (storage) => JSON.parse(storage.items[KEY] ?? "{}");

test("ticked steps are restored from storage when a page loads", () => {
  const storage = new FakeStorage({ [KEY]: JSON.stringify({ "m1-s1": true, "m1-s3": true }) });
  const boxes = ["m1-s1", "m1-s2", "m1-s3"].map(box);
  page(boxes, storage);
  assert.deepEqual(boxes.map((b) => b.checked), [true, false, true]);
});

test("ticking and unticking a step saves it under one key", () => {
  const storage = new FakeStorage();
  const [first, second] = ["m2-s1", "m2-s2"].map(box);
  page([first, second], storage);

  first.click();
  second.click();
  assert.deepEqual(stored(storage), { "m2-s1": true, "m2-s2": true });

  first.click();
  assert.deepEqual(stored(storage), { "m2-s2": true });
  second.click();
  assert.equal(storage.items[KEY], undefined, "an empty progress leaves nothing behind");
});

test("a tick keeps the steps another page or tab saved meanwhile", () => {
  const storage = new FakeStorage();
  const here = box("m3-s1");
  page([here], storage);
  storage.items[KEY] = JSON.stringify({ "m1-s1": true });

  here.click();

  assert.deepEqual(stored(storage), { "m1-s1": true, "m3-s1": true });
});

test("the index counts the ticked steps of each module", () => {
  const storage = new FakeStorage({ [KEY]: JSON.stringify({ "m1-s1": true, "m1-s2": true, "m2-s1": true, "m10-s1": true }) });
  const counters = [counter("m1", 4), counter("m2", 3), counter("m3", 2)];
  page(counters, storage);
  assert.deepEqual(counters.map((c) => c.textContent), ["2 of 4 done", "1 of 3 done", "0 of 2 done"]);
});

test("reset unticks every step, forgets them and says so", () => {
  const storage = new FakeStorage({ [KEY]: JSON.stringify({ "m1-s1": true }) });
  const step = box("m1-s1");
  const count = counter("m1", 2);
  const button = new FakeElement("button", { type: "button", "data-workshop-reset": "" });
  const status = new FakeElement("p", { role: "status", "data-workshop-status": "" });
  page([step, count, button, status], storage);
  assert.equal(count.textContent, "1 of 2 done");

  button.click();

  assert.equal(step.checked, false);
  assert.equal(count.textContent, "0 of 2 done");
  assert.equal(storage.items[KEY], undefined);
  assert.equal(status.textContent, "Progress reset: no step is ticked.");
});

test("without storage the boxes still tick and the page says progress will be forgotten", () => {
  const storage = new FakeStorage({}, { broken: true });
  const [first, second] = ["m4-s1", "m4-s2"].map(box);
  const status = new FakeElement("p", { "data-workshop-status": "" });
  page([first, second, status], storage);

  first.click();
  second.click();

  assert.deepEqual([first.checked, second.checked], [true, true]);
  assert.match(status.textContent, /until you reload/);
});

test("malformed stored progress counts as none", () => {
  for (const value of ["not json", "[1, 2]", "null", "42"]) {
    const storage = new FakeStorage({ [KEY]: value });
    const step = box("m1-s1");
    page([step], storage);
    assert.equal(step.checked, false, value);
    step.click();
    assert.deepEqual(stored(storage), { "m1-s1": true }, value);
  }
});

test("a change made in another tab shows at once", () => {
  const storage = new FakeStorage();
  const step = box("m5-s1");
  const tab = page([step], storage);

  storage.items[KEY] = JSON.stringify({ "m5-s1": true });
  tab.storageEvent(KEY);

  assert.equal(step.checked, true);
});

test("the script runs once however many pages include it", () => {
  const storage = new FakeStorage();
  const step = box("m0-s1");
  page([step], storage, 3);
  assert.equal(step.listeners.change.length, 1);
});

test("the script asks no other host for anything", () => {
  assert.doesNotMatch(SCRIPT, /https?:|\/\/[a-z]|fetch\(|XMLHttpRequest|sendBeacon|WebSocket|import\(/i);
});
