//! The functions the page and Node call: JSON text in, JSON text out, over the real
//! crates.
//!
//! Each export has a Rust twin that returns a [`serde_json::Value`]; the widgets call the
//! twins, so what a reader clicks through is exactly what a script calling the exports
//! gets. Bad input is answered with `{"error": "..."}`, never with an exception: nothing
//! here panics.

use std::error::Error;

use product_domain::{CreateProductRequest, FieldError};
use product_events::{Failure, InvalidSizeLimit, InvalidText};
use serde_json::{Value, json};
use thiserror::Error;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::events;
use crate::http_console::{self, ConsoleError};
use crate::stream::{self, StreamError};

/// Why an export refused its input; the page shows it as `{"error": "..."}`.
#[derive(Debug, Error)]
pub enum InputError {
    /// The input is not JSON, or not of the shape the export takes.
    #[error("the input is not the JSON this function takes")]
    Json(#[from] serde_json::Error),
    /// `buildEvents`: the source is blank or too long.
    #[error("`source` is not a valid event source")]
    Source(#[source] InvalidText),
    /// `buildEvents`: the event name is blank or too long.
    #[error("`eventName` is not a valid event name")]
    EventName(#[source] InvalidText),
    /// `buildEvents`: the byte limit is 0 or above EventBridge's maximum.
    #[error("`limitBytes` is not a valid PutEvents size limit")]
    Limit(#[from] InvalidSizeLimit),
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

/// An error and its causes in one sentence, for a reader: the exports' answer has nowhere
/// else to put them. The sentence is the one a failure receipt carries.
pub(crate) fn describe(error: &dyn Error) -> String {
    Failure::from_error("", error).message
}

/// A result as the exports answer it: the value, or `{"error"}`.
fn answer(result: Result<Value, InputError>) -> Value {
    result.unwrap_or_else(|error| error.to_json())
}

// ANCHOR: validate
/// `validateCreateProduct(body)`: the create body checked by the domain's own parser.
///
/// Answers `{"valid": true, "errors": []}` or `{"valid": false, "errors": [{"pointer",
/// "code", "message"}, ...]}`; every string is a body to check, so there is no
/// `{"error"}` answer.
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

/// The JSON Schema of the create body, as `CreateProductRequest::json_schema` writes it:
/// generated from the Rust type when this crate is built (`build.rs`), so that the page
/// carries the schema and not its generator.
pub(crate) const CREATE_PRODUCT_SCHEMA: &str =
    include_str!(concat!(env!("OUT_DIR"), "/create_product_schema.json"));

/// `createProductSchema()`: the JSON Schema of the create body, generated from the Rust
/// type.
#[wasm_bindgen(js_name = createProductSchema)]
pub fn create_product_schema() -> String {
    CREATE_PRODUCT_SCHEMA.to_owned()
}

/// `handleRequest(request)`: a request through the real router and this module's
/// in-memory store.
///
/// Takes `{"method", "path", "query"?: {name: value}, "headers"?: {name: value}, "body"?:
/// "<raw>"}` and answers `{"statusCode", "headers": {name: value}, "body": "<raw>"}`.
#[wasm_bindgen(js_name = handleRequest)]
pub fn handle_request(request: &str) -> String {
    handle_request_value(request).to_string()
}

/// [`handle_request`] as a value.
pub fn handle_request_value(request: &str) -> Value {
    answer(http_console::handle(request).map_err(InputError::from))
}

/// `processStream(event, options?)`: a DynamoDB Streams batch through the real stream
/// processor.
///
/// Takes the Lambda event (`{"Records": [...]}`) and, optionally, `{"failProductIds":
/// ["<id>", ...]}` to make the in-memory event provider refuse the events of those
/// products. Answers `{"notifications": [...], "events": [...], "refusedEvents": [...],
/// "failures": [...], "batchResponse": {"batchItemFailures": [{"itemIdentifier"}]}}`.
#[wasm_bindgen(js_name = processStream)]
pub fn process_stream(event: &str, options: Option<String>) -> String {
    process_stream_value(event, options.as_deref()).to_string()
}

/// [`process_stream`] as a value.
pub fn process_stream_value(event: &str, options: Option<&str>) -> Value {
    answer(stream::process(event, options).map_err(InputError::from))
}

/// `buildEvents(request)`: models to envelopes, and envelopes to the exact PutEvents
/// requests.
///
/// Takes `{"source", "eventName"?, "models": [...], "limitBytes"?}` and answers
/// `{"events", "putEventsRequests", "failed", "sizes", "limitBytes", "cloudEvents"}`; see
/// the crate documentation for each key.
#[wasm_bindgen(js_name = buildEvents)]
pub fn build_events(request: &str) -> String {
    build_events_value(request).to_string()
}

/// [`build_events`] as a value.
pub fn build_events_value(request: &str) -> Value {
    answer(events::plan(request))
}

#[cfg(test)]
mod tests;
