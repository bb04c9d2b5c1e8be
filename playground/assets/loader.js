// Loads the playground module (pkg/playground.js) and mounts the widgets of the page.
//
// mdBook adds this script to every page; it does nothing on a page without a `[data-widget]`
// placeholder, so only pages with widgets download the WebAssembly module. Everything it fetches comes
// from the site itself.
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

  function start() {
    var placeholders = Array.prototype.slice.call(document.querySelectorAll(PLACEHOLDERS));
    if (placeholders.length === 0) {
      return;
    }
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
      placeholders.forEach(function (placeholder) {
        say(placeholder, "This example runs in WebAssembly, which this browser does not offer. " +
          "The code beside it shows what it would run.", false);
      });
      return;
    }
    placeholders.forEach(function (placeholder) {
      say(placeholder, "Loading the playground…", true);
    });
    // mdBook defines `path_to_root` on every page; resolve against the page, not this script.
    var root = typeof path_to_root === "string" ? path_to_root : "";
    var url = new URL(root + "pkg/playground.js", document.baseURI).href;
    import(url)
      .then(function (playground) {
        return playground.default().then(function () {
          placeholders.forEach(function (placeholder) {
            placeholder.removeAttribute("aria-busy");
          });
          playground.mountWidgets();
          // The widgets answer from here on. The mark's time counts from the navigation's
          // start (performance.timeOrigin); the browser tests read it.
          if (window.performance && typeof performance.mark === "function") {
            performance.mark("psr:widget-ready");
          }
        });
      })
      .catch(function (error) {
        var why = error && error.message ? error.message : String(error);
        placeholders.forEach(function (placeholder) {
          say(placeholder, "The playground could not be loaded (" + why + "). " +
            "Reload the page to try again.", false);
        });
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
