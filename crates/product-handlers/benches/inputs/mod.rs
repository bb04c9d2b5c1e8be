//! The inputs both measuring benches use, so that criterion's times and callgrind's
//! instruction counts describe the same work: the reference mix of create bodies and a
//! stream batch of ten records.
//!
//! Included by `benches/handlers.rs` and `benches/instructions.rs` as their `inputs`
//! module; a folder with `mod.rs`, so that cargo does not take it for a bench target.

use product_handlers::aws_lambda_events::event::dynamodb::Event;
use serde_json::Value;

/// The eight bodies of the reference `bench_validate.py`, in its order: the same mix of
/// valid and invalid bodies, so payloads per second compare side by side with pydantic.
pub(crate) const REFERENCE_MIX: [&str; 8] = [
    r#"{"name": "Pear", "price": 3}"#,
    r#"{"name": "", "price": 3}"#,
    r#"{"name": "A very long product name indeed", "price": 1}"#,
    r#"{"name": "Apple", "price": -1}"#,
    r#"{"name": "Kiwi", "price": 12}"#,
    r#"{"price": 12}"#,
    r#"{"name": "Plum", "price": 7}"#,
    "{not json",
];

/// Ten stream records: the five of the batch fixture, twice, with sequence numbers of
/// their own.
pub(crate) fn ten_records() -> Event {
    let mut batch: Value =
        serde_json::from_str(include_str!("../../tests/fixtures/batch.json"))
            .expect("the fixture is JSON");
    let records = batch["Records"].as_array().cloned().unwrap_or_default();
    let ten: Vec<Value> = records
        .iter()
        .chain(&records)
        .enumerate()
        .map(|(n, record)| {
            let mut record = record.clone();
            record["dynamodb"]["SequenceNumber"] =
                Value::from(format!("44215845000000000174504391{n:02}"));
            record
        })
        .collect();
    batch["Records"] = Value::from(ten);
    serde_json::from_value(batch).expect("the fixture is a stream event")
}
