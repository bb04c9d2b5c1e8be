//! SNS as pure code, the other provider behind the same port: PublishBatch requests
//! exactly as the API takes them, batching by count and bytes, and a provider that maps
//! the answer back to events by entry id and resends what failed through no fault of the
//! sender.

use std::future::Future;

use serde::{Deserialize, Serialize};

use crate::batch::{Batch, BatchLimits, EntryPlan, Plan, plan_entries};
use crate::client::ClientError;
use crate::delivery::deliver;
use crate::envelope::JsonEvent;
use crate::limit::PublishBatchLimit;
use crate::provider::EventProvider;
use crate::receipt::{Failure, Receipts, codes};
use crate::retry::{Retry, Sleeper, Verdict, failed_call};

/// The most entries in one PublishBatch request.
const MAX_ENTRIES_PER_BATCH: usize = 10;

/// One entry of a PublishBatch request. Only `Id` and `Message` are set: the envelope
/// carries everything a subscriber needs, and a subject or attributes would count against
/// the same limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublishBatchRequestEntry {
    /// Unique within the batch; ties the answer back to the entry.
    pub id: String,
    /// The whole envelope as a JSON string.
    pub message: String,
}

/// A PublishBatch request body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublishBatchRequest {
    /// The topic to publish to.
    pub topic_arn: String,
    /// 1 to 10 entries.
    pub publish_batch_request_entries: Vec<PublishBatchRequestEntry>,
}

/// Where events are published, and how large a batch the topic takes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnsConfig {
    /// The topic's ARN.
    pub topic_arn: String,
    /// The topic's `MaximumMessageSize`: the most bytes of one message, and of all the
    /// messages of one batch together.
    pub limit: PublishBatchLimit,
}

/// The entry id of the event at `position`: unique within any batch because positions
/// are.
fn entry_id(position: usize) -> String {
    format!("event-{position}")
}

/// Turns events, each with the key its caller chose, into PublishBatch requests of 1 to
/// 10 entries within the size limit of `config`, keeping their order; an event whose
/// message alone is larger is rejected as `EntryTooLarge`.
pub fn plan_publish_batch<'a, K>(
    events: impl IntoIterator<Item = (K, &'a JsonEvent)>,
    config: &SnsConfig,
) -> Plan<PublishBatchRequest, K> {
    entries(events, config.limit).into_plan(|entries| PublishBatchRequest {
        topic_arn: config.topic_arn.clone(),
        publish_batch_request_entries: entries,
    })
}

fn entries<'a, K, B: Batch<K, PublishBatchRequestEntry>>(
    events: impl IntoIterator<Item = (K, &'a JsonEvent)>,
    limit: PublishBatchLimit,
) -> EntryPlan<K, B> {
    plan_entries(
        events,
        BatchLimits::new(MAX_ENTRIES_PER_BATCH, limit.bytes()),
        |position, event, writer| PublishBatchRequestEntry {
            id: entry_id(position),
            message: writer.write(event),
        },
        |entry| entry.message.len(),
        |entry| {
            format!(
                "the message is {} bytes, more than the {limit} the topic accepts",
                entry.message.len()
            )
        },
    )
}

/// A published entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublishBatchResultEntry {
    /// The entry's id from the request.
    pub id: String,
    /// SNS's id for the message.
    pub message_id: String,
}

/// An entry that was not published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchResultErrorEntry {
    /// The entry's id from the request.
    pub id: String,
    /// SNS's error code.
    pub code: String,
    /// SNS's explanation.
    #[serde(default)]
    pub message: Option<String>,
    /// Whether the sender is at fault; such an entry would fail the same way again.
    pub sender_fault: bool,
}

/// A PublishBatch answer: the entries published and the entries not, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublishBatchResponse {
    /// The entries published.
    #[serde(default)]
    pub successful: Vec<PublishBatchResultEntry>,
    /// The entries not published.
    #[serde(default)]
    pub failed: Vec<BatchResultErrorEntry>,
}

/// The port the AWS adapter implements: one PublishBatch call.
pub trait PublishBatchClient {
    /// Sends `request` and returns what SNS said about its entries, or the reason the
    /// whole call failed.
    fn publish_batch(
        &self,
        request: PublishBatchRequest,
    ) -> impl Future<Output = Result<PublishBatchResponse, ClientError>> + Send;
}

/// Publishes events to an SNS topic through a [`PublishBatchClient`].
///
/// Entries that failed without the sender at fault, and calls that fail with a retryable
/// [`ClientError`], are resent after a backoff until the [`Retry`] policy gives up.
#[derive(Debug)]
pub struct SnsProvider<C, S> {
    client: C,
    config: SnsConfig,
    retry: Retry<S>,
}

impl<C, S> SnsProvider<C, S> {
    /// A provider that publishes through `client` to the topic of `config`, and resends
    /// as `retry` says.
    pub fn new(client: C, config: SnsConfig, retry: Retry<S>) -> Self {
        Self { client, config, retry }
    }

    /// The client.
    pub fn client(&self) -> &C {
        &self.client
    }

    /// The topic.
    pub fn config(&self) -> &SnsConfig {
        &self.config
    }

    /// The retry policy, jitter and sleeper.
    pub fn retry(&self) -> &Retry<S> {
        &self.retry
    }
}

impl<C, S> EventProvider for SnsProvider<C, S>
where
    C: PublishBatchClient + Sync,
    S: Sleeper + Sync,
{
    fn send(&self, events: &[JsonEvent]) -> impl Future<Output = Receipts> + Send {
        deliver(
            events,
            entries(events.iter().enumerate(), self.config.limit),
            &self.retry,
            |pending| self.attempt(pending),
        )
    }
}

impl<C: PublishBatchClient, S> SnsProvider<C, S> {
    /// One PublishBatch call for `pending`, read back by entry id.
    fn attempt(
        &self,
        pending: &[(usize, PublishBatchRequestEntry)],
    ) -> impl Future<Output = Vec<Verdict>> + Send + use<'_, C, S> {
        let entries: Vec<PublishBatchRequestEntry> =
            pending.iter().map(|(_, entry)| entry.clone()).collect();
        let ids: Vec<String> = entries.iter().map(|entry| entry.id.clone()).collect();
        let call = self.client.publish_batch(PublishBatchRequest {
            topic_arn: self.config.topic_arn.clone(),
            publish_batch_request_entries: entries,
        });
        async move {
            match call.await {
                Ok(response) => ids.iter().map(|id| verdict(id, &response)).collect(),
                Err(error) => failed_call(&error, ids.len()),
            }
        }
    }
}

/// What the answer says about the entry `id`; an entry it does not mention is a failure.
fn verdict(id: &str, response: &PublishBatchResponse) -> Verdict {
    if let Some(success) = response.successful.iter().find(|entry| entry.id == id) {
        return Verdict::Delivered(success.message_id.clone());
    }
    match response.failed.iter().find(|entry| entry.id == id) {
        Some(failed) => {
            let failure = Failure::new(
                failed.code.clone(),
                failed.message.clone().unwrap_or_default(),
            );
            if failed.sender_fault {
                Verdict::Fail(failure)
            } else {
                Verdict::Retry(failure)
            }
        }
        None => Verdict::Fail(Failure::new(
            codes::MISSING_RESULT,
            "the service's answer had no result for this entry",
        )),
    }
}

#[cfg(test)]
mod tests;
