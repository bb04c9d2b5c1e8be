//! The payload validator: a create body in, each problem at its JSON Pointer out, the
//! schema beside.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use web_sys::{Element, HtmlTextAreaElement};

use super::dom::{Dom, DomError, pretty};
use super::{Widget, items};
use crate::exports::{CREATE_PRODUCT_SCHEMA, validate_create_product_value};

/// What the reader can type: the body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ValidatorState {
    body: String,
}

/// The payload validator's inputs.
pub(crate) struct Validator {
    body: HtmlTextAreaElement,
}

impl Widget for Validator {
    const KIND: &'static str = "validator";
    const NAME: &'static str = "Payload validator";
    const ACTION: &'static str = "Validate";
    const PROMPT: &'static str =
        "Press Validate to check the body against the service's rules.";
    type State = ValidatorState;

    fn examples() -> Vec<(&'static str, ValidatorState)> {
        [
            ("A valid body", "{\n  \"name\": \"Kettle\",\n  \"price\": 25\n}"),
            ("An empty name and a zero price", "{\n  \"name\": \"\",\n  \"price\": 0\n}"),
            ("A name of 21 characters", "{\n  \"name\": \"An electric kettle XL\",\n  \"price\": 25\n}"),
            (
                "A price as a string, an unknown member",
                "{\n  \"name\": \"Kettle\",\n  \"price\": \"25\",\n  \"colour\": \"red\"\n}",
            ),
            ("A price with a fraction", "{\n  \"name\": \"Kettle\",\n  \"price\": 24.99\n}"),
            ("Not JSON", "{\n  \"name\": \"Kettle\",\n"),
        ]
        .into_iter()
        .map(|(title, body)| (title, ValidatorState { body: body.to_owned() }))
        .collect()
    }

    fn build(dom: &Dom, form: &Element, id: &str) -> Result<Self, DomError> {
        let body = dom.textarea(form, &format!("{id}-body"), "Create body (JSON)", 6)?;
        Ok(Self { body })
    }

    fn aside(&self, dom: &Dom, frame: &Element) -> Result<(), DomError> {
        let details = dom.child(frame, "details", "psr-aside")?;
        details.set_attribute("open", "")?;
        dom.text(&details, "summary", "", "JSON Schema of the body")?;
        let pre = dom.child(&details, "pre", "psr-pre")?;
        dom.text(
            &pre,
            "code",
            "",
            &serde_json::from_str(CREATE_PRODUCT_SCHEMA).map_or_else(
                |_| CREATE_PRODUCT_SCHEMA.to_owned(),
                |schema: Value| pretty(&schema),
            ),
        )?;
        Ok(())
    }

    fn read(&self) -> ValidatorState {
        ValidatorState { body: self.body.value() }
    }

    fn write(&self, state: &ValidatorState) {
        self.body.set_value(&state.body);
    }

    fn run(&self, dom: &Dom, output: &Element) -> Result<(), DomError> {
        let answer = validate_create_product_value(&self.body.value());
        let errors = items(&answer["errors"]);
        if errors.is_empty() {
            dom.text(
                output,
                "p",
                "psr-summary psr-ok",
                "Valid: the service would create a product from this body.",
            )?;
            return Ok(());
        }
        let count = match errors.len() {
            1 => "1 problem".to_owned(),
            n => format!("{n} problems"),
        };
        dom.text(
            output,
            "p",
            "psr-summary psr-bad",
            &format!("Invalid: {count}, each at its field."),
        )?;
        let text =
            |error: &Value, key: &str| error[key].as_str().unwrap_or_default().to_owned();
        let rows: Vec<Vec<String>> = errors
            .iter()
            .map(|error| {
                let pointer = text(error, "pointer");
                let pointer = if pointer.is_empty() {
                    "(the whole body)".to_owned()
                } else {
                    pointer
                };
                vec![pointer, text(error, "code"), text(error, "message")]
            })
            .collect();
        dom.table(output, "Problems", &["Pointer", "Code", "Message"], &rows)
    }
}
