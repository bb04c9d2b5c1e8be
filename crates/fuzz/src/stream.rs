//! The stream processor: any DynamoDB stream event the reader accepts is processed so
//! that every record ends delivered or named for retry, exactly once, and the batch
//! response names exactly the records to retry.

use jiff::Timestamp;
use product_events::{EventHandler, EventSource, RecordingProvider};
use product_handlers::aws_lambda_events::event::dynamodb::Event;
use product_handlers::{FailureReason, process_records};

use crate::block_on;

/// Reads `bytes` as a stream event (JSON, as Lambda hands it over) and, if it is one,
/// processes it twice: with a provider that takes every event, and with one that refuses
/// about half of them.
pub fn check_stream(bytes: &[u8]) {
    let Ok(event) = serde_json::from_slice::<Event>(bytes) else {
        return;
    };
    check_processing(&event, false);
    check_processing(&event, true);
}

fn check_processing(event: &Event, refuse_some: bool) {
    let provider = RecordingProvider::new();
    if refuse_some {
        // Refuses the events of ids ending in 0 to 7: the input picks which, and a replay
        // refuses the same.
        provider.fail_when("Refused", |event| {
            event.data["product_id"]
                .as_str()
                .and_then(|id| id.chars().last())
                .is_some_and(|last| last < '8')
        });
    }
    let source =
        EventSource::parse("myorg.product.product_notification").expect("a valid source");
    let handler = EventHandler::new(source, provider);
    let now: Timestamp = "2026-02-01T12:00:00Z".parse().expect("a valid time");
    let records = &event.records;

    let report = block_on(process_records(&handler, records, now));

    let positions: Vec<usize> =
        report.failures.iter().map(|failure| failure.position).collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "each failed record is named once, in order"
    );
    assert!(
        positions.iter().all(|&position| position < records.len()),
        "failures name records of the batch"
    );
    assert_eq!(
        report.delivered + report.failures.len(),
        records.len(),
        "every record is delivered or retried"
    );
    assert_eq!(
        handler.provider().len(),
        report.delivered,
        "the provider holds exactly the delivered events"
    );
    let unreadable = report
        .failures
        .iter()
        .filter(|failure| matches!(failure.reason, FailureReason::Unreadable(_)))
        .count();
    assert_eq!(
        report.notifications.len(),
        records.len() - unreadable,
        "one notification per readable record"
    );
    if !refuse_some {
        assert_eq!(
            unreadable,
            report.failures.len(),
            "a provider that takes everything refuses nothing"
        );
    }
    for failure in &report.failures {
        assert_eq!(
            failure.sequence_number,
            records[failure.position].change.sequence_number
        );
    }

    let response = report.to_response();
    let named: Vec<String> = response
        .batch_item_failures
        .iter()
        .map(|item| item.item_identifier.clone().unwrap_or_default())
        .collect();
    let expected: Vec<String> = report
        .failures
        .iter()
        .map(|failure| failure.sequence_number.clone().unwrap_or_default())
        .collect();
    assert_eq!(named, expected, "the batch response names exactly the records to retry");
}
