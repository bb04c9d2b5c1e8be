// Checks of the workshop pages' sources (src/workshop/) that mdBook does not make: every step
// checkbox is labelled and unique, the index counts the steps each module really has, every page
// loads the progress script once from the site's root, every included file exists, and every
// starter is marked where to work. `node --test crates/workshop/tests/pages.test.mjs`.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const PAGES = join(ROOT, "src/workshop");
const CRATE = join(ROOT, "crates/workshop");
const EXERCISES = ["sku", "capped_store", "stream_events", "flaky_provider"];

function pages() {
  const found = [];
  for (const dir of [PAGES, join(PAGES, "solutions")]) {
    for (const name of readdirSync(dir)) {
      if (name.endsWith(".md")) found.push(join(dir, name));
    }
  }
  return found;
}

const read = (path) => readFileSync(path, "utf8");
const shown = (path) => relative(ROOT, path);

function tags(markdown, name) {
  return [...markdown.matchAll(new RegExp(`<${name}\\b([^>]*)>`, "g"))].map(([, attributes]) => {
    const map = {};
    for (const [, key, value] of attributes.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) map[key] = value ?? "";
    return map;
  });
}

test("every step is a checkbox with a matching id and a label of its own", () => {
  const seen = new Set();
  for (const page of pages()) {
    const markdown = read(page);
    const labels = new Set(tags(markdown, "label").map((label) => label.for));
    for (const input of tags(markdown, "input")) {
      const step = input["data-workshop-step"];
      assert.ok(step, `${shown(page)}: an input without data-workshop-step`);
      assert.equal(input.type, "checkbox", `${shown(page)}: ${step}`);
      assert.equal(input.id, step, `${shown(page)}: the id of ${step}`);
      assert.match(step, /^m\d+-s\d+$/, `${shown(page)}: ${step}`);
      assert.ok(labels.has(step), `${shown(page)}: ${step} has no <label for="${step}">`);
      assert.ok(!seen.has(step), `${shown(page)}: ${step} is used twice`);
      seen.add(step);
    }
  }
  assert.ok(seen.size > 0);
});

test("the index counts exactly the steps each module has", () => {
  const counters = tags(read(join(PAGES, "index.md")), "span").filter((span) => span["data-workshop-module"]);
  assert.equal(counters.length, 6);
  for (const counter of counters) {
    const module = counter["data-workshop-module"];
    const page = `${module.slice(1).padStart(2, "0")}-`;
    assert.ok(readdirSync(PAGES).some((name) => name.startsWith(page)), `no page for ${module}`);
    // A module's steps are on its page and on its solution page.
    const steps = pages()
      .flatMap((path) => tags(read(path), "input"))
      .filter((input) => input["data-workshop-step"]?.startsWith(`${module}-`));
    assert.equal(Number(counter["data-workshop-steps"]), steps.length, module);
  }
});

test("every page with steps or a reset button loads the progress script once, from the site's root", () => {
  assert.ok(existsSync(join(PAGES, "progress.js")));
  for (const page of pages()) {
    const markdown = read(page);
    const needs = /data-workshop-(step|reset)/.test(markdown);
    const loaders = markdown.match(/<script[\s\S]*?<\/script>/g) ?? [];
    if (!needs) {
      assert.deepEqual(loaders, [], `${shown(page)} loads a script it does not need`);
      continue;
    }
    assert.equal(loaders.length, 1, `${shown(page)} must load the script once`);
    const [loader] = loaders;
    assert.match(loader, /path_to_root \+ "workshop\/progress\.js"/, `${shown(page)}: the loader's address`);
    assert.match(loader, /getElementById\("workshop-progress"\)/, `${shown(page)}: the loader's guard`);
    assert.doesNotMatch(loader, /\bsrc=/, `${shown(page)}: a relative src misses on the print page`);
  }
});

test("every included file exists and every anchor in it is defined", () => {
  for (const page of pages()) {
    for (const [, path, anchor] of read(page).matchAll(/\{\{#include ([^:}\s]+)(?::([\w-]+))?\}\}/g)) {
      const file = join(dirname(page), path);
      assert.ok(existsSync(file), `${shown(page)} includes ${path}, which does not exist`);
      if (anchor) {
        assert.match(read(file), new RegExp(`ANCHOR: ${anchor}\\b`), `${shown(page)}: ${path}:${anchor}`);
      }
    }
  }
});

test("each exercise has a marked starter, an unmarked solution, its tests and both pages", () => {
  for (const name of EXERCISES) {
    const starter = read(join(CRATE, "src/exercises", `${name}.rs`));
    const solution = read(join(CRATE, "src/solutions", `${name}.rs`));
    assert.match(starter, /\/\/ EXERCISE:/, `${name}: the starter marks where to work`);
    assert.doesNotMatch(starter, /todo!|unimplemented!/, `${name}: the starter compiles without placeholders`);
    assert.doesNotMatch(solution, /EXERCISE/, `${name}: the solution is finished`);
    assert.ok(existsSync(join(CRATE, "tests", `${name}.rs`)), `${name}: tests/${name}.rs`);
    const including = (dir, file) =>
      readdirSync(dir).some((page) => page.endsWith(".md") && read(join(dir, page)).includes(`/src/${file}/${name}.rs`));
    assert.ok(including(PAGES, "exercises"), `${name}: a module page includes the starter`);
    assert.ok(including(join(PAGES, "solutions"), "solutions"), `${name}: a solution page includes the solution`);
  }
});

test("every chapter the agenda sends the session to carries speaker notes for the instructor", () => {
  const agenda = read(join(PAGES, "index.md")).split("## Agenda")[1].split("\n## ")[0];
  const chapters = new Set([...agenda.matchAll(/\]\(\.\.\/([\w/-]+\.md)(?:#[\w-]*)?\)/g)].map(([, path]) => path));
  assert.ok(chapters.size >= 8, `the agenda links ${chapters.size} chapters`);
  for (const chapter of chapters) {
    assert.match(read(join(ROOT, "src", chapter)), /<details class="speaker-notes">/, `src/${chapter} has no speaker notes`);
  }
});

test("each exercise's module lists the common mistakes with the error each produces", () => {
  for (const name of EXERCISES) {
    const page = readdirSync(PAGES).find((file) => /^\d\d-.*\.md$/.test(file) && read(join(PAGES, file)).includes(`/src/exercises/${name}.rs`));
    const section = read(join(PAGES, page)).split("## Common mistakes")[1]?.split("\n## ")[0];
    assert.ok(section, `${page} has no "Common mistakes" section`);
    // Each output is a run the commands step repeats after making the mistake (mistakes.toml).
    assert.ok((section.match(/```console,mistake=/g) ?? []).length >= 2, `${page}: at least two mistakes, each with its output`);
  }
});
