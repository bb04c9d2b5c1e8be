// Renders the page's mermaid diagrams, loading mermaid only on pages that have one.
//
// mermaid.min.js weighs 2.6 MB, and only some chapters draw diagrams; the other pages must not pay
// for it on a slow network. The script is served by the site itself (assets/, copied from
// src/), never from a CDN. A change between a light and a dark theme reloads the page, since mermaid
// draws each diagram once, in the colours of the theme it started with.
(function () {
  "use strict";

  var DARK_THEMES = ["ayu", "navy", "coal"];
  var LIGHT_THEMES = ["light", "rust"];

  function isDark() {
    var classes = document.documentElement.classList;
    return DARK_THEMES.some(function (theme) { return classes.contains(theme); });
  }

  function reloadOnThemeFlip(startedDark) {
    DARK_THEMES.concat(LIGHT_THEMES).forEach(function (theme) {
      var button = document.getElementById("mdbook-theme-" + theme);
      if (button) {
        button.addEventListener("click", function () {
          if (DARK_THEMES.indexOf(theme) >= 0 !== startedDark) {
            window.location.reload();
          }
        });
      }
    });
  }

  function start() {
    if (!document.querySelector("pre.mermaid")) {
      return;
    }
    var root = typeof path_to_root === "string" ? path_to_root : "";
    var script = document.createElement("script");
    script.src = new URL(root + "assets/mermaid.min.js", document.baseURI).href;
    script.onload = function () {
      var dark = isDark();
      window.mermaid.initialize({ startOnLoad: false, theme: dark ? "dark" : "default" });
      window.mermaid.run({ querySelector: "pre.mermaid" });
      reloadOnThemeFlip(dark);
    };
    document.head.appendChild(script);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
