//! The stream processor: a DynamoDB Streams batch in; notifications, events and the
//! partial batch response out.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

use super::dom::{Dom, DomError};
use super::{Widget, items};
use crate::exports::process_stream_value;
use crate::stream::{EXAMPLE_BATCH, UNREADABLE_BATCH};

/// What the reader can type: the batch, and the products whose events the provider
/// refuses.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StreamState {
    event: String,
    fail: String,
}

/// The stream processor's inputs.
pub(crate) struct Stream {
    event: HtmlTextAreaElement,
    fail: HtmlInputElement,
}

impl Widget for Stream {
    const KIND: &'static str = "stream";
    const NAME: &'static str = "Stream processor";
    const ACTION: &'static str = "Process";
    const PROMPT: &'static str =
        "Press Process to run the batch through the stream processor.";
    type State = StreamState;

    fn examples() -> Vec<(&'static str, StreamState)> {
        let state = |event: &str, fail: &str| StreamState {
            event: event.to_owned(),
            fail: fail.to_owned(),
        };
        vec![
            (
                "An insert, a modify, a remove and two more inserts",
                state(EXAMPLE_BATCH, ""),
            ),
            (
                "The same batch, one delivery refused",
                state(EXAMPLE_BATCH, REFUSED_PRODUCT),
            ),
            ("Records the processor cannot read", state(UNREADABLE_BATCH, "")),
            ("An empty batch", state("{\n  \"Records\": []\n}", "")),
        ]
    }

    fn build(dom: &Dom, form: &Element, id: &str) -> Result<Self, DomError> {
        let event = dom.textarea(
            form,
            &format!("{id}-event"),
            "DynamoDB Streams event (JSON)",
            12,
        )?;
        let fail = dom.input(
            form,
            &format!("{id}-fail"),
            "Refuse delivery for these product ids (comma-separated)",
            "text",
        )?;
        Ok(Self { event, fail })
    }

    fn read(&self) -> StreamState {
        StreamState { event: self.event.value(), fail: self.fail.value() }
    }

    fn write(&self, state: &StreamState) {
        self.event.set_value(&state.event);
        self.fail.set_value(&state.fail);
    }

    fn run(&self, dom: &Dom, output: &Element) -> Result<(), DomError> {
        let state = self.read();
        let fail: Vec<&str> =
            state.fail.split(',').map(str::trim).filter(|id| !id.is_empty()).collect();
        let options = json!({ "failProductIds": fail }).to_string();
        let answer = process_stream_value(&state.event, Some(&options));
        if let Some(error) = answer["error"].as_str() {
            dom.text(
                output,
                "p",
                "psr-summary psr-bad",
                &format!("Not processed: {error}"),
            )?;
            return Ok(());
        }
        let count = |key: &str| answer[key].as_array().map_or(0, Vec::len);
        let retried =
            answer["batchResponse"]["batchItemFailures"].as_array().map_or(0, Vec::len);
        let summary = format!(
            "{} notifications; {} events delivered, {} refused; {retried} {} to retry.",
            count("notifications"),
            count("events"),
            count("refusedEvents"),
            if retried == 1 { "record" } else { "records" },
        );
        let class =
            if retried == 0 { "psr-summary psr-ok" } else { "psr-summary psr-bad" };
        dom.text(output, "p", class, &summary)?;
        dom.json(output, "Partial batch response", &answer["batchResponse"])?;
        let failures = items(&answer["failures"]);
        if !failures.is_empty() {
            let text = |failure: &Value, key: &str| match &failure[key] {
                Value::String(text) => text.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            let rows: Vec<Vec<String>> = failures
                .iter()
                .map(|failure| {
                    vec![
                        text(failure, "position"),
                        text(failure, "sequence_number"),
                        text(failure, "code"),
                        text(failure, "message"),
                    ]
                })
                .collect();
            dom.table(
                output,
                "Why they are retried",
                &["Position", "SequenceNumber", "Code", "Why"],
                &rows,
            )?;
        }
        dom.json(output, "Notifications", &answer["notifications"])?;
        dom.json(output, "Events delivered", &answer["events"])?;
        if count("refusedEvents") > 0 {
            dom.json(output, "Events refused", &answer["refusedEvents"])?;
        }
        Ok(())
    }
}

/// The product whose event the failing example refuses: it has one record, the fourth.
const REFUSED_PRODUCT: &str = "9d1c6f0e-2b7a-4c3d-8e5f-6a7b8c9d0e1f";
