//! `processStream`: a DynamoDB Streams batch through the real stream processor.
//!
//! The processor is `product_handlers::process_records`, the one the Lambda function
//! runs; only its event handler differs: a [`RecordingProvider`] keeps what it delivers,
//! and can be told to refuse the events of chosen products, so the partial batch response
//! can be watched at work.

use futures_util::FutureExt as _;
use product_events::{EventHandler, EventSource, InvalidText, RecordingProvider, codes};
use product_handlers::{StreamEvent, process_records};
use serde::Deserialize;
use serde_json::{Value, json};
use thiserror::Error;

use crate::poll::StillPending;

/// The source of every event the processor publishes, as in the talk's demo.
pub const EVENT_SOURCE: &str = "myorg.product.product_notification";

/// Why a stream event could not be processed.
#[derive(Debug, Error)]
pub enum StreamError {
    /// Not JSON, or not a DynamoDB Streams event.
    #[error("the event is not a DynamoDB Streams event")]
    Event(#[source] serde_json::Error),
    /// The options are not `{"failProductIds": [...]}`.
    #[error("the options are not {{\"failProductIds\": [\"<product id>\", ...]}}")]
    Options(#[source] serde_json::Error),
    /// The event source constant is refused (it never is; kept as an error, not a panic).
    #[error("the event source is not valid")]
    Source(#[from] InvalidText),
    /// The processor waited for something.
    #[error(transparent)]
    Pending(#[from] StillPending),
}

/// What `processStream` takes beside the event.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Options {
    /// A list rather than a set: a handful of ids, and a set would compile a tree for
    /// strings into the module for them alone.
    #[serde(default)]
    fail_product_ids: Vec<String>,
}

// ANCHOR: process
/// Runs the batch through the stream processor with a recording provider and answers
/// `{"notifications", "events", "refusedEvents", "failures", "batchResponse"}`.
pub(crate) fn process(event: &str, options: Option<&str>) -> Result<Value, StreamError> {
    let event: StreamEvent = serde_json::from_str(event).map_err(StreamError::Event)?;
    let options: Options = match options {
        Some(options) => serde_json::from_str(options).map_err(StreamError::Options)?,
        None => Options::default(),
    };
    let provider = RecordingProvider::new();
    let refused = options.fail_product_ids;
    provider.fail_when(codes::INJECTED_FAILURE, move |event| {
        event.data["product_id"]
            .as_str()
            .is_some_and(|id| refused.iter().any(|refused| refused == id))
    });
    let handler = EventHandler::new(EventSource::parse(EVENT_SOURCE)?, provider);
    let report = process_records(&handler, &event.records, crate::clock::now())
        .now_or_never()
        .ok_or(StillPending)?;
    Ok(json!({
        "notifications": report.notifications,
        "events": handler.provider().events(),
        "refusedEvents": handler.provider().refused(),
        "failures": report.failures,
        "batchResponse": report.to_response(),
    }))
}
// ANCHOR_END: process

/// A batch with an insert, a modify and a remove of one product, and inserts of two more.
pub(crate) const EXAMPLE_BATCH: &str =
    include_str!("../../crates/product-handlers/tests/fixtures/batch.json");

/// A batch with records the processor cannot read (a legacy id, a numeric key, no key, an
/// unknown event name) beside a readable one.
pub(crate) const UNREADABLE_BATCH: &str =
    include_str!("../../crates/product-handlers/tests/fixtures/unreadable.json");

#[cfg(test)]
mod tests {
    use super::*;

    fn process_value(event: &str, options: Option<&str>) -> Value {
        process(event, options).unwrap()
    }

    fn sequence_numbers(answer: &Value) -> Vec<&str> {
        answer["batchResponse"]["batchItemFailures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["itemIdentifier"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn each_record_becomes_a_notification_and_a_delivered_event() {
        let answer = process_value(EXAMPLE_BATCH, None);
        let statuses: Vec<&str> = answer["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["ADDED", "UPDATED", "REMOVED", "ADDED", "ADDED"]);
        let events = answer["events"].as_array().unwrap();
        assert_eq!(events.len(), 5);
        assert_eq!(events[1]["data"], answer["notifications"][1]);
        assert_eq!(events[0]["metadata"]["event_source"], json!(EVENT_SOURCE));
        assert_eq!(
            events[0]["metadata"]["event_name"],
            json!("PRODUCT_CHANGE_NOTIFICATION")
        );
        assert_eq!(answer["batchResponse"], json!({ "batchItemFailures": [] }));
    }

    #[test]
    fn only_the_records_whose_events_were_refused_are_retried() {
        let options =
            json!({ "failProductIds": ["9d1c6f0e-2b7a-4c3d-8e5f-6a7b8c9d0e1f"] })
                .to_string();
        let answer = process_value(EXAMPLE_BATCH, Some(&options));
        assert_eq!(sequence_numbers(&answer), ["4421584500000000017450439094"]);
        assert_eq!(answer["events"].as_array().unwrap().len(), 4);
        assert_eq!(answer["refusedEvents"].as_array().unwrap().len(), 1);
        assert_eq!(answer["failures"][0]["code"], json!("InjectedFailure"));
    }

    #[test]
    fn unreadable_records_are_retried_too() {
        let answer = process_value(UNREADABLE_BATCH, None);
        assert_eq!(answer["notifications"].as_array().unwrap().len(), 1);
        assert_eq!(sequence_numbers(&answer).len(), 4);
        assert!(
            answer["failures"]
                .as_array()
                .unwrap()
                .iter()
                .all(|failure| failure["code"] == "UnreadableRecord")
        );
    }

    #[test]
    fn input_that_is_not_a_stream_event_is_refused() {
        assert!(matches!(process("{\"Records\": 1}", None), Err(StreamError::Event(_))));
        assert!(matches!(process("nope", None), Err(StreamError::Event(_))));
        assert!(matches!(
            process(EXAMPLE_BATCH, Some("{\"fail\": []}")),
            Err(StreamError::Options(_))
        ));
    }
}
