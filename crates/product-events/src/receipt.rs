//! Receipts: what became of each event a provider was given, one receipt per event, in
//! order.

use std::error::Error;

use serde::{Deserialize, Serialize};

use crate::envelope::JsonEvent;
use crate::text::CorrelationId;

/// Failure codes this crate gives itself; providers also pass on the codes their service
/// returns (such as EventBridge's `ThrottlingException`).
pub mod codes {
    /// The event alone is larger than one request may carry; it was not sent.
    pub const ENTRY_TOO_LARGE: &str = "EntryTooLarge";
    /// The model could not be turned into JSON; it never became an event.
    pub const SERIALIZATION_FAILED: &str = "SerializationFailed";
    /// No event name could be derived from the model's type; it never became an event.
    pub const INVALID_EVENT_NAME: &str = "InvalidEventName";
    /// The service answered, but said nothing about this event; it may or may not have
    /// arrived.
    pub const MISSING_RESULT: &str = "MissingResult";
    /// The call to the service failed as a whole and carried no code of its own.
    pub const CLIENT_ERROR: &str = "ClientError";
    /// A test asked the recording provider to fail this event.
    pub const INJECTED_FAILURE: &str = "InjectedFailure";
    /// The caller's deadline was too near to start (or wait for) another call; the event
    /// was not sent, or not sent again.
    pub const DEADLINE_REACHED: &str = "DeadlineReached";
}

/// Why an event was not delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// A short machine-readable code, such as `EntryTooLarge` or `ThrottlingException`.
    pub code: String,
    /// A human-readable explanation.
    pub message: String,
}

impl Failure {
    /// A failure with `code` and `message`.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code: code.into(), message: message.into() }
    }

    /// A failure with `code` whose message is `error` and each of its causes, on one
    /// line: `"the call failed: no such bus"`. A receipt has nowhere else to keep the
    /// causes.
    pub fn from_error(code: impl Into<String>, error: &dyn Error) -> Self {
        let mut message = error.to_string();
        let mut cause = error.source();
        while let Some(error) = cause {
            message.push_str(": ");
            message.push_str(&error.to_string());
            cause = error.source();
        }
        Self::new(code, message)
    }
}

/// What became of one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// The provider accepted the event.
    Delivered {
        /// The provider's id for it (EventBridge's `EventId`, SNS's `MessageId`).
        receipt_id: String,
    },
    /// The event was not delivered.
    Failed(Failure),
}

/// The receipt of one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The event's position in the list that was emitted or sent.
    pub index: usize,
    /// The event's correlation id; `None` only for a model that never became an event.
    pub correlation_id: Option<CorrelationId>,
    /// Delivered or failed.
    #[serde(flatten)]
    pub outcome: Outcome,
}

impl Receipt {
    /// A receipt for a delivered event.
    pub fn delivered(
        index: usize,
        correlation_id: Option<CorrelationId>,
        receipt_id: impl Into<String>,
    ) -> Self {
        Self {
            index,
            correlation_id,
            outcome: Outcome::Delivered { receipt_id: receipt_id.into() },
        }
    }

    /// A receipt for an event that was not delivered.
    pub fn failed(
        index: usize,
        correlation_id: Option<CorrelationId>,
        failure: Failure,
    ) -> Self {
        Self { index, correlation_id, outcome: Outcome::Failed(failure) }
    }

    /// The receipt of an event whose fate nobody reported: a failure, since it may be
    /// lost.
    pub(crate) fn missing(index: usize) -> Self {
        Self::failed(
            index,
            None,
            Failure::new(codes::MISSING_RESULT, "no receipt was returned for this event"),
        )
    }

    /// Whether the event was delivered.
    pub fn is_delivered(&self) -> bool {
        matches!(self.outcome, Outcome::Delivered { .. })
    }

    /// The provider's id for the event, if it was delivered.
    pub fn receipt_id(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Delivered { receipt_id } => Some(receipt_id),
            Outcome::Failed(_) => None,
        }
    }

    /// Why the event was not delivered, if it was not.
    pub fn failure(&self) -> Option<&Failure> {
        match &self.outcome {
            Outcome::Delivered { .. } => None,
            Outcome::Failed(failure) => Some(failure),
        }
    }
}

/// One receipt per event, ordered by the events' positions: the receipt at position `i`
/// answers the event at position `i`, so a caller lines receipts up with what it sent
/// without re-indexing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Receipts(Vec<Receipt>);

impl Receipts {
    /// Receipts from a list, put in index order.
    pub fn from_receipts(mut receipts: Vec<Receipt>) -> Self {
        receipts.sort_by_key(|receipt| receipt.index);
        Self(receipts)
    }

    /// Receipts already in index order, one per event from 0 on, as this crate's own
    /// providers and the event handler settle them: no sort, so none is compiled into a
    /// caller that needs none.
    pub(crate) fn in_order(receipts: Vec<Receipt>) -> Self {
        debug_assert!(
            receipts.iter().enumerate().all(|(index, receipt)| receipt.index == index)
        );
        Self(receipts)
    }

    /// How many receipts there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The receipts in index order.
    pub fn iter(&self) -> std::slice::Iter<'_, Receipt> {
        self.0.iter()
    }

    /// The receipt of the event at `index`.
    pub fn get(&self, index: usize) -> Option<&Receipt> {
        match self.0.get(index) {
            Some(receipt) if receipt.index == index => Some(receipt),
            // Receipts a provider put together itself may have gaps; look for the index
            // then.
            _ => self.0.iter().find(|receipt| receipt.index == index),
        }
    }

    /// The receipts of delivered events.
    pub fn delivered(&self) -> impl Iterator<Item = &Receipt> {
        self.0.iter().filter(|receipt| receipt.is_delivered())
    }

    /// The receipts of events that were not delivered.
    pub fn failed(&self) -> impl Iterator<Item = &Receipt> {
        self.0.iter().filter(|receipt| !receipt.is_delivered())
    }

    /// The positions of the events that were not delivered, in order.
    pub fn failed_indices(&self) -> Vec<usize> {
        self.failed().map(|receipt| receipt.index).collect()
    }

    /// Whether every event was delivered.
    pub fn all_delivered(&self) -> bool {
        self.0.iter().all(Receipt::is_delivered)
    }

    /// The receipts as a list.
    pub fn into_vec(self) -> Vec<Receipt> {
        self.0
    }
}

impl IntoIterator for Receipts {
    type Item = Receipt;
    type IntoIter = std::vec::IntoIter<Receipt>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Receipts {
    type Item = &'a Receipt;
    type IntoIter = std::slice::Iter<'a, Receipt>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Collects one outcome per event while a provider works, so that none is lost or counted
/// twice.
#[derive(Debug)]
pub(crate) struct ReceiptSlots {
    correlation_ids: Vec<CorrelationId>,
    outcomes: Vec<Option<Outcome>>,
}

impl ReceiptSlots {
    pub(crate) fn new(events: &[JsonEvent]) -> Self {
        Self {
            correlation_ids: events
                .iter()
                .map(|event| event.metadata.correlation_id().clone())
                .collect(),
            outcomes: vec![None; events.len()],
        }
    }

    /// Records the outcome of the event at `index`; the first outcome recorded stands.
    fn settle(&mut self, index: usize, outcome: Outcome) {
        if let Some(slot @ None) = self.outcomes.get_mut(index) {
            *slot = Some(outcome);
        }
    }

    pub(crate) fn deliver(&mut self, index: usize, receipt_id: impl Into<String>) {
        self.settle(index, Outcome::Delivered { receipt_id: receipt_id.into() });
    }

    pub(crate) fn fail(&mut self, index: usize, failure: Failure) {
        self.settle(index, Outcome::Failed(failure));
    }

    /// The receipts, one per event; an event nobody settled is a failure rather than
    /// lost.
    pub(crate) fn finish(self) -> Receipts {
        let receipts = self
            .correlation_ids
            .into_iter()
            .zip(self.outcomes)
            .enumerate()
            .map(|(index, (correlation_id, outcome))| Receipt {
                index,
                correlation_id: Some(correlation_id),
                outcome: outcome.unwrap_or_else(|| {
                    Outcome::Failed(Failure::new(
                        codes::MISSING_RESULT,
                        "no outcome was recorded for this event",
                    ))
                }),
            })
            .collect();
        Receipts(receipts)
    }
}

#[cfg(test)]
mod tests;
