// The presenter view of the pages the workshop uses (its modules and the chapters behind them): one
// button opens or closes every speaker note on the page (`<details class="speaker-notes">`, collapsed
// by default), and this browser's local storage keeps the
// choice, so an instructor's next page opens the same way. Printing opens every note, so the print
// page, which holds every chapter, carries them all. A page without notes is left untouched.
(function () {
  "use strict";

  var KEY = "psr-presenter-view";

  function remembered() {
    try {
      return window.localStorage.getItem(KEY) === "on";
    } catch (error) {
      return false; // Storage refused (private mode, a sandbox): the view simply starts closed.
    }
  }

  function remember(on) {
    try {
      if (on) {
        window.localStorage.setItem(KEY, "on");
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (error) {
      // Not remembered; the button still works on this page.
    }
  }

  function start() {
    var notes = Array.prototype.slice.call(document.querySelectorAll("details.speaker-notes"));
    if (notes.length === 0) {
      return;
    }
    var on = remembered();
    var button = document.createElement("button");
    button.type = "button";
    button.className = "speaker-notes-toggle";
    button.textContent = "Presenter view";

    function show(open) {
      notes.forEach(function (note) {
        note.open = open;
      });
    }

    function set(value) {
      on = value;
      button.setAttribute("aria-pressed", String(on));
      show(on);
    }

    button.addEventListener("click", function () {
      set(!on);
      remember(on);
    });
    window.addEventListener("beforeprint", function () {
      show(true);
    });
    window.addEventListener("afterprint", function () {
      show(on);
    });
    set(on);
    notes[0].parentNode.insertBefore(button, notes[0]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
