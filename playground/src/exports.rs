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
/// `{"notifications": [...], "events": [...], "refusedEvents": [...], "failures": [...],
/// "batchResponse": {"batchItemFailures": [{"itemIdentifier"}]}}`.
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
    let failed: Vec<Value> = failed
        .into_iter()
        .map(|(index, code, error)| json!({ "index": index, "code": code, "error": error }))
        .collect();
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
            Ok(cloud_event) => {
                serde_json::to_value(cloud_event).unwrap_or_else(|error| json!({ "error": describe(&error) }))
            }
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn call(export: fn(&str) -> String, input: Value) -> Value {
        serde_json::from_str(&export(&input.to_string())).unwrap()
    }

    fn send(method: &str, path: &str, body: Option<&str>) -> Value {
        let mut request = json!({ "method": method, "path": path });
        if let Some(body) = body {
            request["body"] = json!(body);
        }
        call(handle_request, request)
    }

    const PRODUCT: &str = "/api/product/3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";

    #[test]
    fn a_valid_body_is_valid_with_no_errors() {
        let answer: Value = serde_json::from_str(&validate_create_product(r#"{"name":"Kettle","price":25}"#)).unwrap();
        assert_eq!(answer, json!({ "valid": true, "errors": [] }));
    }

    #[test]
    fn each_problem_of_a_body_is_located_at_its_field() {
        let answer = validate_create_product_value(r#"{"name":"","price":"25","colour":"red"}"#);
        assert_eq!(answer["valid"], json!(false));
        let found: Vec<(&str, &str)> = answer["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|error| (error["pointer"].as_str().unwrap(), error["code"].as_str().unwrap()))
            .collect();
        assert_eq!(found, [("/colour", "unknown_field"), ("/price", "type")]);
        assert!(answer["errors"][0]["message"].is_string());
    }

    #[test]
    fn text_that_is_not_json_is_an_invalid_body_not_an_error() {
        let answer = validate_create_product_value("<img src=x onerror=alert(1)>");
        assert_eq!(answer["valid"], json!(false));
        assert_eq!(answer["errors"][0]["code"], json!("malformed_json"));
    }

    #[test]
    fn the_schema_is_the_one_the_domain_generates() {
        let schema: Value = serde_json::from_str(&create_product_schema()).unwrap();
        assert_eq!(schema, CreateProductRequest::json_schema());
        assert_eq!(schema["required"], json!(["name", "price"]));
    }

    #[test]
    fn a_product_created_through_the_module_is_there_for_the_next_request() {
        let created = send("PUT", PRODUCT, Some(r#"{"name":"Kettle","price":25}"#));
        assert_eq!(created["statusCode"], json!(200));
        assert_eq!(created["headers"]["content-type"], json!("application/json"));
        let read = send("GET", PRODUCT, None);
        assert_eq!(read["statusCode"], json!(200));
        let product: Value = serde_json::from_str(read["body"].as_str().unwrap()).unwrap();
        assert_eq!(product["name"], json!("Kettle"));
        assert_eq!(send("PUT", PRODUCT, Some(r#"{"name":"Kettle","price":30}"#))["statusCode"], json!(409));
        assert_eq!(send("DELETE", PRODUCT, None)["statusCode"], json!(204));
        assert_eq!(send("GET", PRODUCT, None)["statusCode"], json!(404));
    }

    #[test]
    fn an_invalid_body_is_a_problem_document_with_located_errors() {
        let answer = send("PUT", PRODUCT, Some(r#"{"name":"","price":0}"#));
        assert_eq!(answer["statusCode"], json!(400));
        assert_eq!(answer["headers"]["content-type"], json!("application/problem+json"));
        let problem: Value = serde_json::from_str(answer["body"].as_str().unwrap()).unwrap();
        assert_eq!(problem["errors"][0]["pointer"], json!("/name"));
        assert_eq!(problem["errors"][1]["pointer"], json!("/price"));
    }

    #[test]
    fn query_parameters_reach_the_handler_encoded() {
        for n in 1..=3 {
            let path = format!("/api/product/00000000-0000-4000-8000-00000000000{n}");
            assert_eq!(send("PUT", &path, Some(r#"{"name":"Cup","price":3}"#))["statusCode"], json!(200));
        }
        let first = call(handle_request, json!({ "method": "GET", "path": "/api/products", "query": { "limit": 2 } }));
        let page: Value = serde_json::from_str(first["body"].as_str().unwrap()).unwrap();
        assert_eq!(page["products"].as_array().unwrap().len(), 2);
        let token = page["next_token"].as_str().unwrap();
        let second = call(
            handle_request,
            json!({ "method": "GET", "path": "/api/products", "query": { "limit": "2", "next_token": token } }),
        );
        let page: Value = serde_json::from_str(second["body"].as_str().unwrap()).unwrap();
        assert_eq!(page["products"].as_array().unwrap().len(), 1);
        let bad = call(handle_request, json!({ "method": "GET", "path": "/api/products", "query": { "limit": "0" } }));
        assert_eq!(bad["statusCode"], json!(400));
    }

    #[test]
    fn requests_the_module_cannot_send_are_answered_with_an_error_object() {
        for request in [
            "not json".to_owned(),
            json!({ "path": "/api/products" }).to_string(),
            json!({ "method": "GET", "path": "/api/products", "extra": 1 }).to_string(),
            json!({ "method": "GET", "path": "api/products" }).to_string(),
            json!({ "method": "GET", "path": "/api/product/a b" }).to_string(),
            json!({ "method": "G E T", "path": "/api/products" }).to_string(),
            json!({ "method": "GET", "path": "/api/products", "query": { "limit": [1] } }).to_string(),
            json!({ "method": "GET", "path": "/api/products", "headers": ["accept"] }).to_string(),
        ] {
            let answer: Value = serde_json::from_str(&handle_request(&request)).unwrap();
            assert!(answer["error"].is_string(), "{request} gave {answer}");
            assert!(answer.get("statusCode").is_none());
        }
    }

    #[test]
    fn a_request_written_with_headers_is_accepted() {
        let answer = call(
            handle_request,
            json!({ "method": "GET", "path": "/api/products", "headers": { "accept": "application/json" } }),
        );
        assert_eq!(answer["statusCode"], json!(200));
    }

    #[test]
    fn wrong_methods_and_unknown_paths_are_answered_by_the_router() {
        let answer = send("POST", PRODUCT, Some("{}"));
        assert_eq!(answer["statusCode"], json!(405));
        assert_eq!(answer["headers"]["allow"], json!("PUT, GET, DELETE"));
        assert_eq!(send("GET", "/api/orders", None)["statusCode"], json!(404));
    }

    fn models(count: usize) -> Vec<Value> {
        (0..count).map(|n| json!({ "product_id": format!("p-{n}"), "status": "ADDED" })).collect()
    }

    #[test]
    fn events_are_named_product_change_notification_unless_told_otherwise() {
        let answer = call(build_events, json!({ "source": "test.source", "models": models(1) }));
        assert_eq!(answer["events"][0]["metadata"]["event_name"], json!(DEFAULT_EVENT_NAME));
        assert_eq!(answer["events"][0]["metadata"]["event_source"], json!("test.source"));
        assert_eq!(answer["events"][0]["data"], json!({ "product_id": "p-0", "status": "ADDED" }));
        let named =
            call(build_events, json!({ "source": "test.source", "eventName": "PRICE_CHANGED", "models": models(1) }));
        assert_eq!(named["putEventsRequests"][0]["Entries"][0]["DetailType"], json!("PRICE_CHANGED"));
        assert_eq!(answer["cloudEvents"][0]["type"], json!(DEFAULT_EVENT_NAME));
    }

    #[test]
    fn twelve_events_take_two_requests_whose_entries_are_exactly_what_put_events_takes() {
        let answer = call(build_events, json!({ "source": "test.source", "models": models(12) }));
        let requests = answer["putEventsRequests"].as_array().unwrap();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0]["Entries"].as_array().unwrap().len(), 10);
        assert_eq!(requests[1]["Entries"].as_array().unwrap().len(), 2);
        let entry = requests[0]["Entries"][0].as_object().unwrap();
        assert_eq!(entry.keys().collect::<Vec<_>>(), ["Detail", "DetailType", "Source"]);
        assert_eq!(requests[0].as_object().unwrap().keys().collect::<Vec<_>>(), ["Entries"]);
        let detail: Value = serde_json::from_str(entry["Detail"].as_str().unwrap()).unwrap();
        assert_eq!(detail, answer["events"][0]);
        assert_eq!(answer["sizes"][1]["eventIndices"], json!([10, 11]));
        assert_eq!(answer["failed"], json!([]));
        assert_eq!(answer["limitBytes"], json!(262_144));
    }

    #[test]
    fn sizes_follow_the_put_events_formula_and_stay_within_the_limit() {
        let answer = call(build_events, json!({ "source": "test.source", "models": models(30), "limitBytes": 2000 }));
        let requests = answer["putEventsRequests"].as_array().unwrap();
        let sizes = answer["sizes"].as_array().unwrap();
        assert_eq!(requests.len(), sizes.len());
        for (request, size) in requests.iter().zip(sizes) {
            let formula: Vec<u64> = request["Entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|entry| {
                    ["Source", "DetailType", "Detail"].iter().map(|key| entry[key].as_str().unwrap().len() as u64).sum()
                })
                .collect();
            assert_eq!(size["entries"], json!(formula));
            assert_eq!(size["total"], json!(formula.iter().sum::<u64>()));
            assert!(size["total"].as_u64().unwrap() <= 2000);
        }
    }

    #[test]
    fn an_event_too_large_for_the_limit_fails_at_its_index_and_is_not_sent() {
        let mut models = models(3);
        models[1] = json!({ "description": "x".repeat(3000) });
        let answer = call(build_events, json!({ "source": "test.source", "models": models, "limitBytes": 1024 }));
        assert_eq!(answer["events"].as_array().unwrap().len(), 3);
        assert_eq!(answer["failed"].as_array().unwrap().len(), 1);
        assert_eq!(answer["failed"][0]["index"], json!(1));
        assert_eq!(answer["failed"][0]["code"], json!("EntryTooLarge"));
        assert!(answer["failed"][0]["error"].as_str().unwrap().contains("1024"));
        let sent: Vec<&Value> = answer["sizes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|size| size["eventIndices"].as_array().unwrap())
            .collect();
        assert_eq!(sent, [&json!(0), &json!(2)]);
    }

    #[test]
    fn build_requests_the_module_cannot_plan_are_answered_with_an_error_object() {
        for request in [
            "[]".to_owned(),
            json!({ "models": [] }).to_string(),
            json!({ "source": " ", "models": [] }).to_string(),
            json!({ "source": "s", "eventName": "", "models": [] }).to_string(),
            json!({ "source": "s", "models": {} }).to_string(),
            json!({ "source": "s", "models": [], "limitBytes": 0 }).to_string(),
            json!({ "source": "s", "models": [], "limitBytes": 1_048_577 }).to_string(),
            json!({ "source": "s", "models": [], "limitBytes": -1 }).to_string(),
        ] {
            let answer: Value = serde_json::from_str(&build_events(&request)).unwrap();
            assert!(answer["error"].is_string(), "{request} gave {answer}");
        }
    }

    #[test]
    fn the_largest_limit_eventbridge_allows_is_accepted() {
        let answer = call(build_events, json!({ "source": "s", "models": [], "limitBytes": 1_048_576 }));
        assert_eq!(answer["limitBytes"], json!(1_048_576));
        assert_eq!(answer["putEventsRequests"], json!([]));
    }
}
