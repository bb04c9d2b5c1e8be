// Loads the playground module (pkg/playground.js) and mounts the widgets of the page.
//
// mdBook adds this script to every page, after the page's content; there it does nothing on a page
// without a `[data-widget]` placeholder, so only pages with widgets download the WebAssembly module.
// Everything it fetches comes from the site itself.
//
// On a page with widgets the site build writes it into the page instead, right after the page's
// policy, which allows it by its hash, naming the module and its WebAssembly (`data-module`,
// `data-wasm`, crates/xtask/src/site/preload.rs): it runs as soon as the parser reaches it, before any
// stylesheet or other script is asked for, and the module is fetched, compiled and instantiated while
// the rest of the page is still coming. The build also writes a script after the last widget that
// says when every placeholder is in the page (`psr:placeholders-parsed`); the widgets are mounted
// then, or as soon as the module is ready after that, without waiting for the scripts that follow the
// page's content (the build keeps book.js's highlighting and copy buttons to the chapter's own code).
// Each placeholder says that the playground is loading until then. Where the site's pkg/ holds no
// WebAssembly yet (the stand-in module of a first `cargo xtask serve`), the page names none.
(function () {
  "use strict";

  var PLACEHOLDERS = "[data-widget]:not([data-mounted])";
  // The build's script after the last widget, and the event it sends.
  var PARSED_SCRIPT = "psr-placeholders-parsed";
  var PARSED_EVENT = "psr:placeholders-parsed";
  var script = document.currentScript;

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

  // The placeholders in the page so far.
  function placeholders() {
    return Array.prototype.slice.call(document.querySelectorAll(PLACEHOLDERS));
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

  // Resolves once every placeholder is in the page: when the build's script after the last widget
  // has run, or at the latest once the page is parsed.
  function placeholdersParsed() {
    return new Promise(function (resolve) {
      if (document.readyState !== "loading" || document.getElementById(PARSED_SCRIPT)) {
        resolve();
      } else {
        window.addEventListener(PARSED_EVENT, resolve);
        document.addEventListener("DOMContentLoaded", resolve);
      }
    });
  }

  // Whether this browser runs WebAssembly; where it does not, each placeholder says so.
  function runsWasm() {
    return typeof WebAssembly === "object" && typeof WebAssembly.instantiate === "function";
  }

  // The module at `url`, imported and instantiated. wasm-bindgen's glue fetches the WebAssembly beside
  // it once it has been imported and run; given `wasm`, its address, the WebAssembly is fetched and
  // compiled meanwhile, off the page's main thread, and the glue only instantiates it. Where it cannot
  // be compiled that way (a host that does not send it as `application/wasm`), the glue fetches it.
  function load(url, wasm) {
    var compiled = wasm && typeof WebAssembly.compileStreaming === "function"
      ? WebAssembly.compileStreaming(fetch(wasm)).catch(function () {
        return undefined;
      })
      : undefined;
    return Promise.all([import(url), compiled]).then(function (loaded) {
      var playground = loaded[0];
      var options = loaded[1] ? { module_or_path: loaded[1] } : undefined;
      return playground.default(options).then(function () {
        return playground;
      });
    });
  }

  // Mounts the page's widgets once the module is loaded and `placed` has resolved (every placeholder
  // is in the page), then marks them ready; or says in each placeholder why it will not.
  function mount(loaded, placed) {
    Promise.all([loaded, placed])
      .then(function (ready) {
        var playground = ready[0];
        placeholders().forEach(function (placeholder) {
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
        // Once every placeholder is there; none is told it is loading after.
        placed.then(function () {
          placeholders().forEach(function (placeholder) {
            if (pending) {
              say(placeholder, why, true);
            } else {
              say(placeholder, "The playground could not be loaded (" + why + "). " +
                "Reload the page to try again.", false);
            }
          });
        });
      });
  }

  // Says in each placeholder not yet told that the playground is loading.
  function sayLoading() {
    placeholders().forEach(function (placeholder) {
      if (!placeholder.hasAttribute("aria-busy")) {
        say(placeholder, "Loading the playground…", true);
      }
    });
  }

  // Says why a browser without WebAssembly shows no widget.
  function sayNoWasm() {
    placeholders().forEach(function (placeholder) {
      say(placeholder, "This example runs in WebAssembly, which this browser does not offer. " +
        "The code beside it shows what it would run.", false);
    });
  }

  // Written into the <head> of a page with widgets: starts the module now, and tells each
  // placeholder that it is loading before the frame that first shows it.
  function startEarly(module, wasm) {
    var placed = placeholdersParsed();
    if (!runsWasm()) {
      placed.then(sayNoWasm);
      return;
    }
    // Told first once every placeholder is there, so that the last ones say it too before the
    // module is mounted or fails.
    var allPlaced = false;
    placed.then(function () {
      allPlaced = true;
      sayLoading();
    });
    var base = document.baseURI;
    mount(load(new URL(module, base).href, wasm && new URL(wasm, base).href), placed);
    (function eachFrame() {
      if (!allPlaced) {
        sayLoading();
        requestAnimationFrame(eachFrame);
      }
    })();
  }

  // After the page's content: starts the module for the page's placeholders; false when the page has
  // none (yet).
  function start() {
    if (placeholders().length === 0) {
      return false;
    }
    if (!runsWasm()) {
      sayNoWasm();
      return true;
    }
    sayLoading();
    // mdBook defines `path_to_root` on every page; resolve against the page, not this script.
    var root = typeof path_to_root === "string" ? path_to_root : "";
    mount(load(new URL(root + "pkg/playground.js", document.baseURI).href), parsed());
    return true;
  }

  var module = script && script.getAttribute("data-module");
  if (module) {
    startEarly(module, script.getAttribute("data-wasm"));
  } else if (!start() && document.readyState === "loading") {
    // Anywhere before the page's content, it looks again once the page is parsed.
    document.addEventListener("DOMContentLoaded", start);
  }
})();
