//! The frame every widget shares: the group, the list of examples, the run and share
//! buttons, the note and the result area, and the listeners that tie them to the widget.
//!
//! Written once over [`Form`], so the four widgets share one copy of it in the module.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlSelectElement, KeyboardEvent};

use super::dom::{Dom, DomError, clear};
use super::{Form, MOUNTED_ATTRIBUTE, Spec, print, state};

thread_local! {
    /// Numbers the widgets of the page, so that their element ids never collide.
    static MOUNTED: Cell<u32> = const { Cell::new(0) };
}

/// A frame built up to the widget's own inputs, which go into [`Frame::form`].
pub(super) struct Frame<'a> {
    dom: &'a Dom,
    root: &'a Element,
    spec: &'a Spec,
    id: String,
    frame: Element,
    form: Element,
    example: HtmlSelectElement,
}

impl<'a> Frame<'a> {
    /// Empties `root` and starts the frame in it: the group and the list of examples.
    pub(super) fn new(
        dom: &'a Dom,
        root: &'a Element,
        spec: &'a Spec,
        titles: &[&str],
    ) -> Result<Self, DomError> {
        let number = MOUNTED.with(|count| {
            count.set(count.get().wrapping_add(1));
            count.get()
        });
        let id = format!("psr-{}-{number}", spec.kind);
        clear(root);
        root.set_attribute(MOUNTED_ATTRIBUTE, "")?;
        root.set_attribute("role", "group")?;
        root.set_attribute("aria-label", spec.name)?;

        // The frame lays the widget out; the placeholder itself is the container its
        // width is queried on.
        let frame = dom.child(root, "div", "psr-frame")?;
        let form = dom.child(&frame, "div", "psr-form")?;
        let values: Vec<String> =
            (0..titles.len()).map(|index| index.to_string()).collect();
        let mut options: Vec<(&str, &str)> = vec![("", "Choose an example…")];
        options.extend(values.iter().map(String::as_str).zip(titles.iter().copied()));
        let example = dom.select(&form, &format!("{id}-example"), "Example", &options)?;
        Ok(Self { dom, root, spec, id, frame, form, example })
    }

    /// Where the widget builds its inputs.
    pub(super) fn form(&self) -> &Element {
        &self.form
    }

    /// What makes the widget's element ids unique on the page.
    pub(super) fn id(&self) -> &str {
        &self.id
    }

    /// Finishes the frame around `widget`, whose inputs are in the form: the buttons, the
    /// note, the result area, the printed copy, the kept input and the listeners.
    pub(super) fn finish(self, widget: Box<dyn Form>) -> Result<(), DomError> {
        let Self { dom, root, spec, id, frame, form, example } = self;
        let actions = dom.child(&form, "div", "psr-actions")?;
        let run = dom.button(&actions, "psr-run", spec.action)?;
        let share = dom.button(&actions, "psr-share", "Share link")?;
        dom.text(&actions, "span", "psr-hint", "Ctrl+Enter runs it from any field.")?;
        let note = dom.child(&frame, "div", "psr-note")?;
        note.set_attribute("aria-live", "polite")?;
        let output = dom.child(&frame, "div", "psr-output")?;
        output.set_id(&format!("{id}-result"));
        output.set_attribute("role", "status")?;
        output.set_attribute("aria-live", "polite")?;
        output.set_text_content(Some(spec.prompt));
        widget.aside(dom, &frame)?;
        if widget.example(0).is_some() {
            print::copy(dom, root, &form, spec.name, &example)?;
        }

        if let Some(problem) = state::restore(spec.kind, widget.as_ref()) {
            note.set_text_content(Some(&problem));
        }

        let mounted = Rc::new(Mounted {
            widget,
            kind: spec.kind,
            prompt: spec.prompt,
            dom: dom.clone(),
            output,
            note,
        });
        listen(&run, "click", EventListenerOptions::default(), {
            let mounted = Rc::clone(&mounted);
            move |_| mounted.run()
        });
        listen(&share, "click", EventListenerOptions::default(), {
            let mounted = Rc::clone(&mounted);
            move |_| {
                if let Err(error) = mounted.share() {
                    mounted.note.set_text_content(Some(&format!(
                        "No link could be made: {error}"
                    )));
                }
            }
        });
        listen(&example, "change", EventListenerOptions::default(), {
            let mounted = Rc::clone(&mounted);
            let select = example.clone();
            move |_| {
                mounted.show_example(&select.value());
                select.set_value("");
            }
        });
        listen(&form, "input", EventListenerOptions::default(), {
            let mounted = Rc::clone(&mounted);
            move |_| {
                mounted.save();
            }
        });
        // Not passive: Ctrl+Enter must not also insert a line break in a text area.
        listen(root, "keydown", EventListenerOptions::enable_prevent_default(), {
            let mounted = Rc::clone(&mounted);
            move |event| {
                let Some(key) = event.dyn_ref::<KeyboardEvent>() else { return };
                if key.key() == "Enter" && (key.ctrl_key() || key.meta_key()) {
                    event.prevent_default();
                    mounted.run();
                }
            }
        });
        Ok(())
    }
}

/// The parts of a mounted widget that its event listeners share.
struct Mounted {
    widget: Box<dyn Form>,
    kind: &'static str,
    prompt: &'static str,
    dom: Dom,
    output: Element,
    note: Element,
}

impl Mounted {
    /// Keeps the widget's input and returns its size as JSON (0 when it has none).
    fn save(&self) -> usize {
        self.widget.input().map_or(0, |json| state::save(self.kind, &json))
    }

    fn run(&self) {
        let bytes = self.save();
        clear(&self.output);
        if bytes > state::MAX_INPUT_BYTES {
            let refusal = format!(
                "Not run: the input is {bytes} bytes; the playground takes at most {} bytes (1 MiB).",
                state::MAX_INPUT_BYTES
            );
            self.output.set_text_content(Some(&refusal));
            return;
        }
        if let Err(error) = self.widget.run(&self.dom, &self.output) {
            self.output.set_text_content(Some(&error.to_string()));
        }
    }

    fn show_example(&self, index: &str) {
        let Some(example) =
            index.parse::<usize>().ok().and_then(|index| self.widget.example(index))
        else {
            return;
        };
        if let Ok(json) = example {
            state::save(self.kind, &json);
        }
        clear(&self.output);
        self.output.set_text_content(Some(self.prompt));
    }

    fn share(&self) -> Result<(), DomError> {
        clear(&self.note);
        let json = self
            .widget
            .input()
            .map_err(|error| DomError::from(JsValue::from_str(&error.to_string())))?;
        let link = state::share(self.kind, &json)?;
        self.dom.text(&self.note, "p", "", "The address bar now links to this input.")?;
        let id = format!("{}-link", self.output.id());
        let input = self.dom.input(&self.note, &id, "Link to this input", "text")?;
        input.set_read_only(true);
        input.set_value(&link);
        input.select();
        Ok(())
    }
}

/// Listens for as long as the page lives: widgets are never unmounted.
fn listen(
    target: &web_sys::EventTarget,
    event: &'static str,
    options: EventListenerOptions,
    callback: impl FnMut(&web_sys::Event) + 'static,
) {
    EventListener::new_with_options(target, event, options, callback).forget();
}
