// Corrections to mdBook's page markup, and to the book's own content, that WCAG 2.1 AA asks for.
//
// Each correction is made here rather than in a copy of mdBook's `index.hbs`, so the book keeps
// following mdBook's template as it changes; the browser tests (accessibility.test.mjs) check the result
// with axe-core on every page.
(function () {
  "use strict";

  // mdBook 0.5.4's index.hbs writes the sidebar toggle as
  //   <label id="mdbook-sidebar-toggle" class="icon-button" for="mdbook-sidebar-toggle-anchor"
  //          aria-label="Toggle Table of Contents" aria-controls="mdbook-sidebar">
  // and sets `aria-expanded` on it: a label may carry neither attribute (axe: aria-allowed-attr,
  // aria-prohibited-attr), and it cannot take keyboard focus, so the sidebar could only be opened with a
  // mouse. As a button it is named, focusable, and says whether the sidebar is open; Enter and Space
  // click it, which toggles the checkbox as a mouse click does.
  function sidebarToggleAsButton() {
    var toggle = document.getElementById("mdbook-sidebar-toggle");
    if (!toggle || toggle.getAttribute("role") === "button") {
      return;
    }
    toggle.setAttribute("role", "button");
    toggle.setAttribute("tabindex", "0");
    toggle.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        toggle.click();
      }
    });
  }

  // Code blocks, wide tables and the widgets' results scroll inside the page; a keyboard user can only
  // scroll what can take focus (axe: scrollable-region-focusable). Only what does scroll gets a tab stop,
  // so the tab order does not grow by one stop for every short snippet; a named region tells a screen
  // reader what the stop is.
  var SCROLLERS = "main pre, main pre > code, main .table-wrapper, main .psr-pre";
  var MARK = "data-psr-scroll";

  function scrolls(element) {
    var style = window.getComputedStyle(element);
    var sideways = /auto|scroll/.test(style.overflowX) && element.scrollWidth > element.clientWidth + 1;
    var down = /auto|scroll/.test(style.overflowY) && element.scrollHeight > element.clientHeight + 1;
    return sideways || down;
  }

  // A name for the region: the title of a widget's block, or what kind of content it holds.
  function nameOf(element) {
    var block = element.closest(".psr-block, .psr-aside");
    var title = block && block.querySelector(".psr-block-title, summary");
    if (title && title.textContent) {
      return title.textContent.trim();
    }
    if (element.matches(".table-wrapper")) {
      return "Table";
    }
    if (element.matches("pre.mermaid")) {
      return "Diagram";
    }
    var code = element.matches("code") ? element : element.querySelector("code");
    var language = code && /(?:^|\s)language-([\w-]+)/.exec(code.className);
    return language ? "Code (" + language[1] + ")" : "Code";
  }

  // mdBook's book.js turns the page on Left and Right wherever focus is; in a block that scrolls
  // sideways those keys must scroll it instead, so they do not reach book.js's listener on the document.
  function keepArrows(event) {
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      event.stopPropagation();
    }
  }

  function markScrollers() {
    Array.prototype.forEach.call(document.querySelectorAll(SCROLLERS), function (element) {
      var marked = element.hasAttribute(MARK);
      if (scrolls(element)) {
        if (!marked && !element.hasAttribute("tabindex")) {
          element.setAttribute(MARK, "");
          element.setAttribute("tabindex", "0");
          element.setAttribute("role", "region");
          element.setAttribute("aria-label", nameOf(element));
          element.addEventListener("keydown", keepArrows);
        }
      } else if (marked) {
        ["tabindex", "role", "aria-label", MARK].forEach(function (name) {
          element.removeAttribute(name);
        });
        element.removeEventListener("keydown", keepArrows);
      }
    });
  }

  // Once per frame at most, whatever set it off: a resize, a font that arrived, a widget's new result.
  var pending = false;
  function markSoon() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        markScrollers();
      });
    }
  }

  // mdBook renders a task list item (`- [ ] step`) as `<li><input disabled type="checkbox"> step</li>`:
  // a form control with no label (axe: label). The item's own text names it.
  function labelTaskCheckboxes() {
    Array.prototype.forEach.call(document.querySelectorAll("main li > input[type=checkbox]"), function (box) {
      if (!box.hasAttribute("aria-label") && !box.labels.length) {
        box.setAttribute("aria-label", box.parentElement.textContent.trim());
      }
    });
  }

  function start() {
    sidebarToggleAsButton();
    labelTaskCheckboxes();
    markScrollers();
    window.addEventListener("resize", markSoon);
    window.addEventListener("load", markSoon);
    var main = document.querySelector("main");
    if (main && typeof MutationObserver === "function") {
      new MutationObserver(markSoon).observe(main, { childList: true, subtree: true });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
