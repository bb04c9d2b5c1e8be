//! Standardized events: the envelope every event of the service shares, the port that sends events,
//! and the EventBridge and SNS requests that carry them, all as pure code.
//!
//! This crate knows nothing of the AWS SDK, Lambda, an async runtime or WebAssembly bindings: the
//! AWS adapters implement its small client ports ([`PutEventsClient`], [`PublishBatchClient`],
//! [`Sleeper`]), and the book's pages run the same request building in the browser.
//!
//! - [`envelope`]: [`Event`] and [`Metadata`], the `{"data", "metadata"}` envelope.
//! - [`name`]: [`EventName`] (derived from a type name) and [`EventSource`].
//! - [`handler`]: [`EventHandler`], which turns models into events and sends them.
//! - [`provider`]: the [`EventProvider`] port; [`receipt`]: what became of each event.
//! - [`recording`]: [`RecordingProvider`], the in-memory provider for tests and the pages.
//! - [`eventbridge`] and [`sns`]: requests, size accounting, batching, and providers with retries.
//! - [`batch`], [`retry`] and [`delivery`]: the batching, retries and [`ServiceProvider`] both
//!   providers share.
//! - [`cloudevents`]: the envelope as a CloudEvents 1.0 JSON event.

pub mod batch;
pub mod client;
pub mod cloudevents;
pub mod delivery;
pub mod envelope;
pub mod eventbridge;
pub mod handler;
pub mod name;
pub mod provider;
pub mod receipt;
pub mod recording;
pub mod retry;
pub mod sns;

pub use batch::{BatchLimits, BatchPlan, plan_batches};
pub use client::{ClientError, ClientErrorKind};
pub use cloudevents::{CloudEvent, CloudEventError};
pub use delivery::ServiceProvider;
pub use envelope::{
    CorrelationId, Event, EventVersion, InvalidCorrelationId, InvalidEventVersion, JsonEvent, Metadata,
    ReservedMetadataKey,
};
pub use eventbridge::{
    EventBridgeProvider, InvalidPutEventsLimit, PlannedPutEvents, PutEventsClient, PutEventsConfig, PutEventsLimit,
    PutEventsPlan, PutEventsRequest, PutEventsRequestEntry, PutEventsResultEntry, entry_size, plan_put_events,
};
pub use handler::{BuildError, EmitOptions, EventHandler, build_events};
pub use name::{EventName, EventSource, InvalidEventName, InvalidEventSource, event_name_of};
pub use provider::EventProvider;
pub use receipt::{Failure, Outcome, Receipt, Receipts};
pub use recording::RecordingProvider;
pub use retry::{InvalidRetryPolicy, Jitter, RecordingSleeper, RetryDecision, RetryPolicy, Sleeper};
pub use sns::{
    BatchResultErrorEntry, PlannedPublishBatch, PublishBatchClient, PublishBatchPlan, PublishBatchRequest,
    PublishBatchRequestEntry, PublishBatchResponse, PublishBatchResultEntry, SnsConfig, SnsProvider,
    plan_publish_batch,
};

#[cfg(test)]
mod test_support;
