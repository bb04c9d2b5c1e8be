//! The stream processor: DynamoDB stream records in, one product change notification per
//! record out through an [`EventHandler`], and the Lambda partial batch response naming
//! every record whose notification was not delivered.
//!
//! The event handler is passed in, so the Lambda function hands over the EventBridge one
//! and tests and the book's pages hand over a
//! [`RecordingProvider`](product_events::RecordingProvider). The clock is passed in too
//! (`now`), since the processor also runs in WebAssembly, where a clock is whatever the
//! host provides. Each event's correlation id is the id of its record
//! ([`correlation_id_of`]), the same every time Lambda delivers that record.
//!
//! No record is dropped in silence: one that cannot be read (an unknown event name, a
//! missing or invalid `id` key) is reported as a failure like one whose event was
//! refused, so Lambda retries it and, after the retries the event source mapping allows,
//! sends it to its on-failure destination. Lambda checkpoints at the lowest sequence
//! number reported and retries every record from there, so records after a failure may be
//! sent twice: delivery is at least once.

use aws_lambda_events::event::dynamodb::Event;
use aws_lambda_events::event::streams::DynamoDbEventResponse;
use jiff::Timestamp;
use product_domain::{
    InvalidProductId, ProductChangeNotification, ProductChangeStatus, ProductId,
};
use product_events::{CorrelationId, EmitOptions, EventHandler, EventProvider};
use thiserror::Error;
use uuid::Uuid;

mod record;
mod report;

pub use record::{Record, StreamEvent, StreamEventChange, StreamEventRecord};
pub use report::{BatchReport, FailureReason, RecordFailure};

// ANCHOR: unreadable_record
/// Why a stream record could not become a notification.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UnreadableRecord {
    /// The event name is not one of DynamoDB's three.
    #[error("the event name {0:?} is not INSERT, MODIFY or REMOVE")]
    UnknownEventName(String),
    /// The record's keys have no string attribute `id`.
    #[error("the record's keys have no string attribute id")]
    MissingId,
    /// The record's `id` key is not a product id.
    #[error("the record's id key is not a product id")]
    InvalidId(#[source] InvalidProductId),
}
// ANCHOR_END: unreadable_record

// ANCHOR: record_to_notification
/// The notification a stream record stands for.
///
/// The product id is the table's key `id`; the time is the record's
/// `ApproximateCreationDateTime` in whole seconds, or `now` when the record has none (the
/// event type reads a missing time as the Unix epoch, so the epoch itself counts as
/// missing).
pub fn notification_of(
    record: &impl Record,
    now: Timestamp,
) -> Result<ProductChangeNotification, UnreadableRecord> {
    let status = match record.event_name() {
        "INSERT" => ProductChangeStatus::Added,
        "MODIFY" => ProductChangeStatus::Updated,
        "REMOVE" => ProductChangeStatus::Removed,
        other => return Err(UnreadableRecord::UnknownEventName(other.to_owned())),
    };
    let Some(id) = record.key_id() else {
        return Err(UnreadableRecord::MissingId);
    };
    let product_id = ProductId::parse(id).map_err(UnreadableRecord::InvalidId)?;
    // DynamoDB gives the time rounded down to the second; any fraction is dropped, since
    // aws_lambda_events 1.2 reads a fraction of a second 1000 times too small.
    let created_at = match record.created_second() {
        0 => now,
        seconds => Timestamp::from_second(seconds).unwrap_or(now),
    };
    Ok(ProductChangeNotification { product_id, status, created_at })
}
// ANCHOR_END: record_to_notification

/// Processes a DynamoDB stream batch and returns the partial batch response for Lambda.
pub async fn process_stream<P>(
    handler: &EventHandler<P>,
    event: &Event,
    now: Timestamp,
) -> DynamoDbEventResponse
where
    P: EventProvider + Sync,
{
    process_records(handler, &event.records, now).await.to_response()
}

// ANCHOR: process_records
/// Turns each record into a notification, sends them all through `handler` in one emit,
/// and reports every record that was unreadable or whose event was not delivered.
pub async fn process_records<P, R>(
    handler: &EventHandler<P>,
    records: &[R],
    now: Timestamp,
) -> BatchReport
where
    P: EventProvider + Sync,
    R: Record + Sync,
{
    let mut report = BatchReport::default();
    let mut readable = Vec::with_capacity(records.len());
    // Each record's failure, if it has one, at the record's position: the report lists
    // them in batch order with no sort.
    let mut failed: Vec<Option<RecordFailure>> = records.iter().map(|_| None).collect();
    for (position, record) in records.iter().enumerate() {
        match notification_of(record, now) {
            Ok(notification) => {
                report.notifications.push(notification);
                readable.push((position, record));
            }
            Err(error) => {
                failed[position] = Some(failure(
                    position,
                    record,
                    None,
                    FailureReason::Unreadable(error),
                ));
            }
        }
    }

    // Notification `n` is readable record `n`, so its event takes that record's id (a
    // fresh one would only be needed past the end of the list, which emit never asks
    // for).
    let ids: Vec<CorrelationId> =
        readable.iter().map(|&(_, record)| correlation_id_of(record)).collect();
    let options = EmitOptions::new(now, move |n| {
        ids.get(n).cloned().unwrap_or_else(|| Uuid::new_v4().into())
    });
    // One receipt per notification, in their order: the receipts line up with the
    // readable records.
    let receipts = handler.emit(&report.notifications, &options).await;
    for ((position, record), receipt) in readable.into_iter().zip(&receipts) {
        match receipt.failure() {
            None => report.delivered += 1,
            Some(why) => {
                let reason = FailureReason::NotDelivered(why.clone());
                failed[position] = Some(failure(
                    position,
                    record,
                    receipt.correlation_id.clone(),
                    reason,
                ));
            }
        }
    }
    report.failures = failed.into_iter().flatten().collect();
    report
}
// ANCHOR_END: process_records

// ANCHOR: correlation_id_of
/// The namespace of the correlation ids derived from stream records (a UUID chosen once
/// for this service; changing it would give replayed records new ids).
pub const STREAM_RECORD_NAMESPACE: Uuid =
    Uuid::from_u128(0x6f0c_5d1e_8a4b_4c2f_9e3d_7b1a_0c5e_2d48);

/// The correlation id of the event of `record`: a UUID derived from the record's
/// `eventID`.
///
/// Lambda delivers a record again, with the same `eventID`, when an earlier batch failed
/// or timed out, and the records after a failed one come again too. Their events then
/// carry the id they had the first time, so a consumer recognises an event it has already
/// handled and skips it. The id is a name-based UUID (version 5) of the `eventID`, so
/// every correlation id stays a UUID whatever the record's id looks like. A record
/// without an `eventID` (never one from DynamoDB Streams) is named by its sequence
/// number, which is as stable, and only without either gets a new random id.
pub fn correlation_id_of(record: &impl Record) -> CorrelationId {
    let name =
        Some(record.event_id()).filter(|id| !id.is_empty()).or(record.sequence_number());
    match name {
        Some(name) => Uuid::new_v5(&STREAM_RECORD_NAMESPACE, name.as_bytes()).into(),
        None => Uuid::new_v4().into(),
    }
}
// ANCHOR_END: correlation_id_of

/// Records a failure, and logs it with what an operator needs to find the record and its
/// event.
fn failure(
    position: usize,
    record: &impl Record,
    correlation_id: Option<CorrelationId>,
    reason: FailureReason,
) -> RecordFailure {
    tracing::error!(
        sequence_number = record.sequence_number(),
        correlation_id = correlation_id.as_ref().map(CorrelationId::as_str),
        event_id = %record.event_id(),
        code = reason.code(),
        reason = %reason,
        "a stream record will be retried"
    );
    RecordFailure {
        position,
        sequence_number: record.sequence_number().map(str::to_owned),
        event_id: record.event_id().to_owned(),
        correlation_id,
        reason,
    }
}

#[cfg(test)]
mod tests;
