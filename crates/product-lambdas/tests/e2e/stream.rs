//! Playing Lambda's event source mapping on moto server, where no trigger runs: read the
//! table's stream with `aws-sdk-dynamodbstreams` and hand the records, in Lambda's event
//! shape, to the same `process` function the `process-stream` binary runs.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use aws_sdk_dynamodbstreams::Client as Streams;
use aws_sdk_dynamodbstreams::types::{AttributeValue, Record, ShardIteratorType};
use product_handlers::aws_lambda_events::event::dynamodb::Event;
use serde_json::{Value, json};

use crate::DEADLINE;

// ANCHOR: read_stream
/// Reads every shard of the stream from its start until `count` records have arrived or
/// the deadline has passed; a stream shows a write after a short delay, so a test polls.
pub(crate) async fn read_stream(
    streams: &Streams,
    stream_arn: &str,
    count: usize,
) -> Vec<Record> {
    let give_up = Instant::now() + DEADLINE;
    let mut records = Vec::new();
    let description = streams
        .describe_stream()
        .stream_arn(stream_arn)
        .send()
        .await
        .expect("the stream is readable");
    let shards = description
        .stream_description()
        .map(|stream| stream.shards())
        .unwrap_or_default();
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
            let page = streams
                .get_records()
                .shard_iterator(iterator)
                .send()
                .await
                .expect("the stream is readable");
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
pub(crate) fn lambda_event(records: &[Record], stream_arn: &str) -> Event {
    let records: Vec<Value> =
        records.iter().map(|record| lambda_record(record, stream_arn)).collect();
    serde_json::from_value(json!({ "Records": records }))
        .expect("the records read as a DynamoDB event")
}

/// One record in Lambda's shape: the SDK's types, with attribute values in DynamoDB JSON.
fn lambda_record(record: &Record, stream_arn: &str) -> Value {
    let change = record.dynamodb().expect("a stream record has a change");
    let item = |image: Option<&HashMap<String, AttributeValue>>| {
        image.map(|image| {
            serde_json::to_value(serde_dynamo::Item::from(image.clone()))
                .expect("an image converts to DynamoDB JSON")
        })
    };
    let mut dynamodb = json!({
        "ApproximateCreationDateTime": change.approximate_creation_date_time().map(|time| time.as_secs_f64()),
        "Keys": item(change.keys()),
        "SequenceNumber": change.sequence_number(),
        "SizeBytes": change.size_bytes(),
        "StreamViewType": change.stream_view_type().map(|view| view.as_str()),
    });
    for (name, image) in
        [("NewImage", item(change.new_image())), ("OldImage", item(change.old_image()))]
    {
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
