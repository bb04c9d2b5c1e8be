// Loads the playground module (pkg/playground.js) and mounts the widgets of the page.
//
// mdBook adds this script to every page, after the page's content; it does nothing on a page without a
// `[data-widget]` placeholder, so only pages with widgets download the WebAssembly module. Everything it
// fetches comes from the site itself.
//
// On a page with widgets the site build requests the module and its WebAssembly from the page's <head>
// and runs this script ahead of mdBook's scripts (crates/xtask/src/site/preload.rs), so the module is
// compiled while those run. The widgets are still mounted once the page is parsed (DOMContentLoaded),
// after mdBook's scripts: book.js highlights every `pre code` in the page and gives it a copy button,
// which the widgets' results must not get.
(function () {
  "use strict";

  var PLACEHOLDERS = "[data-widget]:not([data-mounted])";

  // Replaces what a placeholder shows with one line of text (never HTML).
  function say(placeholder, text, busy) {
    var line = document.createElement("p");
    line.className = busy ? "psr-loading" : "psr-unavailable";
    line.setAttribute("role", "status");
    line.textContent = text;
    placeholder.replaceChildren(line);
    if (busy) {
      placeholder.setAttribute("aria-busy", "true");
    } else {
      placeholder.removeAttribute("aria-busy");
    }
  }

  // Resolves once the page is parsed and its scripts have run.
  function parsed() {
    return new Promise(function (resolve) {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", resolve);
      } else {
        resolve();
      }
    });
  }

  // Starts the module for the page's placeholders; false when the page has none (yet).
  function start() {
    var placeholders = Array.prototype.slice.call(document.querySelectorAll(PLACEHOLDERS));
    if (placeholders.length === 0) {
      return false;
    }
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
      placeholders.forEach(function (placeholder) {
        say(placeholder, "This example runs in WebAssembly, which this browser does not offer. " +
          "The code beside it shows what it would run.", false);
      });
      return true;
    }
    placeholders.forEach(function (placeholder) {
      say(placeholder, "Loading the playground…", true);
    });
    // mdBook defines `path_to_root` on every page; resolve against the page, not this script.
    var root = typeof path_to_root === "string" ? path_to_root : "";
    var url = new URL(root + "pkg/playground.js", document.baseURI).href;
    var loaded = import(url).then(function (playground) {
      return playground.default().then(function () {
        return playground;
      });
    });
    Promise.all([loaded, parsed()])
      .then(function (ready) {
        var playground = ready[0];
        placeholders.forEach(function (placeholder) {
          placeholder.removeAttribute("aria-busy");
        });
        playground.mountWidgets();
        // The widgets answer from here on. The mark's time counts from the navigation's
        // start (performance.timeOrigin); the browser tests read it.
        if (window.performance && typeof performance.mark === "function") {
          performance.mark("psr:widget-ready");
        }
      })
      .catch(function (error) {
        var why = error && error.message ? error.message : String(error);
        // `cargo xtask serve` serves a stand-in module while it builds the real one the first
        // time; the stand-in reloads the page when the module is there.
        var pending = error && error.name === "PlaygroundPending";
        placeholders.forEach(function (placeholder) {
          if (pending) {
            say(placeholder, why, true);
          } else {
            say(placeholder, "The playground could not be loaded (" + why + "). " +
              "Reload the page to try again.", false);
          }
        });
      });
    return true;
  }

  // mdBook and the build put this script after the page's content; anywhere earlier, it looks again
  // once the page is parsed.
  if (!start() && document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
