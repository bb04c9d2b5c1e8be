// Stands in for the playground's module (pkg/playground.js) in the first site that
// `cargo xtask serve` serves on a fresh clone, while the module itself is still being built.
//
// Importing it fails, with a message that the loader shows in each widget, so the book can be
// read from the first minute. Meanwhile it reads pkg/playground.js again every two seconds, and
// reloads the page once that is no longer this stand-in: the server swaps the whole built site
// in at once, so by then the WebAssembly is there too. It asks only for what the site holds, so
// the page logs no failed request while it waits.
const MODULE = new URL(import.meta.url);
const EVERY_MS = 2000;
// Written in this file, and in no module wasm-bindgen writes.
const STAND_IN = "PlaygroundPending";

function later() {
  setTimeout(poll, EVERY_MS);
}

function poll() {
  fetch(MODULE, { cache: "no-store" })
    .then(function (response) {
      return response.ok ? response.text() : STAND_IN;
    })
    .then(function (text) {
      if (text.includes(STAND_IN)) {
        later();
      } else {
        location.reload();
      }
    }, later);
}

later();

const pending = new Error(
  "The playground is still being built by cargo xtask serve (the first time takes a minute " +
    "or two). This page reloads by itself when it is ready.",
);
pending.name = STAND_IN;
throw pending;
