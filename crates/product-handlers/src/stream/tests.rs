//! Unit tests of the stream processor: records to notifications, and the partial batch
//! response.

use serde_json::{Value, json};

use aws_lambda_events::event::dynamodb::EventRecord;

use super::*;

const ID: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";

fn record(event_name: &str, keys: Value, created: Option<f64>) -> EventRecord {
    let mut change = json!({"Keys": keys, "SequenceNumber": "100", "SizeBytes": 10});
    if let Some(created) = created {
        change["ApproximateCreationDateTime"] = json!(created);
    }
    serde_json::from_value(
        json!({"eventID": "e-1", "eventName": event_name, "awsRegion": "eu-west-1", "dynamodb": change}),
    )
    .unwrap()
}

fn now() -> Timestamp {
    "2026-02-01T12:00:00Z".parse().unwrap()
}

#[test]
fn the_record_time_is_kept_in_whole_seconds() {
    let record = record("INSERT", json!({"id": {"S": ID}}), Some(1_767_225_600.75));
    let notification = notification_of(&record, now()).unwrap();
    assert_eq!(notification.created_at.to_string(), "2026-01-01T00:00:00Z");
    assert_eq!(notification.status, ProductChangeStatus::Added);
}

#[test]
fn a_record_without_a_time_is_stamped_with_now() {
    let notification =
        notification_of(&record("REMOVE", json!({"id": {"S": ID}}), None), now())
            .unwrap();
    assert_eq!(notification.created_at, now());
}

#[test]
fn records_that_are_not_product_changes_are_unreadable() {
    let cases = [
        (
            record("TRUNCATE", json!({"id": {"S": ID}}), None),
            UnreadableRecord::UnknownEventName("TRUNCATE".into()),
        ),
        (
            record("insert", json!({"id": {"S": ID}}), None),
            UnreadableRecord::UnknownEventName("insert".into()),
        ),
        (record("INSERT", json!({}), None), UnreadableRecord::MissingId),
        (record("INSERT", json!({"id": {"N": "42"}}), None), UnreadableRecord::MissingId),
        (record("INSERT", json!({"pk": {"S": ID}}), None), UnreadableRecord::MissingId),
        (
            record("MODIFY", json!({"id": {"S": "legacy-0042"}}), None),
            UnreadableRecord::InvalidId(InvalidProductId),
        ),
    ];
    for (record, expected) in cases {
        assert_eq!(notification_of(&record, now()), Err(expected));
    }
}

#[test]
fn a_failure_without_a_sequence_number_names_the_whole_batch() {
    let report = BatchReport {
        notifications: vec![],
        delivered: 0,
        failures: vec![RecordFailure {
            position: 0,
            sequence_number: None,
            event_id: "e-1".into(),
            correlation_id: None,
            reason: FailureReason::Unreadable(UnreadableRecord::MissingId),
        }],
    };
    assert_eq!(
        serde_json::to_value(report.to_response()).unwrap(),
        json!({"batchItemFailures": [{"itemIdentifier": ""}]})
    );
}

#[test]
fn the_processors_future_can_move_between_threads() {
    fn assert_send<T: Send>(_: &T) {}
    let source = product_events::EventSource::parse("tests").unwrap();
    let handler = EventHandler::new(source, product_events::RecordingProvider::new());
    let event = Event::default();
    assert_send(&process_stream(&handler, &event, now()));
}

#[test]
fn a_failure_reason_names_its_cause() {
    let reason = FailureReason::Unreadable(UnreadableRecord::InvalidId(InvalidProductId));
    assert!(
        reason
            .to_string()
            .starts_with("the record's id key is not a product id: a product id must be")
    );
    assert_eq!(reason.code(), "UnreadableRecord");
}

/// What the processor reads of a record, through [`Record`].
fn read(record: &impl Record) -> (String, String, Option<String>, Option<String>, i64) {
    (
        record.event_name().to_owned(),
        record.event_id().to_owned(),
        record.sequence_number().map(str::to_owned),
        record.key_id().map(str::to_owned),
        record.created_second(),
    )
}

#[test]
fn the_page_reads_every_record_as_the_lambda_does() {
    let odd_records = json!({"Records": [
        {"eventID": "", "eventName": "INSERT", "awsRegion": "eu-west-1",
         "dynamodb": {"Keys": null, "SizeBytes": 1, "ApproximateCreationDateTime": 1767225600.999}},
        {"eventID": "e-2", "eventName": "MODIFY", "awsRegion": "eu-west-1",
         "dynamodb": {"Keys": {"pk": {"N": "1"}, "id": {"S": ID}}, "SizeBytes": 1,
                      "ApproximateCreationDateTime": -1.5, "SequenceNumber": "7"}},
        {"eventID": "e-3", "eventName": "REMOVE", "awsRegion": "eu-west-1",
         "dynamodb": {"Keys": {"id": {"B": "aGVsbG8="}}, "SizeBytes": 1}},
    ]})
    .to_string();
    let batches = [
        include_str!("../../tests/fixtures/batch.json"),
        include_str!("../../tests/fixtures/unreadable.json"),
        include_str!("../../tests/fixtures/insert.json"),
        include_str!("../../tests/fixtures/modify.json"),
        include_str!("../../tests/fixtures/remove.json"),
        &odd_records,
    ];
    for batch in batches {
        let lambda: Event = serde_json::from_str(batch).unwrap();
        let page: StreamEvent = serde_json::from_str(batch).unwrap();
        let lambda: Vec<_> = lambda.records.iter().map(read).collect();
        let page: Vec<_> = page.records.iter().map(read).collect();
        assert_eq!(page, lambda, "{batch}");
    }
}

#[test]
fn the_page_refuses_what_is_not_a_stream_event() {
    for batch in [
        json!({"Records": 1}),
        json!({}),
        json!({"Records": [{"eventID": "e", "eventName": "INSERT"}]}),
        json!({"Records": [{"eventID": "e", "eventName": "INSERT",
                            "dynamodb": {"Keys": {"id": {}}}}]}),
        json!({"Records": [{"eventID": "e", "eventName": "INSERT",
                            "dynamodb": {"Keys": {"id": {"S": "a", "N": "1"}}}}]}),
        json!({"Records": [{"eventID": "e", "eventName": "INSERT",
                            "dynamodb": {"ApproximateCreationDateTime": "soon"}}]}),
    ] {
        assert!(serde_json::from_value::<StreamEvent>(batch.clone()).is_err(), "{batch}");
    }
}
