//! A fault only a real endpoint can produce: the bus disappears in the middle of a batch.
//!
//! The stream processor sends a batch of 25 records as three PutEvents calls through the
//! real EventBridge client. Before the second call the bus is deleted, so that call and
//! the third fail as the service fails them (`ResourceNotFoundException`, not worth a
//! retry). The events of the first call are on the test's queue; the batch response must
//! name exactly the other 15 records, so that what Lambda replays covers every event that
//! did not arrive.

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use aws_sdk_eventbridge::Client as EventBridge;
use jiff::Timestamp;
use product_aws::testing::{EventCapture, TestEnv, run_then_clean_up};
use product_aws::{EventBridgeClient, TokioSleeper};
use product_events::{
    ClientError, Deadline, EventBridgeProvider, EventHandler, EventSource, Jitter,
    PutEventsClient, PutEventsConfig, PutEventsRequest, PutEventsResultEntry, Retry,
    RetryPolicy,
};
use product_handlers::aws_lambda_events::event::dynamodb::Event;
use product_handlers::{correlation_id_of, process_records};
use serde_json::{Value, json};

use crate::stream::record;

/// The real client, with the bus deleted just before its second call.
struct VanishingBus {
    inner: EventBridgeClient,
    eventbridge: EventBridge,
    bus_name: String,
    calls: AtomicUsize,
}

impl PutEventsClient for VanishingBus {
    fn put_events(
        &self,
        request: PutEventsRequest,
    ) -> impl Future<Output = Result<Vec<PutEventsResultEntry>, ClientError>> + Send {
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        async move {
            if call == 1 {
                self.eventbridge
                    .delete_event_bus()
                    .name(&self.bus_name)
                    .send()
                    .await
                    .expect("the bus is deleted");
            }
            self.inner.put_events(request).await
        }
    }
}

#[tokio::test]
async fn when_the_bus_disappears_mid_batch_exactly_the_records_whose_events_did_not_arrive_are_reported()
 {
    let env = TestEnv::require().await;
    let capture =
        EventCapture::create(&env, "vanishing-bus").await.expect("the capture is set up");
    let poller = capture.clone();
    run_then_clean_up(
        async move {
            let records: Vec<Value> = (0..25)
                .map(|n| {
                    record(
                        "INSERT",
                        &format!("00000000-0000-4000-8000-{n:012}"),
                        &format!("{}", 500 + n),
                        None,
                        Some(9),
                    )
                })
                .collect();
            let event: Event = serde_json::from_value(json!({ "Records": records }))
                .expect("a DynamoDB event");
            let client = VanishingBus {
                inner: EventBridgeClient::from_conf(env.config()),
                eventbridge: EventBridge::new(env.config()),
                bus_name: poller.bus_name().to_owned(),
                calls: AtomicUsize::new(0),
            };
            let config = PutEventsConfig {
                event_bus_name: Some(poller.bus_name().to_owned()),
                ..PutEventsConfig::default()
            };
            let retry = Retry {
                policy: RetryPolicy::new(
                    3,
                    Duration::from_millis(10),
                    Duration::from_millis(50),
                )
                .expect("a valid policy"),
                jitter: Jitter::fixed(1.0),
                sleeper: TokioSleeper,
                deadline: Deadline::none(),
            };
            let provider = EventBridgeProvider::new(client, config, retry);
            let handler = EventHandler::new(
                EventSource::parse(poller.source()).expect("a valid source"),
                provider,
            );

            let report =
                process_records(&handler, &event.records, Timestamp::now()).await;

            let reported: Vec<String> = report
                .failures
                .iter()
                .map(|failure| failure.sequence_number.clone().unwrap_or_default())
                .collect();
            let expected: Vec<String> = (10..25).map(|n| (500 + n).to_string()).collect();
            assert_eq!(reported, expected, "{:#?}", report.failures);
            assert!(
                report
                    .failures
                    .iter()
                    .all(|failure| failure.reason.code() == "ResourceNotFoundException")
            );
            assert_eq!(report.delivered, 10);

            // What arrived is exactly what was not reported: together, every record once.
            let arrived = poller
                .poll(10, Duration::from_secs(30))
                .await
                .expect("the queue is readable");
            let arrived: BTreeSet<String> = arrived
                .iter()
                .map(|event| {
                    event["detail"]["metadata"]["correlation_id"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect();
            let sent_first: BTreeSet<String> = event.records[..10]
                .iter()
                .map(|record| correlation_id_of(record).as_str().to_owned())
                .collect();
            assert_eq!(arrived, sent_first);
            assert_eq!(
                handler.provider().client().calls.load(Ordering::SeqCst),
                3,
                "one call per request: a rejected call is not retried"
            );
        },
        async {
            // The bus is gone already; deleting its rule and the queue still has to
            // happen.
            capture.delete().await;
        },
    )
    .await;
}
