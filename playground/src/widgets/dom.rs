//! Small builders over `web-sys` for the widgets' forms and results.
//!
//! Every piece of text reaches the page through `set_text_content` or a text node: reader
//! input and the crates' answers are never parsed as HTML, so a payload such as `<img
//! src=x onerror=...>` stays the characters it is.

use std::fmt;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Document, Element, HtmlButtonElement, HtmlInputElement, HtmlOptionElement,
    HtmlSelectElement, HtmlTextAreaElement,
};

/// A DOM call that the browser refused; it keeps the JavaScript exception it threw.
#[derive(Debug, thiserror::Error)]
#[error("the page refused a change to its document: {}", Exception(.0))]
pub struct DomError(JsValue);

impl From<JsValue> for DomError {
    fn from(value: JsValue) -> Self {
        Self(value)
    }
}

impl DomError {
    /// An element of an unexpected kind, or a missing window or document.
    pub(crate) fn missing(what: &str) -> Self {
        Self(JsValue::from_str(what))
    }
}

/// A thrown JavaScript value written for a person: its message when it is an `Error`.
struct Exception<'a>(&'a JsValue);

impl fmt::Display for Exception<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(text) = self.0.as_string() {
            return f.write_str(&text);
        }
        match self.0.dyn_ref::<js_sys::Error>() {
            Some(error) => write!(f, "{}", String::from(error.message())),
            None => write!(f, "{:?}", self.0),
        }
    }
}

/// The document the widgets are built in, with short builders.
#[derive(Debug, Clone)]
pub(crate) struct Dom {
    document: Document,
}

impl Dom {
    /// The document of the window the module runs in.
    pub(crate) fn current() -> Result<Self, DomError> {
        let document =
            web_sys::window().and_then(|window| window.document()).ok_or_else(|| {
                DomError::missing("there is no document to put the widgets in")
            })?;
        Ok(Self { document })
    }

    /// The document.
    pub(crate) fn document(&self) -> &Document {
        &self.document
    }

    /// A new `<tag class="class">` appended to `parent`.
    pub(crate) fn child(
        &self,
        parent: &Element,
        tag: &str,
        class: &str,
    ) -> Result<Element, DomError> {
        let element = self.document.create_element(tag)?;
        if !class.is_empty() {
            element.set_class_name(class);
        }
        parent.append_child(&element)?;
        Ok(element)
    }

    /// A new `<tag class="class">text</tag>` appended to `parent`.
    pub(crate) fn text(
        &self,
        parent: &Element,
        tag: &str,
        class: &str,
        text: &str,
    ) -> Result<Element, DomError> {
        let element = self.child(parent, tag, class)?;
        element.set_text_content(Some(text));
        Ok(element)
    }

    /// A `<tag class="class" id="id">` under a `<label for="id">`, together in a field
    /// block.
    fn labelled(
        &self,
        parent: &Element,
        id: &str,
        label: &str,
        tag: &str,
        class: &str,
    ) -> Result<Element, DomError> {
        let field = self.child(parent, "div", "psr-field")?;
        self.text(&field, "label", "psr-label", label)?.set_attribute("for", id)?;
        let control = self.child(&field, tag, class)?;
        control.set_id(id);
        // What is typed here is JSON, paths and ids, not prose: no spelling marks, no
        // completion.
        for (name, value) in
            [("spellcheck", "false"), ("autocomplete", "off"), ("autocapitalize", "off")]
        {
            control.set_attribute(name, value)?;
        }
        Ok(control)
    }

    /// A labelled `<textarea>` of `rows` lines in its own field block.
    pub(crate) fn textarea(
        &self,
        parent: &Element,
        id: &str,
        label: &str,
        rows: u32,
    ) -> Result<HtmlTextAreaElement, DomError> {
        let area: HtmlTextAreaElement =
            cast(self.labelled(parent, id, label, "textarea", "psr-code")?)?;
        area.set_rows(rows);
        Ok(area)
    }

    /// A labelled `<input type="kind">` in its own field block.
    pub(crate) fn input(
        &self,
        parent: &Element,
        id: &str,
        label: &str,
        kind: &str,
    ) -> Result<HtmlInputElement, DomError> {
        let input: HtmlInputElement =
            cast(self.labelled(parent, id, label, "input", "psr-text")?)?;
        input.set_type(kind);
        Ok(input)
    }

    /// A labelled `<select>` with `options` as (value, text) pairs, in its own field
    /// block.
    pub(crate) fn select(
        &self,
        parent: &Element,
        id: &str,
        label: &str,
        options: &[(&str, &str)],
    ) -> Result<HtmlSelectElement, DomError> {
        let select: HtmlSelectElement =
            cast(self.labelled(parent, id, label, "select", "psr-select")?)?;
        for (value, text) in options {
            let option: HtmlOptionElement =
                cast(self.text(&select, "option", "", text)?)?;
            option.set_value(value);
        }
        Ok(select)
    }

    /// A `<button type="button">` whose accessible name is its text.
    pub(crate) fn button(
        &self,
        parent: &Element,
        class: &str,
        text: &str,
    ) -> Result<HtmlButtonElement, DomError> {
        let button: HtmlButtonElement = cast(self.text(parent, "button", class, text)?)?;
        button.set_type("button");
        Ok(button)
    }

    /// A titled block of preformatted text, such as a JSON document.
    pub(crate) fn block(
        &self,
        parent: &Element,
        title: &str,
        text: &str,
    ) -> Result<(), DomError> {
        let section = self.child(parent, "div", "psr-block")?;
        self.text(&section, "h4", "psr-block-title", title)?;
        let pre = self.child(&section, "pre", "psr-pre")?;
        self.text(&pre, "code", "", text)?;
        Ok(())
    }

    /// A titled block of JSON, indented for reading.
    pub(crate) fn json(
        &self,
        parent: &Element,
        title: &str,
        value: &serde_json::Value,
    ) -> Result<(), DomError> {
        self.block(parent, title, &pretty(value))
    }

    /// A `<table>` with a header row and text cells.
    pub(crate) fn table(
        &self,
        parent: &Element,
        caption: &str,
        head: &[&str],
        rows: &[Vec<String>],
    ) -> Result<(), DomError> {
        let table = self.child(parent, "table", "psr-table")?;
        self.text(&table, "caption", "", caption)?;
        let row = self.child(&self.child(&table, "thead", "")?, "tr", "")?;
        for cell in head {
            self.text(&row, "th", "", cell)?.set_attribute("scope", "col")?;
        }
        let body = self.child(&table, "tbody", "")?;
        for cells in rows {
            let row = self.child(&body, "tr", "")?;
            for cell in cells {
                self.text(&row, "td", "", cell)?;
            }
        }
        Ok(())
    }
}

/// Removes every child of `element`.
pub(crate) fn clear(element: &Element) {
    element.set_text_content(None);
}

/// `element` as the more specific element type `T`.
pub(crate) fn cast<T: JsCast>(element: Element) -> Result<T, DomError> {
    element
        .dyn_into::<T>()
        .map_err(|_| DomError::missing("an element is not of the expected kind"))
}

/// JSON indented by two spaces; a value that cannot be written (never, for a parsed
/// value) as compact.
pub(crate) fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}
