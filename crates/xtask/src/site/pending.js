// Stands in for the playground's module (pkg/playground.js) in the first site that
// `cargo xtask serve` serves on a fresh clone, while the module itself is still being built.
//
// Importing it fails, with a message that the loader shows in each widget, so the book can be
// read from the first minute. Meanwhile it asks the server every two seconds whether the
// module's WebAssembly is there, and reloads the page once it is: the server swaps the whole
// built site in at once, so by then the real module is there too.
const WASM = new URL("playground_bg.wasm", import.meta.url);
const EVERY_MS = 2000;

function later() {
  setTimeout(poll, EVERY_MS);
}

function poll() {
  fetch(WASM, { method: "HEAD", cache: "no-store" }).then(function (response) {
    if (response.ok) {
      location.reload();
    } else {
      later();
    }
  }, later);
}

later();

const pending = new Error(
  "The playground is still being built by cargo xtask serve (the first time takes a minute " +
    "or two). This page reloads by itself when it is ready.",
);
pending.name = "PlaygroundPending";
throw pending;
