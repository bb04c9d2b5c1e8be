//! Helpers that find widget parts the way a reader does: by label, by button name, by
//! role.

use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement,
};

pub(crate) fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Parses what an export answered.
pub(crate) fn json(answer: &str) -> Value {
    serde_json::from_str(answer)
        .unwrap_or_else(|error| panic!("{answer} is not JSON: {error}"))
}

/// Forgets what earlier tests kept: stored input and the link in the address bar.
pub(crate) fn forget_kept_input() {
    let window = web_sys::window().unwrap();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    set_fragment("");
}

/// Puts `fragment` (with its `#`, or empty) in the address bar without loading anything.
pub(crate) fn set_fragment(fragment: &str) {
    let window = web_sys::window().unwrap();
    let location = window.location();
    let url = format!(
        "{}{}{}",
        location.pathname().unwrap(),
        location.search().unwrap(),
        fragment
    );
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
}

/// A new placeholder for `kind` in the page, mounted.
pub(crate) fn mount(kind: &str) -> Element {
    let document = document();
    let holder = document.create_element("div").unwrap();
    let placeholder = document.create_element("div").unwrap();
    placeholder.set_class_name("psr-widget");
    placeholder.set_attribute("data-widget", kind).unwrap();
    holder.append_child(&placeholder).unwrap();
    document.body().unwrap().append_child(&holder).unwrap();
    assert_eq!(
        playground::widgets::mount_widgets(Some(holder)),
        1,
        "the {kind} widget mounts"
    );
    placeholder
}

/// The form control whose `<label for>` says `text`.
pub(crate) fn labelled<T: JsCast>(widget: &Element, text: &str) -> T {
    let labels = widget.query_selector_all("label").unwrap();
    for index in 0..labels.length() {
        let label: Element = labels.item(index).unwrap().dyn_into().unwrap();
        if label.text_content().unwrap_or_default() == text {
            let id = label.get_attribute("for").expect("the label names its control");
            let control =
                document().get_element_by_id(&id).expect("the labelled control exists");
            assert!(
                widget.contains(Some(&control)),
                "the control of {text:?} is inside its widget"
            );
            return control
                .dyn_into()
                .unwrap_or_else(|_| panic!("{text:?} labels another kind of control"));
        }
    }
    panic!("no label says {text:?}")
}

pub(crate) fn textarea(widget: &Element, label: &str) -> HtmlTextAreaElement {
    labelled(widget, label)
}

pub(crate) fn input(widget: &Element, label: &str) -> HtmlInputElement {
    labelled(widget, label)
}

pub(crate) fn select(widget: &Element, label: &str) -> HtmlSelectElement {
    labelled(widget, label)
}

/// Clicks the button named exactly `name`.
pub(crate) fn click(widget: &Element, name: &str) {
    let buttons = widget.query_selector_all("button").unwrap();
    for index in 0..buttons.length() {
        let button: HtmlElement = buttons.item(index).unwrap().dyn_into().unwrap();
        if button.text_content().unwrap_or_default() == name {
            button.click();
            return;
        }
    }
    panic!("no button is named {name:?}")
}

/// The widget's one result area, which announces politely.
pub(crate) fn status(widget: &Element) -> Element {
    let found = widget.query_selector_all("[role=status]").unwrap();
    assert_eq!(found.length(), 1, "a widget has one status area");
    let status: Element = found.item(0).unwrap().dyn_into().unwrap();
    assert_eq!(status.get_attribute("aria-live").as_deref(), Some("polite"));
    status
}

pub(crate) fn status_text(widget: &Element) -> String {
    status(widget).text_content().unwrap_or_default()
}

/// What the widget's note (about links and kept input) says.
pub(crate) fn note_text(widget: &Element) -> String {
    widget
        .query_selector(".psr-note")
        .unwrap()
        .and_then(|note| note.text_content())
        .unwrap_or_default()
}
