//! Module 4's tests: your fake provider behind the real `EventHandler` gives one receipt
//! per event, a partial failure retries exactly the stream records whose events were not
//! delivered, and the real stream processor reports the same records with your fake
//! plugged in.
//!
//! `cargo test -p workshop --test flaky_provider` runs them against your work; they fail
//! on the starter.

use product_domain::{ProductChangeNotification, ProductChangeStatus, ProductId};
use product_events::codes;
use product_events::{
    CorrelationId, EmitOptions, EventHandler, EventSource, Failure, Receipt, Receipts,
};
use product_handlers::aws_lambda_events::event::dynamodb::Event;
use product_handlers::process_stream;
use serde_json::json;
use workshop::{FlakyProvider, batch_item_failures};

fn id(n: u32) -> ProductId {
    ProductId::parse(&format!("00000000-0000-4000-8000-{n:012}")).expect("a UUID")
}

fn added(n: u32) -> ProductChangeNotification {
    ProductChangeNotification {
        product_id: id(n),
        status: ProductChangeStatus::Added,
        created_at: "2026-01-01T00:00:00Z".parse().expect("an RFC 3339 time"),
    }
}

fn handler(provider: FlakyProvider) -> EventHandler<FlakyProvider> {
    EventHandler::new(
        EventSource::parse("myorg.product.product_notification").expect("a valid source"),
        provider,
    )
}

fn sequence_numbers(numbers: &[&str]) -> Vec<String> {
    numbers.iter().map(|number| (*number).to_owned()).collect()
}

#[tokio::test]
async fn the_fake_delivers_and_keeps_every_event_in_one_call() {
    let handler = handler(FlakyProvider::new());

    let receipts = handler.emit([added(1), added(2), added(3)], &options()).await;

    assert_eq!(receipts.len(), 3);
    assert!(receipts.all_delivered());
    let delivered = handler.provider().delivered();
    assert_eq!(delivered.len(), 3);
    assert_eq!(delivered[2].data["product_id"], id(3).to_string());
    assert_eq!(handler.provider().calls(), 1);
}

#[tokio::test]
async fn each_receipt_names_its_event_by_position_and_correlation_id() {
    let handler = handler(FlakyProvider::new());

    let receipts = handler.emit([added(1), added(2)], &options()).await;

    let delivered = handler.provider().delivered();
    assert_eq!((receipts.len(), delivered.len()), (2, 2));
    for (index, receipt) in receipts.iter().enumerate() {
        assert_eq!(receipt.index, index);
        assert_eq!(
            receipt.correlation_id.as_ref(),
            Some(delivered[index].metadata.correlation_id())
        );
    }
}

#[tokio::test]
async fn the_fake_refuses_only_the_events_of_a_failing_product() {
    let provider = FlakyProvider::new();
    provider.fail_product(id(2));
    let handler = handler(provider);

    let receipts = handler.emit([added(1), added(2), added(3)], &options()).await;

    assert_eq!(receipts.failed_indices(), [1]);
    let failure = receipts.get(1).and_then(Receipt::failure).unwrap();
    assert_eq!(failure.code, codes::INJECTED_FAILURE);
    let delivered: Vec<serde_json::Value> = handler
        .provider()
        .delivered()
        .iter()
        .map(|event| event.data["product_id"].clone())
        .collect();
    assert_eq!(delivered, [id(1).to_string(), id(3).to_string()]);
}

#[tokio::test]
async fn only_the_records_whose_events_failed_are_retried() {
    let provider = FlakyProvider::new();
    provider.fail_product(id(2));
    let handler = handler(provider);
    let records = sequence_numbers(&["100", "200", "300"]);

    let receipts = handler.emit([added(1), added(2), added(3)], &options()).await;

    assert_eq!(batch_item_failures(&records, &receipts), ["200"]);
}

#[tokio::test]
async fn when_every_event_is_delivered_no_record_is_retried() {
    let handler = handler(FlakyProvider::new());
    let records = sequence_numbers(&["100", "200"]);

    let receipts = handler.emit([added(1), added(2)], &options()).await;

    assert!(batch_item_failures(&records, &receipts).is_empty());
}

#[test]
fn a_record_without_a_receipt_is_retried_rather_than_lost() {
    let records = sequence_numbers(&["100", "200", "300"]);
    let receipts = Receipts::from_receipts(vec![
        Receipt::delivered(0, None, "event-1"),
        Receipt::failed(1, None, Failure::new("ThrottlingException", "slow down")),
    ]);

    assert_eq!(batch_item_failures(&records, &receipts), ["200", "300"]);
}

#[tokio::test]
async fn the_real_stream_processor_retries_only_the_record_your_fake_refused() {
    let provider = FlakyProvider::new();
    provider.fail_product(id(2));
    let handler = handler(provider);
    let record = |event_name: &str, n: u32, sequence_number: &str| {
        json!({
            "eventID": format!("e-{n}"),
            "eventName": event_name,
            "awsRegion": "eu-west-1",
            "dynamodb": {
                "Keys": {"id": {"S": id(n).to_string()}},
                "SequenceNumber": sequence_number,
                "SizeBytes": 59,
                "StreamViewType": "NEW_AND_OLD_IMAGES"
            }
        })
    };
    let records = [
        record("INSERT", 1, "100"),
        record("MODIFY", 2, "200"),
        record("REMOVE", 3, "300"),
    ];
    let batch = json!({ "Records": records });
    let event: Event = serde_json::from_value(batch).expect("a DynamoDB Streams event");
    let now = "2026-01-01T00:00:00Z".parse().expect("an RFC 3339 time");

    let response = process_stream(&handler, &event, now).await;

    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"batchItemFailures": [{"itemIdentifier": "200"}]})
    );
    let statuses: Vec<serde_json::Value> = handler
        .provider()
        .delivered()
        .iter()
        .map(|event| event.data["status"].clone())
        .collect();
    assert_eq!(statuses, ["ADDED", "REMOVED"]);
}

/// Events created at a fixed time, the event of model `n` with the correlation id
/// `c-{n}`.
fn options() -> EmitOptions {
    let created_at = "2026-01-01T00:00:00Z".parse().expect("an RFC 3339 time");
    EmitOptions::new(created_at, |n| {
        CorrelationId::parse(format!("c-{n}")).expect("a valid id")
    })
}
