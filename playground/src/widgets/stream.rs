//! The stream processor: a DynamoDB Streams batch in; notifications, events and the partial batch
//! response out.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

use super::Widget;
use super::dom::{Dom, DomError};
use crate::exports::process_stream_value;
use crate::stream::EXAMPLE_EVENT;

/// What the reader can type: the batch, and the products whose events the provider refuses.
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
    const PROMPT: &'static str = "Press Process to run the batch through the stream processor.";
    type State = StreamState;

    fn examples() -> Vec<(&'static str, StreamState)> {
        let batch = pretty_event(EXAMPLE_EVENT);
        let failing = first_product_id(&batch).unwrap_or_default();
        vec![
            ("An insert, a modify and a remove", StreamState { event: batch.clone(), fail: String::new() }),
            ("The same batch, one delivery refused", StreamState { event: batch, fail: failing }),
            ("An empty batch", StreamState { event: "{\n  \"Records\": []\n}".to_owned(), fail: String::new() }),
        ]
    }

    fn build(dom: &Dom, form: &Element, id: &str) -> Result<Self, DomError> {
        let event = dom.textarea(form, &format!("{id}-event"), "DynamoDB Streams event (JSON)", 12)?;
        let fail =
            dom.input(form, &format!("{id}-fail"), "Refuse delivery for these product ids (comma-separated)", "text")?;
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
        let fail: Vec<&str> = state.fail.split(',').map(str::trim).filter(|id| !id.is_empty()).collect();
        let options = json!({ "failProductIds": fail }).to_string();
        let answer = process_stream_value(&state.event, Some(&options));
        if let Some(error) = answer["error"].as_str() {
            dom.text(output, "p", "psr-summary psr-bad", &format!("Not processed: {error}"))?;
            return Ok(());
        }
        let count = |key: &str| answer[key].as_array().map_or(0, Vec::len);
        let retried = answer["batchResponse"]["batchItemFailures"].as_array().map_or(0, Vec::len);
        let summary = format!(
            "{} notifications; {} events delivered, {} refused; {} records to retry.",
            count("notifications"),
            count("events"),
            count("refusedEvents"),
            retried,
        );
        let class = if retried == 0 { "psr-summary psr-ok" } else { "psr-summary psr-bad" };
        dom.text(output, "p", class, &summary)?;
        dom.json(output, "Partial batch response", &answer["batchResponse"])?;
        dom.json(output, "Notifications", &answer["notifications"])?;
        dom.json(output, "Events delivered", &answer["events"])?;
        if count("refusedEvents") > 0 {
            dom.json(output, "Events refused", &answer["refusedEvents"])?;
        }
        Ok(())
    }
}

/// The example batch indented for reading.
fn pretty_event(raw: &str) -> String {
    serde_json::from_str::<Value>(raw).map_or_else(|_| raw.to_owned(), |value| super::dom::pretty(&value))
}

/// The id of the first record's product, to refuse in the failing example.
fn first_product_id(event: &str) -> Option<String> {
    let event: Value = serde_json::from_str(event).ok()?;
    let keys = &event["Records"][0]["dynamodb"]["Keys"];
    keys.as_object()?.values().find_map(|key| key["S"].as_str()).map(str::to_owned)
}
