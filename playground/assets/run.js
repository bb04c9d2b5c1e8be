// Runnable snippets (ADR-0029). The site build marks each Rust block that can run with its snippet
// (`data-snippet`: file#anchor) and the command that runs it (`data-command`).
//
// Under `cargo xtask serve` the page carries `<meta name="psr-run-token">`: each marked block gets a
// Run button that posts the snippet (and the reader's edit, for a block marked `editable`) to the run
// service on the same server, and the output streams into a live region under the block. On a static
// host there is no token: the block gets the command and a copy button instead, and no request is made.
(function () {
  "use strict";

  var RUN_PATH = "/__run";
  var SAVE_PATH = "/__run/save";
  var EXERCISES = "crates/workshop/src/exercises/";

  var meta = document.querySelector('meta[name="psr-run-token"]');
  var token = meta ? meta.getAttribute("content") : "";

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function button(text, label) {
    var node = element("button", "run-button", text);
    node.type = "button";
    if (label) {
      node.setAttribute("aria-label", label);
    }
    return node;
  }

  // The command and a copy button: what a static host offers.
  function commandLine(command) {
    var line = element("p", "run-command");
    line.appendChild(document.createTextNode("Run it on your machine: "));
    line.appendChild(element("code", "", command));
    var copy = button("Copy", "Copy the command " + command);
    var copied = element("span", "run-copied");
    copied.setAttribute("role", "status");
    copy.addEventListener("click", function () {
      var done = function () {
        copied.textContent = "Copied.";
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(command).then(done, function () {
          copied.textContent = "Select the command and copy it.";
        });
      } else {
        copied.textContent = "Select the command and copy it.";
      }
    });
    line.appendChild(copy);
    line.appendChild(copied);
    return line;
  }

  // Reads newline-delimited JSON events from a streamed response, one call of `onEvent` each.
  function readEvents(response, onEvent) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var pending = "";
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          return;
        }
        pending += decoder.decode(chunk.value, { stream: true });
        var lines = pending.split("\n");
        pending = lines.pop();
        lines.forEach(function (line) {
          if (line.trim()) {
            onEvent(JSON.parse(line));
          }
        });
        return pump();
      });
    }
    return pump();
  }

  function post(path, body) {
    return fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Run-Token": token },
      body: JSON.stringify(body),
    });
  }

  function setUp(code, index) {
    var snippet = code.getAttribute("data-snippet");
    var command = code.getAttribute("data-command");
    var pre = code.parentElement;
    var panel = element("div", "run-panel");
    pre.insertAdjacentElement("afterend", panel);
    if (!token) {
      panel.appendChild(commandLine(command));
      return;
    }
    var original = code.textContent;
    var editable = code.classList.contains("editable");
    if (editable) {
      code.setAttribute("contenteditable", "plaintext-only");
      code.setAttribute("spellcheck", "false");
      code.setAttribute("role", "textbox");
      code.setAttribute("aria-multiline", "true");
      code.setAttribute("aria-label", "Editable snippet " + snippet);
    }
    var controls = element("p", "run-controls");
    var run = button("Run", "Run " + command);
    controls.appendChild(run);
    controls.appendChild(document.createTextNode(" "));
    controls.appendChild(element("code", "run-command-text", command));
    panel.appendChild(controls);
    var output = element("div", "run-output");
    output.id = "run-output-" + index;
    output.setAttribute("aria-live", "polite");
    output.setAttribute("role", "status");
    var status = element("p", "run-status");
    var errors = element("ul", "run-errors");
    var log = element("pre", "run-log");
    log.setAttribute("tabindex", "0");
    log.setAttribute("aria-label", "Output of " + command);
    output.appendChild(status);
    output.appendChild(errors);
    output.appendChild(log);
    panel.appendChild(output);
    var save = null;
    if (snippet.indexOf(EXERCISES) === 0 && editable) {
      save = button("Write my edit into " + snippet);
      save.hidden = true;
      controls.appendChild(document.createTextNode(" "));
      controls.appendChild(save);
      save.addEventListener("click", function () {
        post(SAVE_PATH, { snippet: snippet, text: code.textContent }).then(function (response) {
          status.textContent = response.ok ? "Written to " + snippet + "." : "Not written (" + response.status + ").";
        });
      });
    }

    run.addEventListener("click", function () {
      var text = code.textContent;
      var body = { snippet: snippet };
      if (text !== original) {
        body.text = text;
      }
      log.textContent = "";
      errors.textContent = "";
      status.textContent = "Running " + command + "…";
      run.disabled = true;
      if (save) {
        save.hidden = text === original;
      }
      post(RUN_PATH, body)
        .then(function (response) {
          if (!response.ok) {
            status.textContent = "The run service refused (" + response.status + ").";
            return;
          }
          return readEvents(response, function (event) {
            if (event.kind === "stdout" || event.kind === "stderr") {
              log.appendChild(document.createTextNode(event.text + "\n"));
            } else if (event.kind === "location") {
              var item = element("li", "run-error", "Line " + event.line + ", column " + event.column + ": " + event.message);
              errors.appendChild(item);
            } else if (event.kind === "exit") {
              status.textContent = event.success ? "Finished: success." : "Finished: failed (exit code " + event.code + ").";
            } else if (event.kind === "stopped") {
              status.textContent = "Stopped: " + event.reason + ".";
            } else if (event.kind === "command") {
              status.textContent = "Running " + event.text + (event.edited ? " with your edit" : "") + "…";
            }
          });
        })
        .catch(function (error) {
          status.textContent = "The run failed: " + error.message;
        })
        .then(function () {
          run.disabled = false;
        });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("code[data-snippet]"), setUp);
})();
