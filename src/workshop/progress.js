// Workshop progress: which steps of the workshop pages this reader has ticked, kept in this browser.
//
// Each step is a checkbox with `data-workshop-step="<id>"`. The ticked ids are one JSON object in
// localStorage under `psr-workshop-progress` (`{"m1-s1": true, ...}`), so progress survives a reload
// and is shared by every workshop page. Nothing is sent anywhere. Where storage is unavailable
// (blocked, a private mode, full), the boxes still tick and the page says they will be forgotten.
//
// On the index page, `[data-workshop-module="m1"][data-workshop-steps="5"]` shows "2 of 5 done",
// `[data-workshop-reset]` clears everything, and `[data-workshop-status]` announces what happened.
//
// Each workshop page loads this file with a small inline loader that builds its address from
// mdBook's `path_to_root`: a plain relative `src` would miss on the print page, which holds every
// chapter at the site's root.
(() => {
  "use strict";

  const KEY = "psr-workshop-progress";

  // Loaded twice (two pages' loaders on the print page racing), the first copy serves the document.
  if (window.psrWorkshopProgress) {
    return;
  }
  window.psrWorkshopProgress = { key: KEY };

  let state = {};

  // The stored state, or `fallback` when storage cannot be read; anything malformed counts as empty.
  function read(fallback) {
    let text;
    try {
      text = window.localStorage.getItem(KEY);
    } catch {
      return fallback;
    }
    try {
      const value = JSON.parse(text || "{}");
      return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch {
      return {};
    }
  }

  // Saves `next`; false when storage refused it.
  function write(next) {
    try {
      if (Object.keys(next).length === 0) {
        window.localStorage.removeItem(KEY);
      } else {
        window.localStorage.setItem(KEY, JSON.stringify(next));
      }
      return true;
    } catch {
      return false;
    }
  }

  function announce(message) {
    for (const status of document.querySelectorAll("[data-workshop-status]")) {
      status.textContent = message;
    }
  }

  function render() {
    for (const box of document.querySelectorAll("input[data-workshop-step]")) {
      box.checked = state[box.getAttribute("data-workshop-step")] === true;
    }
    for (const counter of document.querySelectorAll("[data-workshop-module]")) {
      const prefix = counter.getAttribute("data-workshop-module") + "-";
      const total = Number(counter.getAttribute("data-workshop-steps")) || 0;
      const done = Object.keys(state).filter((id) => state[id] === true && id.startsWith(prefix)).length;
      counter.textContent = `${Math.min(done, total)} of ${total} done`;
    }
  }

  function tick(event) {
    const box = event.target;
    const id = box.getAttribute("data-workshop-step");
    // Another tab may have ticked steps since this page loaded: start from what is stored.
    const next = { ...read(state) };
    if (box.checked) {
      next[id] = true;
    } else {
      delete next[id];
    }
    state = next;
    if (!write(state)) {
      announce("This browser does not let the page keep your progress: the ticks last until you reload.");
    }
    render();
  }

  function reset() {
    state = {};
    const saved = write(state);
    render();
    announce(saved ? "Progress reset: no step is ticked." : "Progress reset on this page only: storage is unavailable.");
  }

  function start() {
    state = read({});
    render();
    for (const box of document.querySelectorAll("input[data-workshop-step]")) {
      box.addEventListener("change", tick);
    }
    for (const button of document.querySelectorAll("[data-workshop-reset]")) {
      button.addEventListener("click", reset);
    }
    window.addEventListener("storage", (event) => {
      if (event.key === KEY || event.key === null) {
        state = read(state);
        render();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
