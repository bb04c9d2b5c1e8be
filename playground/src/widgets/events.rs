//! The event builder: models in, envelopes and the exact PutEvents requests out, sized
//! against a limit.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

use super::dom::{Dom, DomError};
use super::{Widget, items};
use crate::events::DEFAULT_EVENT_NAME;
use crate::exports::build_events_value;

/// What the reader can type.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct EventsState {
    models: String,
    source: String,
    event_name: String,
    limit: String,
}

/// The event builder's inputs.
pub(crate) struct Events {
    models: HtmlTextAreaElement,
    source: HtmlInputElement,
    event_name: HtmlInputElement,
    limit: HtmlInputElement,
}

/// The source of the talk's demo, which the examples keep.
const SOURCE: &str = "myorg.product.product_notification";
/// EventBridge's long-standing request limit, accepted by every bus.
const DEFAULT_LIMIT: &str = "262144";

/// A product change notification as the stream processor builds it, with a numbered id.
fn notification(n: usize, status: &str) -> Value {
    json!({
        "product_id": format!("3f2b8c1e-4d5a-4f6b-9c7d-{n:012}"),
        "status": status,
        "created_at": "2026-01-01T00:00:00Z",
    })
}

fn state(models: &[Value], limit: &str) -> EventsState {
    EventsState {
        models: serde_json::to_string_pretty(models).unwrap_or_default(),
        source: SOURCE.to_owned(),
        event_name: DEFAULT_EVENT_NAME.to_owned(),
        limit: limit.to_owned(),
    }
}

impl Widget for Events {
    const KIND: &'static str = "events";
    const NAME: &'static str = "Event builder";
    const ACTION: &'static str = "Build events";
    const PROMPT: &'static str = "Press Build events to see the envelopes and the PutEvents requests that would carry them.";
    type State = EventsState;

    fn examples() -> Vec<(&'static str, EventsState)> {
        let three = [
            notification(1, "ADDED"),
            notification(2, "UPDATED"),
            notification(3, "REMOVED"),
        ];
        let twelve: Vec<Value> = (1..=12).map(|n| notification(n, "ADDED")).collect();
        let large = json!({ "product_id": "3f2b8c1e-4d5a-4f6b-9c7d-000000000004", "description": "x".repeat(1500) });
        vec![
            ("Three product changes", state(&three, DEFAULT_LIMIT)),
            ("Twelve events: two requests of at most 10", state(&twelve, DEFAULT_LIMIT)),
            (
                "An event too large for a 1 KiB limit",
                state(
                    &[notification(1, "ADDED"), large, notification(5, "ADDED")],
                    "1024",
                ),
            ),
        ]
    }

    fn build(dom: &Dom, form: &Element, id: &str) -> Result<Self, DomError> {
        let models =
            dom.textarea(form, &format!("{id}-models"), "Models (JSON array)", 8)?;
        let line = dom.child(form, "div", "psr-row")?;
        let source = dom.input(&line, &format!("{id}-source"), "Event source", "text")?;
        let event_name = dom.input(&line, &format!("{id}-name"), "Event name", "text")?;
        let limit =
            dom.input(&line, &format!("{id}-limit"), "Byte limit per request", "number")?;
        limit.set_min("1");
        limit.set_max("1048576");
        limit.set_step("1");
        Ok(Self { models, source, event_name, limit })
    }

    fn read(&self) -> EventsState {
        EventsState {
            models: self.models.value(),
            source: self.source.value(),
            event_name: self.event_name.value(),
            limit: self.limit.value(),
        }
    }

    fn write(&self, state: &EventsState) {
        self.models.set_value(&state.models);
        self.source.set_value(&state.source);
        self.event_name.set_value(&state.event_name);
        self.limit.set_value(&state.limit);
    }

    fn run(&self, dom: &Dom, output: &Element) -> Result<(), DomError> {
        let state = self.read();
        let models: Value = match serde_json::from_str(&state.models) {
            Ok(models) => models,
            Err(error) => {
                return refuse(dom, output, &format!("the models are not JSON: {error}"));
            }
        };
        let Ok(limit) = state.limit.trim().parse::<u64>() else {
            return refuse(
                dom,
                output,
                "the byte limit must be a whole number of bytes, 1 to 1048576",
            );
        };
        let mut request =
            json!({ "source": state.source, "models": models, "limitBytes": limit });
        if !state.event_name.trim().is_empty() {
            request["eventName"] = Value::String(state.event_name);
        }
        let answer = build_events_value(&request.to_string());
        if let Some(error) = answer["error"].as_str() {
            return refuse(dom, output, error);
        }
        render(dom, output, &answer)
    }
}

fn refuse(dom: &Dom, output: &Element, why: &str) -> Result<(), DomError> {
    dom.text(output, "p", "psr-summary psr-bad", &format!("No events built: {why}"))
        .map(drop)
}

fn render(dom: &Dom, output: &Element, answer: &Value) -> Result<(), DomError> {
    let events = items(&answer["events"]);
    let requests = items(&answer["putEventsRequests"]);
    let sizes = items(&answer["sizes"]);
    let failed = items(&answer["failed"]);
    let limit = answer["limitBytes"].as_u64().unwrap_or_default();
    let summary = format!(
        "{} {} in {} PutEvents {}; {} too large to send.",
        events.len(),
        plural(events.len(), "event", "events"),
        requests.len(),
        plural(requests.len(), "request", "requests"),
        failed.len(),
    );
    let class =
        if failed.is_empty() { "psr-summary psr-ok" } else { "psr-summary psr-bad" };
    dom.text(output, "p", class, &summary)?;
    for (number, (request, size)) in requests.iter().zip(sizes).enumerate() {
        let entries = items(&request["Entries"]);
        let bytes = items(&size["entries"]);
        let indices = items(&size["eventIndices"]);
        let rows: Vec<Vec<String>> = entries
            .iter()
            .enumerate()
            .map(|(position, entry)| {
                vec![
                    (position + 1).to_string(),
                    indices.get(position).map(Value::to_string).unwrap_or_default(),
                    entry["DetailType"].as_str().unwrap_or_default().to_owned(),
                    bytes.get(position).map(Value::to_string).unwrap_or_default(),
                ]
            })
            .collect();
        let total = size["total"].as_u64().unwrap_or_default();
        let caption = format!(
            "Request {}: {} {}, {total} of {limit} bytes",
            number + 1,
            entries.len(),
            plural(entries.len(), "entry", "entries"),
        );
        dom.table(
            output,
            &caption,
            &["Entry", "Model index", "DetailType", "Size (bytes)"],
            &rows,
        )?;
        dom.json(
            output,
            &format!("Request {} as PutEvents takes it", number + 1),
            request,
        )?;
    }
    if !failed.is_empty() {
        let rows: Vec<Vec<String>> = failed
            .iter()
            .map(|failure| {
                vec![
                    failure["index"].to_string(),
                    failure["code"].as_str().unwrap_or_default().to_owned(),
                    failure["error"].as_str().unwrap_or_default().to_owned(),
                ]
            })
            .collect();
        dom.table(output, "Not sent", &["Model index", "Code", "Why"], &rows)?;
    }
    dom.json(output, "Envelopes", &answer["events"])?;
    dom.json(output, "The same events as CloudEvents 1.0", &answer["cloudEvents"])
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}
