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
mod frame;
mod print;
mod state;
mod stream;
mod validator;

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::wasm_bindgen;
use web_sys::Element;

use dom::Dom;
pub use dom::DomError;

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

/// The one generic step of mounting: the widget's own inputs and examples. Everything
/// else, the frame, its listeners, keeping and sharing input, is [`frame`]'s, compiled
/// once for all widgets rather than once per widget.
fn mount<W: Widget>(dom: &Dom, root: &Element) -> Result<(), DomError> {
    let examples = W::examples();
    let titles: Vec<&str> = examples.iter().map(|(title, _)| *title).collect();
    let spec =
        Spec { kind: W::KIND, name: W::NAME, action: W::ACTION, prompt: W::PROMPT };
    let frame = frame::Frame::new(dom, root, &spec, &titles)?;
    let widget = W::build(dom, frame.form(), frame.id())?;
    frame.finish(Box::new(Typed { widget, examples }))
}

/// The constants of a widget, as [`frame`] reads them.
struct Spec {
    kind: &'static str,
    name: &'static str,
    action: &'static str,
    prompt: &'static str,
}

/// A widget whose input type is out of sight: its input travels as the JSON it is kept
/// and shared as.
trait Form {
    /// See [`Widget::aside`].
    fn aside(&self, dom: &Dom, frame: &Element) -> Result<(), DomError>;
    /// See [`Widget::run`].
    fn run(&self, dom: &Dom, output: &Element) -> Result<(), DomError>;
    /// What its inputs hold now, as JSON.
    fn input(&self) -> serde_json::Result<String>;
    /// Fills its inputs from `json`; false, and nothing changed, when `json` is not its
    /// input.
    fn load(&self, json: &[u8]) -> bool;
    /// Fills its inputs with example `index`, and returns that example as JSON; none
    /// when there is no such example.
    fn example(&self, index: usize) -> Option<serde_json::Result<String>>;
}

/// A [`Widget`] with its examples, as a [`Form`].
struct Typed<W: Widget> {
    widget: W,
    examples: Vec<(&'static str, W::State)>,
}

impl<W: Widget> Form for Typed<W> {
    fn aside(&self, dom: &Dom, frame: &Element) -> Result<(), DomError> {
        self.widget.aside(dom, frame)
    }

    fn run(&self, dom: &Dom, output: &Element) -> Result<(), DomError> {
        self.widget.run(dom, output)
    }

    fn input(&self) -> serde_json::Result<String> {
        serde_json::to_string(&self.widget.read())
    }

    fn load(&self, json: &[u8]) -> bool {
        let Ok(state) = serde_json::from_slice::<W::State>(json) else { return false };
        self.widget.write(&state);
        true
    }

    fn example(&self, index: usize) -> Option<serde_json::Result<String>> {
        let (_, example) = self.examples.get(index)?;
        self.widget.write(example);
        Some(serde_json::to_string(example))
    }
}

/// The elements of a JSON array in an export's answer; none if it is not an array.
fn items(value: &serde_json::Value) -> &[serde_json::Value] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
}
