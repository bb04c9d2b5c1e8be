//! What became of a batch: the records to retry and why, and the partial batch response
//! Lambda reads.

use std::fmt;

use aws_lambda_events::event::streams::{
    DynamoDbBatchItemFailure, DynamoDbEventResponse,
};
use product_domain::ProductChangeNotification;
use product_events::{CorrelationId, Failure};
use serde::Serialize;

use super::UnreadableRecord;

/// Why a record is named in the batch response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailureReason {
    /// The record could not be read; no event was built for it.
    Unreadable(UnreadableRecord),
    /// Its event was built and not delivered; the provider said why.
    NotDelivered(Failure),
}

impl FailureReason {
    /// A short, stable code: `UnreadableRecord`, or the provider's failure code.
    pub fn code(&self) -> &str {
        match self {
            Self::Unreadable(_) => "UnreadableRecord",
            Self::NotDelivered(failure) => &failure.code,
        }
    }
}

impl fmt::Display for FailureReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable(error) => match std::error::Error::source(error) {
                Some(source) => write!(f, "{error}: {source}"),
                None => write!(f, "{error}"),
            },
            Self::NotDelivered(failure) => {
                write!(f, "{}: {}", failure.code, failure.message)
            }
        }
    }
}

/// A record that must be retried, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFailure {
    /// The record's position in the batch.
    pub position: usize,
    /// Its `SequenceNumber`, which the batch response names; `None` if the record had
    /// none.
    pub sequence_number: Option<String>,
    /// Its `eventID`.
    pub event_id: String,
    /// The correlation id of its event; `None` when no event was built.
    pub correlation_id: Option<CorrelationId>,
    /// Why it failed.
    pub reason: FailureReason,
}

impl Serialize for RecordFailure {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View<'a> {
            position: usize,
            sequence_number: Option<&'a str>,
            event_id: &'a str,
            correlation_id: Option<&'a str>,
            code: &'a str,
            message: String,
        }
        View {
            position: self.position,
            sequence_number: self.sequence_number.as_deref(),
            event_id: &self.event_id,
            correlation_id: self.correlation_id.as_ref().map(CorrelationId::as_str),
            code: self.reason.code(),
            message: self.reason.to_string(),
        }
        .serialize(serializer)
    }
}

/// What became of a batch: the notifications of its readable records, how many were
/// delivered, and every record to retry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BatchReport {
    /// The notification of each readable record, in batch order.
    pub notifications: Vec<ProductChangeNotification>,
    /// How many records became delivered events.
    pub delivered: usize,
    /// The records to retry, in batch order.
    pub failures: Vec<RecordFailure>,
}

impl BatchReport {
    // ANCHOR: batch_response
    /// The partial batch response: one `itemIdentifier` per failed record.
    ///
    /// A failed record without a sequence number is named with an empty identifier, which
    /// Lambda reads as a failure of the whole batch: retrying everything beats losing
    /// that record.
    pub fn to_response(&self) -> DynamoDbEventResponse {
        let mut response = DynamoDbEventResponse::default();
        response.batch_item_failures = self
            .failures
            .iter()
            .map(|failure| {
                let mut item = DynamoDbBatchItemFailure::default();
                item.item_identifier =
                    Some(failure.sequence_number.clone().unwrap_or_default());
                item
            })
            .collect();
        response
    }
    // ANCHOR_END: batch_response
}
