//! The widgets: plain forms over the exports, mounted into placeholders that chapters
//! embed.
//!
//! Every widget has the same frame: a group named after it, a `<select>` of examples, its
//! labelled inputs, a run button, a "Share link" button, a note for messages about its
//! input, and a result area (`role="status"`, `aria-live="polite"`). Ctrl+Enter
//! (Cmd+Enter) runs it from any of its fields. Input is kept in `localStorage` as it is
//! typed and can travel in a link; an input over 1 MiB is refused with a message rather
//! than run. On paper the form gives way to a copy of its first example's input
//! (`print.rs`).

mod console;
mod dom;
mod events;
mod print;
mod state;
mod stream;
mod validator;

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::wasm_bindgen;
use web_sys::{Element, HtmlSelectElement, KeyboardEvent};

pub use dom::DomError;
use dom::{Dom, clear};

/// The attribute a placeholder names its widget with.
pub const WIDGET_ATTRIBUTE: &str = "data-widget";

/// The widget kinds a placeholder may name, as `data-widget` values.
pub const KINDS: [&str; 4] = [
    validator::Validator::KIND,
    console::Console::KIND,
    stream::Stream::KIND,
    events::Events::KIND,
];

/// Set on a placeholder once its widget is mounted, so mounting twice does nothing.
const MOUNTED_ATTRIBUTE: &str = "data-mounted";

/// One widget: its inputs, how its input is kept, and what its button does.
trait Widget: Sized + 'static {
    /// Its `data-widget` value, also the key of its kept input and of its links.
    const KIND: &'static str;
    /// Its name, given to the group that holds it.
    const NAME: &'static str;
    /// The text, and so the accessible name, of its run button.
    const ACTION: &'static str;
    /// What its result area says before the first run.
    const PROMPT: &'static str;
    /// Everything the reader can type into it.
    type State: Serialize + DeserializeOwned;

    /// Examples to start from, by title; the first is what a new reader sees.
    fn examples() -> Vec<(&'static str, Self::State)>;
    /// Builds its inputs into `form`; `id` makes element ids unique on the page.
    fn build(dom: &Dom, form: &Element, id: &str) -> Result<Self, DomError>;
    /// Adds anything shown beside the result, such as the validator's JSON Schema, to
    /// `frame`.
    fn aside(&self, _dom: &Dom, _frame: &Element) -> Result<(), DomError> {
        Ok(())
    }
    /// What its inputs hold now.
    fn read(&self) -> Self::State;
    /// Fills its inputs.
    fn write(&self, state: &Self::State);
    /// Runs the crates on its input and renders the answer into the (emptied) result
    /// area.
    fn run(&self, dom: &Dom, output: &Element) -> Result<(), DomError>;
}

// ANCHOR: mount_widgets
/// `mountWidgets(root?)`: mounts a widget into every `[data-widget]` placeholder under
/// `root` (the whole document when absent) that has none yet, and returns how many it
/// mounted.
///
/// It never throws: a placeholder that cannot be mounted (an unknown kind, a refused DOM
/// call) shows why instead.
#[wasm_bindgen(js_name = mountWidgets)]
pub fn mount_widgets(root: Option<Element>) -> u32 {
    let Ok(dom) = Dom::current() else { return 0 };
    let selector = format!("[{WIDGET_ATTRIBUTE}]:not([{MOUNTED_ATTRIBUTE}])");
    let found = match &root {
        Some(root) => root.query_selector_all(&selector),
        None => dom.document().query_selector_all(&selector),
    };
    let Ok(found) = found else { return 0 };
    let mut mounted = 0;
    for index in 0..found.length() {
        let Some(placeholder) =
            found.item(index).and_then(|node| node.dyn_into::<Element>().ok())
        else {
            continue;
        };
        match mount_widget(&dom, &placeholder) {
            Ok(()) => mounted += 1,
            Err(error) => {
                placeholder.set_text_content(Some(&format!(
                    "This widget could not be shown: {error}"
                )));
            }
        }
    }
    mounted
}
// ANCHOR_END: mount_widgets

/// Why a placeholder got no widget.
#[derive(Debug, thiserror::Error)]
enum MountError {
    #[error("`{WIDGET_ATTRIBUTE}=\"{0}\"` names no widget; the widgets are {kinds}", kinds = KINDS.join(", "))]
    UnknownKind(String),
    #[error(transparent)]
    Dom(#[from] DomError),
}

fn mount_widget(dom: &Dom, placeholder: &Element) -> Result<(), MountError> {
    let kind = placeholder.get_attribute(WIDGET_ATTRIBUTE).unwrap_or_default();
    match kind.as_str() {
        validator::Validator::KIND => mount::<validator::Validator>(dom, placeholder)?,
        console::Console::KIND => mount::<console::Console>(dom, placeholder)?,
        stream::Stream::KIND => mount::<stream::Stream>(dom, placeholder)?,
        events::Events::KIND => mount::<events::Events>(dom, placeholder)?,
        _ => return Err(MountError::UnknownKind(kind)),
    }
    Ok(())
}

thread_local! {
    /// Numbers the widgets of the page, so that their element ids never collide.
    static MOUNTED: Cell<u32> = const { Cell::new(0) };
}

/// The parts of a mounted widget that its event listeners share.
struct Mounted<W> {
    widget: W,
    dom: Dom,
    output: Element,
    note: Element,
}

impl<W: Widget> Mounted<W> {
    fn run(&self) {
        let bytes = state::save(W::KIND, &self.widget.read());
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

    fn show_example(&self, examples: &[(&'static str, W::State)], index: &str) {
        let Some((_, example)) =
            index.parse::<usize>().ok().and_then(|index| examples.get(index))
        else {
            return;
        };
        self.widget.write(example);
        state::save(W::KIND, example);
        clear(&self.output);
        self.output.set_text_content(Some(W::PROMPT));
    }

    fn share(&self) -> Result<(), DomError> {
        clear(&self.note);
        let link = state::share(W::KIND, &self.widget.read())?;
        self.dom.text(&self.note, "p", "", "The address bar now links to this input.")?;
        let id = format!("{}-link", self.output.id());
        let input = self.dom.input(&self.note, &id, "Link to this input", "text")?;
        input.set_read_only(true);
        input.set_value(&link);
        input.select();
        Ok(())
    }
}

fn mount<W: Widget>(dom: &Dom, root: &Element) -> Result<(), DomError> {
    let number = MOUNTED.with(|count| {
        count.set(count.get().wrapping_add(1));
        count.get()
    });
    let id = format!("psr-{}-{number}", W::KIND);
    clear(root);
    root.set_attribute(MOUNTED_ATTRIBUTE, "")?;
    root.set_attribute("role", "group")?;
    root.set_attribute("aria-label", W::NAME)?;

    // The frame lays the widget out; the placeholder itself is the container its width is
    // queried on.
    let frame = dom.child(root, "div", "psr-frame")?;
    let form = dom.child(&frame, "div", "psr-form")?;
    let examples = W::examples();
    let titles: Vec<(String, &str)> = examples
        .iter()
        .enumerate()
        .map(|(index, (title, _))| (index.to_string(), *title))
        .collect();
    let mut options: Vec<(&str, &str)> = vec![("", "Choose an example…")];
    options.extend(titles.iter().map(|(value, title)| (value.as_str(), *title)));
    let example = dom.select(&form, &format!("{id}-example"), "Example", &options)?;
    let widget = W::build(dom, &form, &id)?;

    let actions = dom.child(&form, "div", "psr-actions")?;
    let run = dom.button(&actions, "psr-run", W::ACTION)?;
    let share = dom.button(&actions, "psr-share", "Share link")?;
    dom.text(&actions, "span", "psr-hint", "Ctrl+Enter runs it from any field.")?;
    let note = dom.child(&frame, "div", "psr-note")?;
    note.set_attribute("aria-live", "polite")?;
    let output = dom.child(&frame, "div", "psr-output")?;
    output.set_id(&format!("{id}-result"));
    output.set_attribute("role", "status")?;
    output.set_attribute("aria-live", "polite")?;
    output.set_text_content(Some(W::PROMPT));
    widget.aside(dom, &frame)?;
    if let Some((_, first)) = examples.first() {
        widget.write(first);
        print::copy(dom, root, &form, W::NAME, &example)?;
    }

    let (kept, problem) = state::restore::<W::State>(W::KIND);
    if let Some(state) =
        kept.as_ref().or_else(|| examples.first().map(|(_, first)| first))
    {
        widget.write(state);
    }
    if let Some(problem) = problem {
        note.set_text_content(Some(&problem));
    }

    let mounted = Rc::new(Mounted { widget, dom: dom.clone(), output, note });
    let examples = Rc::new(examples);
    listen(&run, "click", EventListenerOptions::default(), {
        let mounted = Rc::clone(&mounted);
        move |_| mounted.run()
    });
    listen(&share, "click", EventListenerOptions::default(), {
        let mounted = Rc::clone(&mounted);
        move |_| {
            if let Err(error) = mounted.share() {
                mounted
                    .note
                    .set_text_content(Some(&format!("No link could be made: {error}")));
            }
        }
    });
    listen(&example, "change", EventListenerOptions::default(), {
        let mounted = Rc::clone(&mounted);
        let select: HtmlSelectElement = example.clone();
        move |_| {
            mounted.show_example(&examples, &select.value());
            select.set_value("");
        }
    });
    listen(&form, "input", EventListenerOptions::default(), {
        let mounted = Rc::clone(&mounted);
        move |_| {
            state::save(W::KIND, &mounted.widget.read());
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

/// The elements of a JSON array in an export's answer; none if it is not an array.
fn items(value: &serde_json::Value) -> &[serde_json::Value] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
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
