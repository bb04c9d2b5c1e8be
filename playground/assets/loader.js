// Loads the playground module (pkg/playground.js) and wires the widgets of the page.
