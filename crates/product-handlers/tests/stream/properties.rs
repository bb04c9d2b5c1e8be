//! The invariants the `stream` fuzz target checks (`crates/fuzz`), as properties:
//! whatever the records and whichever events the provider refuses, every record ends
//! delivered or named for retry, exactly once, and the batch response names exactly
//! those.

use futures_util::FutureExt as _;
use jiff::Timestamp;
use product_events::{EventHandler, EventSource, RecordingProvider};
use product_handlers::aws_lambda_events::event::dynamodb::Event;
use product_handlers::process_records;
use proptest::prelude::*;
use serde_json::{Value, json};

/// A stream record: the event name, the `id` key (a product id, other text, a number, or
/// none), and the sequence number, if any.
fn record() -> impl Strategy<Value = Value> {
    let name =
        prop_oneof![Just("INSERT"), Just("MODIFY"), Just("REMOVE"), Just("TRUNCATE")];
    let key = prop_oneof![
        "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}"
            .prop_map(|id| json!({"id": {"S": id}})),
        "\\PC{0,12}".prop_map(|id| json!({"id": {"S": id}})),
        Just(json!({"id": {"N": "7"}})),
        Just(json!({})),
    ];
    let sequence_number = proptest::option::of("[0-9]{1,28}");
    (name, key, sequence_number, any::<u32>()).prop_map(|(name, keys, sequence_number, seconds)| {
        // The insert fixture's record, with the fields under test replaced.
        let fixture: Value = serde_json::from_str(include_str!("../fixtures/insert.json")).expect("a fixture");
        let mut record = fixture["Records"][0].clone();
        record["eventName"] = json!(name);
        record["dynamodb"]["Keys"] = keys;
        record["dynamodb"]["ApproximateCreationDateTime"] = json!(seconds);
        match sequence_number {
            Some(sequence_number) => record["dynamodb"]["SequenceNumber"] = json!(sequence_number),
            None => record["dynamodb"] = json!({"Keys": record["dynamodb"]["Keys"].take(), "SizeBytes": 64}),
        }
        record
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_record_is_delivered_or_named_for_retry_exactly_once(
        records in prop::collection::vec(record(), 0..24),
        refused_endings in "[0-9a-f]{0,8}",
    ) {
        let event: Event = serde_json::from_value(json!({"Records": records})).expect("a stream event");
        let provider = RecordingProvider::new();
        provider.fail_when("Refused", move |event| {
            let last = event.data["product_id"].as_str().and_then(|id| id.chars().last());
            last.is_some_and(|last| refused_endings.contains(last))
        });
        let handler = EventHandler::new(EventSource::parse("test.source").expect("a valid source"), provider);
        let now: Timestamp = "2026-02-01T12:00:00Z".parse().expect("a valid time");

        let report = process_records(&handler, &event.records, now).now_or_never().expect("never waits");

        let positions: Vec<usize> = report.failures.iter().map(|failure| failure.position).collect();
        prop_assert!(positions.windows(2).all(|pair| pair[0] < pair[1]));
        prop_assert_eq!(report.delivered + positions.len(), event.records.len());
        prop_assert_eq!(handler.provider().len(), report.delivered);
        let named: Vec<String> = report
            .to_response()
            .batch_item_failures
            .into_iter()
            .map(|item| item.item_identifier.unwrap_or_default())
            .collect();
        let expected: Vec<String> = positions
            .iter()
            .map(|&position| event.records[position].change.sequence_number.clone().unwrap_or_default())
            .collect();
        prop_assert_eq!(named, expected);
    }
}
