//! EventBridge as pure code: PutEvents entries and requests exactly as the API takes
//! them, their size by AWS's formula, batching, and a provider that sends through a small
//! client port and resends what EventBridge asks to be resent.

use std::future::Future;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::batch::{Batch, BatchLimits, EntryPlan, Plan, plan_entries};
use crate::client::ClientError;
use crate::delivery::deliver;
use crate::envelope::JsonEvent;
use crate::provider::EventProvider;
use crate::receipt::{Failure, Receipts};
use crate::retry::{Retry, Sleeper, Verdict, failed_call};
use crate::text::{EventName, EventSource};

use crate::limit::PutEventsLimit;

/// The most entries in one PutEvents request.
const MAX_ENTRIES_PER_REQUEST: usize = 10;

/// One entry of a PutEvents request, serialized exactly as the API takes it.
///
/// `Time` is deliberately left out: EventBridge then stamps the time it received the
/// event, and the envelope carries its own `created_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutEventsRequestEntry {
    /// Who published the event: the envelope's `event_source`, shared with it.
    pub source: EventSource,
    /// What the event is: the envelope's `event_name`, shared with it.
    pub detail_type: EventName,
    /// The whole envelope as a JSON string.
    pub detail: String,
    /// ARNs of resources the event concerns; none by default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
    /// The bus to put the event on; the account's default bus when absent. Shared by the
    /// entries of a plan, which all name the same bus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bus_name: Option<Arc<str>>,
    /// The X-Ray trace header that links the event to the trace of its cause; shared as
    /// the bus name is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_header: Option<Arc<str>>,
}

impl PutEventsRequestEntry {
    /// The entry for `event` on the bus and with the trace header of `config`.
    ///
    /// # Errors
    /// None since an event's data is JSON text; kept for the callers written when it
    /// was a value.
    pub fn from_event(
        event: &JsonEvent,
        config: &PutEventsConfig,
    ) -> Result<Self, serde_json::Error> {
        Ok(Self::with_detail(event, event.to_json(), &Destination::of(config)))
    }

    /// The entry for `event` whose envelope is `detail`.
    fn with_detail(event: &JsonEvent, detail: String, destination: &Destination) -> Self {
        Self {
            source: event.metadata.event_source().clone(),
            detail_type: event.metadata.event_name().clone(),
            detail,
            resources: Vec::new(),
            event_bus_name: destination.event_bus_name.clone(),
            trace_header: destination.trace_header.clone(),
        }
    }
}

/// The bus and trace header of a config, as the entries of one plan share them.
struct Destination {
    event_bus_name: Option<Arc<str>>,
    trace_header: Option<Arc<str>>,
}

impl Destination {
    fn of(config: &PutEventsConfig) -> Self {
        Self {
            event_bus_name: config.event_bus_name.as_deref().map(Arc::from),
            trace_header: config.trace_header.as_deref().map(Arc::from),
        }
    }
}

// ANCHOR: entry_size
/// The size of an entry as EventBridge counts it against the request limit: the UTF-8
/// bytes of `Source`, `DetailType`, `Detail` and each of `Resources`.
///
/// `EventBusName` and `TraceHeader` do not count. A `Time` would add 14 bytes, but
/// entries built here never set one.
pub fn entry_size(entry: &PutEventsRequestEntry) -> usize {
    entry.source.as_str().len()
        + entry.detail_type.as_str().len()
        + entry.detail.len()
        + entry.resources.iter().map(String::len).sum::<usize>()
}
// ANCHOR_END: entry_size

/// A PutEvents request body: `{"Entries": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutEventsRequest {
    /// 1 to 10 entries.
    pub entries: Vec<PutEventsRequestEntry>,
}

/// Where and how events are put: the bus, the trace header, the request size limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PutEventsConfig {
    /// The bus name or ARN; the account's default bus when `None`.
    pub event_bus_name: Option<String>,
    /// The X-Ray trace header to put on every entry. The Lambda binary reads it from
    /// `_X_AMZN_TRACE_ID`; this crate reads no environment.
    pub trace_header: Option<String>,
    /// The most bytes per request.
    pub limit: PutEventsLimit,
}

/// Turns events, each with the key its caller chose, into PutEvents requests of 1 to 10
/// entries within the size limit, keeping their order; an event too large alone is
/// rejected as `EntryTooLarge` instead.
pub fn plan_put_events<'a, K>(
    events: impl IntoIterator<Item = (K, &'a JsonEvent)>,
    config: &PutEventsConfig,
) -> Plan<PutEventsRequest, K> {
    entries(events, config).into_plan(|entries| PutEventsRequest { entries })
}

fn entries<'a, K, B: Batch<K, PutEventsRequestEntry>>(
    events: impl IntoIterator<Item = (K, &'a JsonEvent)>,
    config: &PutEventsConfig,
) -> EntryPlan<K, B> {
    let destination = Destination::of(config);
    plan_entries(
        events,
        BatchLimits::new(MAX_ENTRIES_PER_REQUEST, config.limit.bytes()),
        |_, event, writer| {
            PutEventsRequestEntry::with_detail(event, writer.write(event), &destination)
        },
        entry_size,
        |entry| {
            format!(
                "the entry is {} bytes, more than the {} a PutEvents request may carry",
                entry_size(entry),
                config.limit
            )
        },
    )
}

/// The result of one PutEvents entry, in the order of the request's entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PutEventsResultEntry {
    /// EventBridge took the entry.
    #[serde(rename_all = "PascalCase")]
    Success {
        /// EventBridge's id for the event.
        event_id: String,
    },
    /// EventBridge did not take the entry.
    #[serde(rename_all = "PascalCase")]
    Failure {
        /// Such as `ThrottlingException`, `InternalFailure`, `MalformedDetail`.
        error_code: String,
        /// EventBridge's explanation.
        #[serde(default)]
        error_message: String,
    },
}

impl PutEventsResultEntry {
    /// A success with EventBridge's event id.
    pub fn success(event_id: impl Into<String>) -> Self {
        Self::Success { event_id: event_id.into() }
    }

    /// A failure with EventBridge's error code and message.
    pub fn failure(
        error_code: impl Into<String>,
        error_message: impl Into<String>,
    ) -> Self {
        Self::Failure {
            error_code: error_code.into(),
            error_message: error_message.into(),
        }
    }
}

/// Whether EventBridge asks for an entry that failed with `error_code` to be sent again.
fn is_retryable_error_code(error_code: &str) -> bool {
    matches!(error_code, "InternalFailure" | "ThrottlingException")
}

/// The port the AWS adapter implements: one PutEvents call.
pub trait PutEventsClient {
    /// Sends `request` and returns one result per entry, in the request's order, or the
    /// reason the whole call failed.
    fn put_events(
        &self,
        request: PutEventsRequest,
    ) -> impl Future<Output = Result<Vec<PutEventsResultEntry>, ClientError>> + Send;
}

/// Sends events to EventBridge through a [`PutEventsClient`].
///
/// Requests are sent one after another. Entries that fail with a retryable code, and
/// calls that fail with a retryable [`ClientError`], are resent after a backoff until the
/// [`Retry`] policy gives up; every other failure is a failure receipt at once.
#[derive(Debug)]
pub struct EventBridgeProvider<C, S> {
    client: C,
    config: PutEventsConfig,
    retry: Retry<S>,
}

impl<C, S> EventBridgeProvider<C, S> {
    /// A provider that puts events through `client` on the bus, with the trace header and
    /// within the size limit of `config`, and resends as `retry` says.
    pub fn new(client: C, config: PutEventsConfig, retry: Retry<S>) -> Self {
        Self { client, config, retry }
    }

    /// The client.
    pub fn client(&self) -> &C {
        &self.client
    }

    /// The bus, trace header and size limit.
    pub fn config(&self) -> &PutEventsConfig {
        &self.config
    }

    /// The retry policy, jitter and sleeper.
    pub fn retry(&self) -> &Retry<S> {
        &self.retry
    }
}

impl<C, S> EventProvider for EventBridgeProvider<C, S>
where
    C: PutEventsClient + Sync,
    S: Sleeper + Sync,
{
    fn send(&self, events: &[JsonEvent]) -> impl Future<Output = Receipts> + Send {
        let plan = entries(events.iter().enumerate(), &self.config);
        deliver(events, plan, &self.retry, |pending| self.attempt(pending))
    }
}

impl<C: PutEventsClient, S> EventBridgeProvider<C, S> {
    /// One PutEvents call for `pending`, read entry by entry.
    fn attempt(
        &self,
        pending: &[(usize, PutEventsRequestEntry)],
    ) -> impl Future<Output = Vec<Verdict>> + Send + use<'_, C, S> {
        let request = PutEventsRequest {
            entries: pending.iter().map(|(_, entry)| entry.clone()).collect(),
        };
        let count = pending.len();
        let call = self.client.put_events(request);
        async move {
            match call.await {
                Ok(results) => results.into_iter().take(count).map(verdict).collect(),
                Err(error) => failed_call(&error, count),
            }
        }
    }
}

fn verdict(result: PutEventsResultEntry) -> Verdict {
    match result {
        PutEventsResultEntry::Success { event_id } => Verdict::Delivered(event_id),
        PutEventsResultEntry::Failure { error_code, error_message } => {
            let retryable = is_retryable_error_code(&error_code);
            let failure = Failure::new(error_code, error_message);
            if retryable { Verdict::Retry(failure) } else { Verdict::Fail(failure) }
        }
    }
}

#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod tests;
