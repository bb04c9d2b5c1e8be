//! The printed copy of a widget: a form cannot run on paper, so the print stylesheet
//! hides it and shows this instead, a line saying where it runs and the input of its
//! first example.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use super::dom::{Dom, DomError};

/// Appends to `root` a block (shown only in print) naming the widget and quoting what
/// each of the fields of `form` holds now, except `skip` (the list of examples) and empty
/// fields.
pub(super) fn copy(
    dom: &Dom,
    root: &Element,
    form: &Element,
    name: &str,
    skip: &Element,
) -> Result<(), DomError> {
    let block = dom.child(root, "div", "psr-print")?;
    dom.text(
        &block,
        "p",
        "psr-print-note",
        &format!("{name}: in the online book this is a form that runs the book's code in the page. Its first example:"),
    )?;
    let fields = form.query_selector_all(".psr-field")?;
    for index in 0..fields.length() {
        let Some(field) =
            fields.item(index).and_then(|node| node.dyn_into::<Element>().ok())
        else {
            continue;
        };
        let (Some(label), Some(control)) = (
            field.query_selector("label")?,
            field.query_selector("input, select, textarea")?,
        ) else {
            continue;
        };
        if control == *skip {
            continue;
        }
        let value = value_of(&control);
        if value.trim().is_empty() {
            continue;
        }
        dom.text(&block, "p", "psr-label", &label.text_content().unwrap_or_default())?;
        let pre = dom.child(&block, "pre", "psr-print-value")?;
        dom.text(&pre, "code", "", &value)?;
    }
    Ok(())
}

/// What a control holds, as its reader sees it.
fn value_of(control: &Element) -> String {
    if let Some(area) = control.dyn_ref::<HtmlTextAreaElement>() {
        return area.value();
    }
    if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
        return input.value();
    }
    control
        .dyn_ref::<HtmlSelectElement>()
        .map(HtmlSelectElement::value)
        .unwrap_or_default()
}
