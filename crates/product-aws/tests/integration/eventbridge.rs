//! The EventBridge provider on the SDK: events put on a real bus, read back through a
//! rule's queue.

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::Timestamp;
use product_aws::testing::{EventCapture, TestEnv, run_then_clean_up};
use product_aws::{EventBridgeClient, eventbridge};
use product_domain::{ProductChangeNotification, ProductChangeStatus, ProductId};
use product_events::{
    Deadline, EmitOptions, EventHandler, EventProvider as _, EventSource, Outcome,
    PutEventsConfig, RetryPolicy,
};
use serde_json::Value;
use uuid::Uuid;

/// Events created now, each with a new random correlation id.
fn options() -> EmitOptions {
    EmitOptions::new(Timestamp::now(), |_| Uuid::new_v4().into())
}

fn notifications(count: u32) -> Vec<ProductChangeNotification> {
    (0..count)
        .map(|n| ProductChangeNotification {
            product_id: ProductId::parse(&format!("00000000-0000-4000-8000-{n:012}"))
                .expect("a valid id"),
            status: [
                ProductChangeStatus::Added,
                ProductChangeStatus::Updated,
                ProductChangeStatus::Removed,
            ][n as usize % 3],
            created_at: "2026-01-01T00:00:00Z".parse().expect("a valid time"),
        })
        .collect()
}

// ANCHOR: eventbridge_round_trip
#[tokio::test]
async fn events_put_on_a_bus_reach_the_rules_queue_unchanged() {
    let env = TestEnv::require().await;
    let capture = EventCapture::create(&env, "eventbridge-round-trip")
        .await
        .expect("the capture is set up");
    let config = PutEventsConfig {
        event_bus_name: Some(capture.bus_name().to_owned()),
        ..Default::default()
    };
    let source = EventSource::parse(capture.source()).expect("a valid source");
    let client = EventBridgeClient::from_conf(env.config());
    let handler = EventHandler::new(
        source,
        eventbridge::provider(client, config, RetryPolicy::default(), Deadline::none()),
    );
    let poller = capture.clone();
    run_then_clean_up(
        async move {
            // Twelve events take two PutEvents requests: at most ten entries each.
            let models = notifications(12);
            let events: Vec<_> = handler
                .build(&models, &options())
                .into_iter()
                .map(Result::unwrap)
                .collect();
            let receipts = handler.provider().send(&events).await;
            assert!(receipts.all_delivered(), "{receipts:?}");

            let captured =
                poller.poll(events.len(), Duration::from_secs(30)).await.unwrap();
            let by_correlation: BTreeMap<String, Value> = captured
                .into_iter()
                .map(|event| {
                    (
                        event["detail"]["metadata"]["correlation_id"]
                            .as_str()
                            .unwrap()
                            .to_owned(),
                        event,
                    )
                })
                .collect();
            assert_eq!(by_correlation.len(), events.len());
            for (event, receipt) in events.iter().zip(receipts.iter()) {
                let delivered = &by_correlation[event.metadata.correlation_id().as_str()];
                assert_eq!(delivered["source"], poller.source());
                assert_eq!(delivered["detail-type"], "PRODUCT_CHANGE_NOTIFICATION");
                assert_eq!(delivered["detail"], serde_json::to_value(event).unwrap());
                let Outcome::Delivered { receipt_id } = &receipt.outcome else {
                    panic!("{receipt:?}")
                };
                assert_eq!(delivered["id"], receipt_id.as_str());
            }
        },
        capture.delete(),
    )
    .await;
}
// ANCHOR_END: eventbridge_round_trip

#[tokio::test]
async fn a_bus_that_does_not_exist_gives_every_event_a_failure_receipt() {
    let env = TestEnv::require().await;
    let config = PutEventsConfig {
        event_bus_name: Some(env.unique_name("no-such-bus")),
        ..Default::default()
    };
    let provider = eventbridge::provider(
        EventBridgeClient::from_conf(env.config()),
        config,
        RetryPolicy::no_retries(),
        Deadline::none(),
    );
    let handler =
        EventHandler::new(EventSource::parse("psr.test.missing-bus").unwrap(), provider);
    let receipts = handler.emit(notifications(3), &options()).await;
    assert_eq!(receipts.len(), 3);
    assert_eq!(receipts.failed_indices(), [0, 1, 2]);
    for receipt in receipts.iter() {
        let failure = receipt.failure().unwrap();
        assert!(
            failure.code.contains("NotFound")
                || failure.message.contains("does not exist"),
            "{failure:?}"
        );
    }
}
