//! The functions the page and Node call: JSON text in, JSON text out, over the real crates.
//!
//! Each export has a Rust twin that returns a [`serde_json::Value`]; the widgets call the twins, so
//! what a reader clicks through is exactly what a script calling the exports gets. Bad input is
//! answered with `{"error": "..."}`, never with an exception: nothing here panics.

use std::error::Error;

use product_domain::{CreateProductRequest, FieldError};
use product_events::{
    CloudEvent, EmitOptions, EventName, EventSource, InvalidEventName, InvalidEventSource, InvalidPutEventsLimit,
    JsonEvent, PutEventsConfig, PutEventsLimit, build_events as build_envelopes, entry_size, plan_put_events,
};
use serde::Deserialize;
use serde_json::{Value, json};
use thiserror::Error;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::http_console::{self, ConsoleError};
use crate::stream::{self, StreamError};

/// The event name [`build_events`] gives events when the request names none.
pub const DEFAULT_EVENT_NAME: &str = "PRODUCT_CHANGE_NOTIFICATION";

/// Why an export refused its input; the page shows it as `{"error": "..."}`.
#[derive(Debug, Error)]
pub enum InputError {
    /// The input is not JSON, or not of the shape the export takes.
    #[error("the input is not the JSON this function takes")]
    Json(#[from] serde_json::Error),
    /// `buildEvents`: the source is blank or too long.
    #[error("`source` is not a valid event source")]
    Source(#[from] InvalidEventSource),
    /// `buildEvents`: the event name is blank or too long.
    #[error("`eventName` is not a valid event name")]
    EventName(#[from] InvalidEventName),
    /// `buildEvents`: the byte limit is 0 or above EventBridge's maximum.
    #[error("`limitBytes` is not a valid PutEvents size limit")]
    Limit(#[from] InvalidPutEventsLimit),
    /// `handleRequest`: the request could not be sent through the router.
    #[error(transparent)]
    Console(#[from] ConsoleError),
    /// `processStream`: the event could not be processed.
    #[error(transparent)]
    Stream(#[from] StreamError),
}

impl InputError {
    /// The error as the exports answer it: `{"error": "<what> : <cause> : ..."}`.
    pub fn to_json(&self) -> Value {
        json!({ "error": describe(self) })
    }
}

/// An error and its causes in one sentence, for a reader: the exports' answer has nowhere else to put
/// them.
pub(crate) fn describe(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A result as the exports answer it: the value, or `{"error"}`.
fn answer(result: Result<Value, InputError>) -> Value {
    result.unwrap_or_else(|error| error.to_json())
}

// ANCHOR: validate
/// `validateCreateProduct(body)`: the create body checked by the domain's own parser.
///
/// Answers `{"valid": true, "errors": []}` or `{"valid": false, "errors": [{"pointer", "code",
/// "message"}, ...]}`; every string is a body to check, so there is no `{"error"}` answer.
#[wasm_bindgen(js_name = validateCreateProduct)]
pub fn validate_create_product(body: &str) -> String {
    validate_create_product_value(body).to_string()
}

/// [`validate_create_product`] as a value.
pub fn validate_create_product_value(body: &str) -> Value {
    let errors: Vec<FieldError> = match CreateProductRequest::parse(body.as_bytes()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.0,
    };
    json!({ "valid": errors.is_empty(), "errors": errors })
}
// ANCHOR_END: validate

/// `createProductSchema()`: the JSON Schema of the create body, generated from the Rust type.
#[wasm_bindgen(js_name = createProductSchema)]
pub fn create_product_schema() -> String {
    CreateProductRequest::json_schema().to_string()
}

/// `handleRequest(request)`: a request through the real router and this module's in-memory store.
///
/// Takes `{"method", "path", "query"?: {name: value}, "headers"?: {name: value}, "body"?: "<raw>"}`
/// and answers `{"statusCode", "headers": {name: value}, "body": "<raw>"}`.
#[wasm_bindgen(js_name = handleRequest)]
pub fn handle_request(request: &str) -> String {
    handle_request_value(request).to_string()
}

/// [`handle_request`] as a value.
pub fn handle_request_value(request: &str) -> Value {
    answer(http_console::handle(request).map_err(InputError::from))
}

/// `processStream(event, options?)`: a DynamoDB Streams batch through the real stream processor.
///
/// Takes the Lambda event (`{"Records": [...]}`) and, optionally, `{"failProductIds": ["<id>", ...]}`
/// to make the in-memory event provider refuse the events of those products. Answers
/// `{"notifications": [...], "events": [...], "refusedEvents": [...], "batchResponse":
/// {"batchItemFailures": [{"itemIdentifier"}]}}`.
#[wasm_bindgen(js_name = processStream)]
pub fn process_stream(event: &str, options: Option<String>) -> String {
    process_stream_value(event, options.as_deref()).to_string()
}

/// [`process_stream`] as a value.
pub fn process_stream_value(event: &str, options: Option<&str>) -> Value {
    answer(stream::process(event, options).map_err(InputError::from))
}

/// What `buildEvents` takes.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct BuildEventsRequest {
    source: String,
    #[serde(default)]
    event_name: Option<String>,
    models: Vec<Value>,
    #[serde(default)]
    limit_bytes: Option<usize>,
}

// ANCHOR: build_events
/// `buildEvents(request)`: models to envelopes, and envelopes to the exact PutEvents requests.
///
/// Takes `{"source", "eventName"?, "models": [...], "limitBytes"?}` and answers
/// `{"events", "putEventsRequests", "failed", "sizes", "limitBytes", "cloudEvents"}`; see the crate
/// documentation for each key.
#[wasm_bindgen(js_name = buildEvents)]
pub fn build_events(request: &str) -> String {
    build_events_value(request).to_string()
}

/// [`build_events`] as a value.
pub fn build_events_value(request: &str) -> Value {
    answer(plan_events(request))
}

fn plan_events(request: &str) -> Result<Value, InputError> {
    let request: BuildEventsRequest = serde_json::from_str(request)?;
    let source = EventSource::parse(request.source)?;
    let name = EventName::parse(request.event_name.unwrap_or_else(|| DEFAULT_EVENT_NAME.to_owned()))?;
    let limit = match request.limit_bytes {
        Some(bytes) => PutEventsLimit::new(bytes)?,
        None => PutEventsLimit::DEFAULT,
    };
    let options = EmitOptions::new().event_name(name);
    // A JSON value always serializes and the name is given, so no model fails to become an event;
    // should one ever fail, it is reported at its position like an event too large.
    let mut failed = Vec::new();
    let mut events: Vec<JsonEvent> = Vec::new();
    let mut positions = Vec::new();
    for (index, built) in build_envelopes(&source, request.models, &options).into_iter().enumerate() {
        match built {
            Ok(event) => {
                events.push(event);
                positions.push(index);
            }
            Err(error) => failed.push((index, error.to_failure().code, describe(&error))),
        }
    }
    let config = PutEventsConfig { limit, ..PutEventsConfig::default() };
    let plan = plan_put_events(&events, &config);
    let at = |event_index: usize| positions.get(event_index).copied().unwrap_or(event_index);
    failed.extend(plan.rejected.iter().filter_map(|receipt| {
        let failure = receipt.failure()?;
        Some((at(receipt.index), failure.code.clone(), failure.message.clone()))
    }));
    failed.sort_by_key(|(index, _, _)| *index);
    let failed: Vec<Value> =
        failed.into_iter().map(|(index, code, error)| json!({ "index": index, "code": code, "error": error })).collect();
    let sizes: Vec<Value> = plan
        .requests
        .iter()
        .map(|planned| {
            let entries: Vec<usize> = planned.request.entries.iter().map(entry_size).collect();
            let indices: Vec<usize> = planned.event_indices.iter().map(|&index| at(index)).collect();
            json!({ "eventIndices": indices, "entries": entries, "total": entries.iter().sum::<usize>() })
        })
        .collect();
    let requests: Vec<_> = plan.requests.into_iter().map(|planned| planned.request).collect();
    let cloud_events: Vec<Value> = events
        .iter()
        .map(|event| match CloudEvent::with_new_id(event) {
            Ok(cloud_event) => serde_json::to_value(cloud_event).unwrap_or_else(|error| json!({ "error": describe(&error) })),
            Err(error) => json!({ "error": describe(&error) }),
        })
        .collect();
    Ok(json!({
        "events": events,
        "putEventsRequests": requests,
        "failed": failed,
        "sizes": sizes,
        "limitBytes": limit.bytes(),
        "cloudEvents": cloud_events,
    }))
}
// ANCHOR_END: build_events

