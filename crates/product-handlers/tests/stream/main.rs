//! The stream processor against realistic DynamoDB stream batches (`tests/fixtures/`),
//! with the recording provider standing in for EventBridge: one integration binary.

// The shared module's executor is not used here: the futures under test finish on their
// first poll.
#[allow(dead_code, reason = "the API tests use the rest of the shared module")]
#[path = "../common/mod.rs"]
mod common;
mod properties;

use futures_util::FutureExt as _;
use jiff::Timestamp;
use product_events::{EventHandler, EventSource, RecordingProvider, codes};
use product_handlers::aws_lambda_events::event::dynamodb::Event;
use product_handlers::{process_records, process_stream};
use serde_json::{Value, json};

use crate::common::logged;

mod faults;
mod limits;

const SOURCE: &str = "myorg.product.product_notification";
const KETTLE: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";
const TEAPOT: &str = "9d1c6f0e-2b7a-4c3d-8e5f-6a7b8c9d0e1f";

const INSERT: &str = include_str!("../fixtures/insert.json");
const MODIFY: &str = include_str!("../fixtures/modify.json");
const REMOVE: &str = include_str!("../fixtures/remove.json");
const BATCH: &str = include_str!("../fixtures/batch.json");
const UNREADABLE: &str = include_str!("../fixtures/unreadable.json");

fn event(fixture: &str) -> Event {
    serde_json::from_str(fixture).expect("every fixture is a DynamoDB stream event")
}

fn handler() -> EventHandler<RecordingProvider> {
    EventHandler::new(
        EventSource::parse(SOURCE).expect("a valid source"),
        RecordingProvider::new(),
    )
}

fn now() -> Timestamp {
    "2026-02-01T12:00:00Z".parse().expect("a valid time")
}

/// Processes `fixture` and returns the partial batch response as JSON.
fn process(handler: &EventHandler<RecordingProvider>, fixture: &str) -> Value {
    let response = process_stream(handler, &event(fixture), now())
        .now_or_never()
        .expect("the recording provider never waits");
    serde_json::to_value(response).expect("the response serializes")
}

/// A batch of `count` INSERT records, each with its own event id (`record-N`) and sequence
/// number (`1000 + N`).
fn batch_of(count: usize) -> Event {
    let fixture: Value = serde_json::from_str(INSERT).expect("the fixture is JSON");
    let records: Vec<Value> = (0..count)
        .map(|n| {
            let mut record = fixture["Records"][0].clone();
            record["eventID"] = json!(format!("record-{n}"));
            record["dynamodb"]["SequenceNumber"] = json!(format!("{}", 1000 + n));
            record
        })
        .collect();
    serde_json::from_value(json!({ "Records": records }))
        .expect("the records read as a DynamoDB event")
}

fn failures(sequence_numbers: &[&str]) -> Value {
    let items: Vec<Value> =
        sequence_numbers.iter().map(|n| json!({"itemIdentifier": n})).collect();
    json!({"batchItemFailures": items})
}

// ANCHOR: stream_mapping_test
#[test]
fn each_dynamodb_event_name_becomes_its_notification_status() {
    for (fixture, status, created_at) in [
        (INSERT, "ADDED", "2026-01-01T00:00:00Z"),
        (MODIFY, "UPDATED", "2026-01-01T00:01:00Z"),
        (REMOVE, "REMOVED", "2026-01-01T00:02:00Z"),
    ] {
        let handler = handler();

        let response = process(&handler, fixture);

        assert_eq!(response, failures(&[]));
        let events = handler.provider().events();
        assert_eq!(events.len(), 1, "{status}");
        assert_eq!(
            events[0].data,
            json!({"product_id": KETTLE, "status": status, "created_at": created_at})
        );
    }
}
// ANCHOR_END: stream_mapping_test

#[test]
fn each_event_carries_the_standard_metadata() {
    let handler = handler();
    process(&handler, BATCH);
    let events = handler.provider().events();
    assert_eq!(events.len(), 5);
    for event in &events {
        let metadata = serde_json::to_value(&event.metadata).unwrap();
        assert_eq!(metadata["event_name"], "PRODUCT_CHANGE_NOTIFICATION");
        assert_eq!(metadata["event_source"], SOURCE);
        assert_eq!(metadata["event_version"], "v1");
        assert_eq!(metadata["created_at"], "2026-02-01T12:00:00Z");
    }
}

#[test]
fn a_batch_yields_one_event_per_record_in_order() {
    let handler = handler();
    assert_eq!(process(&handler, BATCH), failures(&[]));
    let statuses: Vec<Value> =
        handler.provider().events().iter().map(|e| e.data["status"].clone()).collect();
    assert_eq!(statuses, ["ADDED", "UPDATED", "REMOVED", "ADDED", "ADDED"]);
    assert_eq!(handler.provider().calls(), 1, "one emit sends the whole batch");
}

// ANCHOR: partial_failure_test
#[test]
fn the_response_names_exactly_the_records_whose_events_were_refused() {
    let handler = handler();
    handler.provider().fail_when(codes::INJECTED_FAILURE, |event| {
        event.data["status"] == "UPDATED" || event.data["product_id"] == TEAPOT
    });

    let response = process(&handler, BATCH);

    assert_eq!(
        response,
        failures(&["4421584500000000017450439092", "4421584500000000017450439094"])
    );
    assert_eq!(handler.provider().len(), 3);
    assert_eq!(handler.provider().refused().len(), 2);
}
// ANCHOR_END: partial_failure_test

#[test]
fn throttled_events_are_reported_like_any_other_failure() {
    let handler = handler();
    handler.provider().fail_next(2, "ThrottlingException");
    let response = process(&handler, BATCH);
    assert_eq!(
        response,
        failures(&["4421584500000000017450439091", "4421584500000000017450439092"])
    );
}

// ANCHOR: unreadable_test
#[test]
fn unreadable_records_are_reported_and_the_readable_ones_still_sent() {
    let handler = handler();

    let report = process_records(&handler, &event(UNREADABLE).records, now())
        .now_or_never()
        .unwrap();

    assert_eq!(report.delivered, 1);
    assert_eq!(handler.provider().len(), 1);
    assert!(handler.provider().contains(|e| e.data["product_id"] == TEAPOT));
    let reported = serde_json::to_value(&report.failures).unwrap();
    let summary: Vec<(Value, Value, Value)> = reported
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (f["sequence_number"].clone(), f["code"].clone(), f["correlation_id"].clone())
        })
        .collect();
    let unreadable = |n: &str| (json!(n), json!("UnreadableRecord"), Value::Null);
    assert_eq!(
        summary,
        [
            unreadable("4421584500000000017450439097"),
            unreadable("4421584500000000017450439098"),
            unreadable("4421584500000000017450439099"),
            unreadable("4421584500000000017450439100"),
        ]
    );
    assert_eq!(
        reported[3]["message"],
        r#"the event name "TRUNCATE" is not INSERT, MODIFY or REMOVE"#
    );
}
// ANCHOR_END: unreadable_test

#[test]
fn the_batch_response_of_unreadable_records_names_them() {
    let handler = handler();
    assert_eq!(
        process(&handler, UNREADABLE),
        failures(&[
            "4421584500000000017450439097",
            "4421584500000000017450439098",
            "4421584500000000017450439099",
            "4421584500000000017450439100"
        ])
    );
}

#[test]
fn an_empty_batch_sends_nothing_and_reports_nothing() {
    let handler = handler();
    assert_eq!(process(&handler, r#"{"Records": []}"#), failures(&[]));
    assert_eq!(handler.provider().calls(), 0);
}

#[test]
fn a_record_without_a_creation_time_is_stamped_with_now() {
    let mut fixture: Value = serde_json::from_str(INSERT).unwrap();
    fixture["Records"][0]["dynamodb"]
        .as_object_mut()
        .unwrap()
        .remove("ApproximateCreationDateTime");
    let handler = handler();
    process(&handler, &fixture.to_string());
    assert_eq!(handler.provider().events()[0].data["created_at"], "2026-02-01T12:00:00Z");
}

#[test]
fn a_failed_record_without_a_sequence_number_fails_the_whole_batch() {
    let mut fixture: Value = serde_json::from_str(INSERT).unwrap();
    fixture["Records"][0]["dynamodb"].as_object_mut().unwrap().remove("SequenceNumber");
    let handler = handler();
    handler.provider().fail_when(codes::INJECTED_FAILURE, |_| true);
    assert_eq!(
        process(&handler, &fixture.to_string()),
        json!({"batchItemFailures": [{"itemIdentifier": ""}]})
    );
}

#[test]
fn each_failure_is_logged_with_its_sequence_number_and_correlation_id() {
    let handler = handler();
    handler
        .provider()
        .fail_when(codes::INJECTED_FAILURE, |event| event.data["product_id"] == TEAPOT);

    let (_, log) = logged(|| process(&handler, BATCH));

    let refused = handler.provider().refused();
    let correlation_id = refused[0].metadata.correlation_id().as_str();
    assert!(log.contains("sequence_number=\"4421584500000000017450439094\""), "{log}");
    assert!(log.contains(&format!("correlation_id=\"{correlation_id}\"")), "{log}");
    assert!(log.contains("InjectedFailure"), "{log}");
    assert_eq!(log.lines().count(), 1, "{log}");
}
