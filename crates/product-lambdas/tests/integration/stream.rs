//! The `process-stream` binary under the emulator, putting events on a bus in moto (or
//! AWS).

mod proxy;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use product_aws::testing::{EventCapture, Target, TestEnv, run_then_clean_up};
use serde_json::{Value, json};

use self::proxy::{Exchange, RecordingProxy};
use crate::emulator::{Answer, RuntimeApi};
use crate::function::{Function, command};

const INSERTED: &str = "00000000-0000-4000-8000-000000000001";
const MODIFIED: &str = "00000000-0000-4000-8000-000000000002";
const REMOVED: &str = "00000000-0000-4000-8000-000000000003";

/// One stream record in the shape Lambda delivers it (NEW_AND_OLD_IMAGES).
pub(crate) fn record(
    event_name: &str,
    id: &str,
    sequence_number: &str,
    old: Option<i64>,
    new: Option<i64>,
) -> Value {
    let image = |price: Option<i64>| {
        price.map(|price| json!({"id": {"S": id}, "name": {"S": "Kettle"}, "price": {"N": price.to_string()}}))
    };
    let mut change = json!({
        "ApproximateCreationDateTime": 1_767_225_600.0,
        "Keys": {"id": {"S": id}},
        "SequenceNumber": sequence_number,
        "SizeBytes": 64,
        "StreamViewType": "NEW_AND_OLD_IMAGES"
    });
    if let Some(new) = image(new) {
        change["NewImage"] = new;
    }
    if let Some(old) = image(old) {
        change["OldImage"] = old;
    }
    json!({
        "eventID": format!("event-{sequence_number}"),
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": change,
        "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/products/stream/2026-01-01T00:00:00.000"
    })
}

fn batch() -> Value {
    json!({"Records": [
        record("INSERT", INSERTED, "100", None, Some(25)),
        record("MODIFY", MODIFIED, "200", Some(25), Some(30)),
        record("REMOVE", REMOVED, "300", Some(30), None),
    ]})
}

// ANCHOR: stream_function_test
#[tokio::test]
async fn the_stream_function_turns_an_insert_a_modify_and_a_remove_into_three_standardized_events()
 {
    let env = TestEnv::require().await;
    let capture = EventCapture::create(&env, "process-stream")
        .await
        .expect("the capture is set up");
    let runtime = RuntimeApi::start().await;
    let mut function =
        command(env!("CARGO_BIN_EXE_process-stream"), "process-stream", Some(&runtime));
    function
        .env("EVENT_BUS_NAME", capture.bus_name())
        .env("EVENT_SOURCE", capture.source())
        .env("PUT_EVENTS_MAX_BYTES", "262144");
    let function = Function::spawn(function);
    let poller = capture.clone();
    run_then_clean_up(
        async move {
            let Answer::Response(response) = runtime.invoke(&batch()).await else {
                panic!("the function failed")
            };
            assert_eq!(response, json!({"batchItemFailures": []}));

            let captured = poller.poll(3, Duration::from_secs(30)).await.unwrap();
            let by_product: BTreeMap<&str, &Value> = captured
                .iter()
                .map(|event| {
                    (event["detail"]["data"]["product_id"].as_str().unwrap(), event)
                })
                .collect();
            assert_eq!(by_product.len(), 3, "{captured:#?}");
            for (id, status) in
                [(INSERTED, "ADDED"), (MODIFIED, "UPDATED"), (REMOVED, "REMOVED")]
            {
                let event = by_product[id];
                assert_eq!(event["source"], poller.source());
                assert_eq!(event["detail-type"], "PRODUCT_CHANGE_NOTIFICATION");
                let (data, metadata) =
                    (&event["detail"]["data"], &event["detail"]["metadata"]);
                assert_eq!(data["status"], status);
                assert_eq!(data["created_at"], "2026-01-01T00:00:00Z");
                assert_eq!(metadata["event_name"], "PRODUCT_CHANGE_NOTIFICATION");
                assert_eq!(metadata["event_source"], poller.source());
                assert_eq!(metadata["event_version"], "v1");
                // Derived from the record's eventID, so a replayed record's event keeps
                // its id.
                let correlation_id =
                    uuid::Uuid::parse_str(metadata["correlation_id"].as_str().unwrap())
                        .unwrap();
                assert_eq!(correlation_id.get_version_num(), 5);
                assert!(
                    metadata["created_at"]
                        .as_str()
                        .unwrap()
                        .parse::<jiff::Timestamp>()
                        .is_ok(),
                    "{metadata}"
                );
            }
            function.stop().await;
        },
        capture.delete(),
    )
    .await;
}
// ANCHOR_END: stream_function_test

/// The trace headers Lambda handed the function, one per invocation, in order.
fn trace_ids_handed_over(runtime_api: &[Exchange]) -> Vec<String> {
    runtime_api
        .iter()
        .filter(|exchange| exchange.request.start_line.contains("/invocation/next"))
        .filter_map(|exchange| exchange.response.header("Lambda-Runtime-Trace-Id"))
        .map(str::to_owned)
        .collect()
}

/// Every entry of every PutEvents request sent, in order.
fn put_events_entries(eventbridge: &[Exchange]) -> Vec<Value> {
    eventbridge
        .iter()
        .filter(|exchange| {
            exchange.request.header("X-Amz-Target") == Some("AWSEvents.PutEvents")
        })
        .flat_map(|exchange| {
            let body: Value = serde_json::from_slice(&exchange.request.body)
                .expect("a JSON PutEvents request");
            body["Entries"].as_array().expect("PutEvents entries").clone()
        })
        .collect()
}

/// The product an entry is about, from its detail.
fn product_of_entry(entry: &Value) -> String {
    let detail: Value =
        serde_json::from_str(entry["Detail"].as_str().expect("a string detail"))
            .expect("JSON detail");
    detail["data"]["product_id"].as_str().expect("a product id").to_owned()
}

#[tokio::test]
async fn each_invocations_events_carry_the_trace_header_lambda_gave_that_invocation() {
    let env = TestEnv::require().await;
    // The PutEvents requests are read on their way to the endpoint, which takes a plain
    // HTTP one; AWS shows the trace header to no event target, so against AWS there
    // is nothing to read.
    let endpoint = std::env::var("AWS_ENDPOINT_URL").unwrap_or_default();
    let Some(upstream) = endpoint
        .strip_prefix("http://")
        .map(|address| address.trim_end_matches('/').to_owned())
    else {
        assert_eq!(
            env.target(),
            Target::Aws,
            "the endpoint {endpoint:?} is not plain HTTP"
        );
        eprintln!("skipped against AWS: PutEvents requests cannot be read there");
        return;
    };
    let capture = EventCapture::create(&env, "stream-trace-header")
        .await
        .expect("the capture is set up");
    let runtime = RuntimeApi::start().await;
    // The function reaches the Runtime API and EventBridge through proxies that keep what
    // passed.
    let runtime_api = RecordingProxy::start(runtime.address()).await;
    let eventbridge = RecordingProxy::start(upstream).await;
    let mut function =
        command(env!("CARGO_BIN_EXE_process-stream"), "process-stream", None);
    function
        .env("AWS_LAMBDA_RUNTIME_API", runtime_api.address())
        .env("AWS_ENDPOINT_URL_EVENTBRIDGE", format!("http://{}", eventbridge.address()))
        .env("EVENT_BUS_NAME", capture.bus_name())
        .env("EVENT_SOURCE", capture.source())
        .env("PUT_EVENTS_MAX_BYTES", "262144");
    let function = Function::spawn(function);
    let poller = capture.clone();
    run_then_clean_up(
        async move {
            let invocations = [
                (json!({"Records": [record("INSERT", INSERTED, "100", None, Some(25))]}), vec![INSERTED]),
                (
                    json!({"Records": [
                        record("MODIFY", MODIFIED, "200", Some(25), Some(30)),
                        record("REMOVE", REMOVED, "300", Some(30), None),
                    ]}),
                    vec![MODIFIED, REMOVED],
                ),
            ];
            let mut sent_before = 0;
            for (number, (batch, products)) in invocations.iter().enumerate() {
                let Answer::Response(response) = runtime.invoke(batch).await else { panic!("the function failed") };
                assert_eq!(response, json!({"batchItemFailures": []}), "invocation {number}");
                // The invocation is answered only after its PutEvents requests came back.
                let handed_over = trace_ids_handed_over(&runtime_api.exchanges());
                assert_eq!(handed_over.len(), number + 1, "{handed_over:?}");
                let trace_id = &handed_over[number];
                let entries = put_events_entries(&eventbridge.exchanges());
                let sent = &entries[sent_before..];
                sent_before = entries.len();
                let about: BTreeSet<String> = sent.iter().map(product_of_entry).collect();
                assert_eq!(about, products.iter().map(|id| (*id).to_owned()).collect(), "invocation {number}");
                assert_eq!(sent.len(), products.len(), "invocation {number}: {sent:#?}");
                for entry in sent {
                    assert_eq!(entry["TraceHeader"].as_str(), Some(trace_id.as_str()), "invocation {number}: {entry}");
                }
            }
            let handed_over = trace_ids_handed_over(&runtime_api.exchanges());
            assert_ne!(handed_over[0], handed_over[1], "each invocation has a trace of its own");
            // What went through the proxy reached the bus.
            poller.poll(3, Duration::from_secs(30)).await.unwrap();
            function.stop().await;
        },
        capture.delete(),
    )
    .await;
}

#[tokio::test]
async fn pointed_at_a_bus_that_does_not_exist_the_stream_function_reports_every_record_as_failed()
 {
    let env = TestEnv::require().await;
    let runtime = RuntimeApi::start().await;
    let mut function =
        command(env!("CARGO_BIN_EXE_process-stream"), "process-stream", Some(&runtime));
    function
        .env("EVENT_BUS_NAME", env.unique_name("no-such-bus"))
        .env("EVENT_SOURCE", "psr.test.missing-bus")
        .env("PUT_EVENTS_MAX_BYTES", "262144");
    let function = Function::spawn(function);

    let Answer::Response(response) = runtime.invoke(&batch()).await else {
        panic!("the function failed")
    };
    assert_eq!(
        response,
        json!({"batchItemFailures": [
            {"itemIdentifier": "100"}, {"itemIdentifier": "200"}, {"itemIdentifier": "300"}
        ]})
    );
    function.stop().await;
}

#[tokio::test]
async fn the_stream_function_refuses_to_start_without_its_bus() {
    let mut function =
        command(env!("CARGO_BIN_EXE_process-stream"), "process-stream", None);
    function.env_remove("EVENT_BUS_NAME").env("EVENT_SOURCE", "psr.test");
    let output = tokio::time::timeout(Duration::from_secs(30), function.output())
        .await
        .expect("the function exits at once")
        .expect("the function runs");
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("EVENT_BUS_NAME is not set")
    );
}
