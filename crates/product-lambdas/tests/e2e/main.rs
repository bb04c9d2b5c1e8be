//! The asynchronous flow end to end, as the talk tests it: a product written through the API, its
//! change read back from the table's stream, turned into a standardized event by the stream
//! processor, and caught on the bus by a rule that sends the test's own events to a queue.
//!
//! Against moto no Lambda trigger exists, so the test plays the event source mapping itself: it
//! reads the stream with `aws-sdk-dynamodbstreams` and hands the records, in Lambda's event shape,
//! to the same `process` function the `process-stream` binary runs.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use aws_sdk_dynamodbstreams::Client as Streams;
use aws_sdk_dynamodbstreams::types::{AttributeValue, Record, ShardIteratorType};
use http::{Method, Request, StatusCode};
use product_aws::EventBridgeClient;
use product_aws::testing::{EventCapture, TestEnv, TestTable, run_then_clean_up};
use product_domain::ProductService;
use product_events::EventSource;
use product_handlers::aws_lambda_events::event::dynamodb::Event;
use product_lambdas::stream::{StreamSettings, process};
use serde_json::{Value, json};

const ID: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";
const DEADLINE: Duration = Duration::from_secs(30);

// ANCHOR: e2e
#[tokio::test]
async fn a_product_created_and_deleted_through_the_api_arrives_on_the_bus_as_two_standardized_events() {
    let env = TestEnv::require().await;
    let table = TestTable::create(&env, "e2e", true).await.expect("the table with a stream is created");
    let capture = match EventCapture::create(&env, "e2e").await {
        Ok(capture) => capture,
        Err(error) => {
            table.delete().await;
            panic!("the capture is set up: {error:?}");
        }
    };
    let (body_table, body_capture, body_env) = (table.clone(), capture.clone(), env.clone());
    run_then_clean_up(
        async move {
            let (table, capture, env) = (body_table, body_capture, body_env);
            // The synchronous side: the router and the DynamoDB store, as the API functions run them.
            let service = ProductService::new(table.store());
            let path = format!("/api/product/{ID}");
            let create = request(Method::PUT, &path, r#"{"name": "Kettle", "price": 25}"#);
            assert_eq!(product_handlers::handle_request(&service, &create).await.status(), StatusCode::OK);
            let delete = request(Method::DELETE, &path, "");
            assert_eq!(product_handlers::handle_request(&service, &delete).await.status(), StatusCode::NO_CONTENT);

            // The event source mapping: the stream's records, in Lambda's event shape.
            let stream_arn = table.stream_arn().expect("the table has a stream");
            let records = read_stream(&Streams::new(env.config()), stream_arn, 2).await;
            let event = lambda_event(&records, stream_arn);

            // The asynchronous side: the stream processor with the real EventBridge provider.
            let settings = StreamSettings {
                client: EventBridgeClient::from_conf(env.config()),
                event_bus_name: capture.bus_name().to_owned(),
                event_source: EventSource::parse(capture.source()).unwrap(),
            };
            let response = process(&settings, &event, None).await;
            assert!(response.batch_item_failures.is_empty(), "{response:?}");

            // The consumer's view: what the rule delivered, polled for until the deadline.
            let delivered = capture.poll(2, DEADLINE).await.unwrap();
            let mut statuses: Vec<&str> =
                delivered.iter().map(|event| event["detail"]["data"]["status"].as_str().unwrap()).collect();
            statuses.sort_unstable();
            assert_eq!(statuses, ["ADDED", "REMOVED"], "{delivered:#?}");
            for event in &delivered {
                assert_envelope(event, capture.source());
            }
        },
        async {
            capture.delete().await;
            table.delete().await;
        },
    )
    .await;
}
// ANCHOR_END: e2e

fn request(method: Method, path: &str, body: &str) -> Request<String> {
    Request::builder().method(method).uri(path).body(body.to_owned()).expect("a valid request")
}

/// The standardized event, as EventBridge delivered it.
fn assert_envelope(event: &Value, source: &str) {
    assert_eq!(event["source"], source);
    assert_eq!(event["detail-type"], "PRODUCT_CHANGE_NOTIFICATION");
    let (data, metadata) = (&event["detail"]["data"], &event["detail"]["metadata"]);
    assert_eq!(data["product_id"], ID);
    let changed_at: jiff::Timestamp = data["created_at"]
        .as_str()
        .expect("the envelope has this field, well formed")
        .parse()
        .expect("the envelope has this field, well formed");
    assert!(jiff::Timestamp::now().duration_since(changed_at).as_secs().abs() < 600, "{data}");
    assert_eq!(metadata["event_name"], "PRODUCT_CHANGE_NOTIFICATION");
    assert_eq!(metadata["event_source"], source);
    assert_eq!(metadata["event_version"], "v1");
    let correlation_id =
        uuid::Uuid::parse_str(metadata["correlation_id"].as_str().expect("the envelope has this field, well formed"))
            .expect("the envelope has this field, well formed");
    assert_eq!(correlation_id.get_version_num(), 4);
    assert!(
        metadata["created_at"]
            .as_str()
            .expect("the envelope has this field, well formed")
            .parse::<jiff::Timestamp>()
            .is_ok(),
        "{metadata}"
    );
}

// ANCHOR: read_stream
/// Reads every shard of the stream from its start until `count` records have arrived or the
/// deadline has passed; a stream shows a write after a short delay, so a test polls.
async fn read_stream(streams: &Streams, stream_arn: &str, count: usize) -> Vec<Record> {
    let give_up = Instant::now() + DEADLINE;
    let mut records = Vec::new();
    let description = streams.describe_stream().stream_arn(stream_arn).send().await.expect("the stream is readable");
    let shards = description.stream_description().map(|stream| stream.shards()).unwrap_or_default();
    let mut iterators = Vec::new();
    for shard in shards {
        let iterator = streams
            .get_shard_iterator()
            .stream_arn(stream_arn)
            .shard_id(shard.shard_id().unwrap_or_default())
            .shard_iterator_type(ShardIteratorType::TrimHorizon)
            .send()
            .await
            .expect("the stream is readable");
        iterators.extend(iterator.shard_iterator().map(str::to_owned));
    }
    while records.len() < count && Instant::now() < give_up {
        let mut next = Vec::new();
        for iterator in iterators {
            let page = streams.get_records().shard_iterator(iterator).send().await.expect("the stream is readable");
            records.extend(page.records().iter().cloned());
            next.extend(page.next_shard_iterator().map(str::to_owned));
        }
        iterators = next;
        if records.len() < count {
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
    assert_eq!(records.len(), count, "the stream held {records:#?}");
    records
}
// ANCHOR_END: read_stream

/// The Lambda event the event source mapping would deliver for `records`.
fn lambda_event(records: &[Record], stream_arn: &str) -> Event {
    let records: Vec<Value> = records.iter().map(|record| lambda_record(record, stream_arn)).collect();
    serde_json::from_value(json!({ "Records": records })).expect("the records read as a DynamoDB event")
}

/// One record in Lambda's shape: the SDK's types, with attribute values in DynamoDB JSON.
fn lambda_record(record: &Record, stream_arn: &str) -> Value {
    let change = record.dynamodb().expect("a stream record has a change");
    let item = |image: Option<&HashMap<String, AttributeValue>>| {
        image.map(|image| {
            serde_json::to_value(serde_dynamo::Item::from(image.clone())).expect("an image converts to DynamoDB JSON")
        })
    };
    let mut dynamodb = json!({
        "ApproximateCreationDateTime": change.approximate_creation_date_time().map(|time| time.as_secs_f64()),
        "Keys": item(change.keys()),
        "SequenceNumber": change.sequence_number(),
        "SizeBytes": change.size_bytes(),
        "StreamViewType": change.stream_view_type().map(|view| view.as_str()),
    });
    for (name, image) in [("NewImage", item(change.new_image())), ("OldImage", item(change.old_image()))] {
        if let Some(image) = image {
            dynamodb[name] = image;
        }
    }
    json!({
        "eventID": record.event_id(),
        "eventName": record.event_name().map(|name| name.as_str()),
        "eventVersion": record.event_version(),
        "eventSource": record.event_source(),
        "awsRegion": record.aws_region(),
        "dynamodb": dynamodb,
        "eventSourceARN": stream_arn,
    })
}
