//! The SNS provider on the SDK: events published to a real topic, read back from a
//! subscribed queue.

use std::time::Duration;

use jiff::Timestamp;
use product_aws::testing::{TestEnv, TopicCapture, run_then_clean_up};
use product_aws::{SnsClient, sns};
use product_domain::{ProductChangeNotification, ProductChangeStatus, ProductId};
use product_events::{
    Deadline, EmitOptions, EventHandler, EventProvider as _, EventSource, RetryPolicy,
    SnsConfig,
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
            status: ProductChangeStatus::Added,
            created_at: "2026-01-01T00:00:00Z".parse().expect("a valid time"),
        })
        .collect()
}

#[tokio::test]
async fn events_published_to_a_topic_reach_its_subscribed_queue_unchanged() {
    let env = TestEnv::require().await;
    let capture = TopicCapture::create(&env, "sns-round-trip")
        .await
        .expect("the capture is set up");
    let config =
        SnsConfig { topic_arn: capture.topic_arn().to_owned(), ..SnsConfig::default() };
    let provider = sns::provider(
        SnsClient::from_conf(env.config()),
        config,
        RetryPolicy::default(),
        Deadline::none(),
    );
    let handler =
        EventHandler::new(EventSource::parse("psr.test.sns").unwrap(), provider);
    let reader = capture.clone();
    run_then_clean_up(
        async move {
            // Eleven events take two PublishBatch requests: at most ten entries each.
            let events: Vec<_> = handler
                .build(notifications(11), &options())
                .into_iter()
                .map(Result::unwrap)
                .collect();
            let receipts = handler.provider().send(&events).await;
            assert!(receipts.all_delivered(), "{receipts:?}");
            let mut received =
                reader.poll(events.len(), Duration::from_secs(30)).await.unwrap();
            let mut expected: Vec<Value> =
                events.iter().map(|event| serde_json::to_value(event).unwrap()).collect();
            let key = |event: &Value| {
                event["metadata"]["correlation_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            };
            received.sort_by_key(key);
            expected.sort_by_key(key);
            assert_eq!(received, expected);
        },
        capture.delete(),
    )
    .await;
}

#[tokio::test]
async fn a_topic_that_does_not_exist_gives_every_event_a_failure_receipt() {
    let env = TestEnv::require().await;
    let topic_arn = format!(
        "arn:aws:sns:us-east-1:123456789012:{}",
        env.unique_name("no-such-topic")
    );
    let client = SnsClient::from_conf(env.config());
    let provider = sns::provider(
        client,
        SnsConfig { topic_arn, ..SnsConfig::default() },
        RetryPolicy::no_retries(),
        Deadline::none(),
    );
    let handler =
        EventHandler::new(EventSource::parse("psr.test.sns").unwrap(), provider);
    let receipts = handler.emit(notifications(3), &options()).await;
    assert_eq!(receipts.failed_indices(), [0, 1, 2]);
}
