//! Standardized events: the envelope every event of the service shares, the port that
//! sends events, and the EventBridge and SNS requests that carry them, all as pure code.
//!
//! This crate knows nothing of the AWS SDK, Lambda, an async runtime or WebAssembly
//! bindings, and it reads no clock and no random source: the time, the correlation ids
//! and the jitter are handed in. The AWS adapters implement its small client ports
//! ([`PutEventsClient`], [`PublishBatchClient`], [`Sleeper`]), and the book's pages run
//! the same request building in the browser.
//!
//! The walk of an event, and the names a reader meets on it:
//!
//! 1. A model becomes an [`Event`] (`{"data", "metadata"}`, with [`Metadata`]) through
//!    [`EventHandler::emit`] or [`build_events`], as [`EmitOptions`] say: the time, the
//!    [`CorrelationId`]s, the [`EventName`] (derived from the model's type unless given).
//!    Its data is written as JSON text once, a [`JsonData`], which reads as a
//!    `serde_json::Value`.
//! 2. An [`EventProvider`] sends the events and answers with [`Receipts`], one
//!    [`Receipt`] per event, in the events' order: [`RecordingProvider`] in memory,
//!    [`EventBridgeProvider`] and [`SnsProvider`] through their client ports, resending
//!    as a [`Retry`] says.
//! 3. [`plan_put_events`] and [`plan_publish_batch`] show the requests a provider would
//!    send, as a [`Plan`], without sending them.
//!
//! [`CloudEvent`] writes the envelope as a CloudEvents 1.0 JSON event.

mod batch;
mod client;
mod cloudevents;
mod data;
mod deadline;
mod delivery;
mod envelope;
mod eventbridge;
mod handler;
mod limit;
mod name;
mod provider;
mod receipt;
mod recording;
mod retry;
mod sns;
mod text;

pub use batch::{Plan, Planned};
pub use client::{ClientError, ClientErrorKind};
pub use cloudevents::{CloudEvent, CloudEventError};
pub use data::JsonData;
pub use deadline::Deadline;
pub use envelope::{Event, JsonEvent, Metadata, ReservedMetadataKey};
pub use eventbridge::{
    EventBridgeProvider, PutEventsClient, PutEventsConfig, PutEventsRequest,
    PutEventsRequestEntry, PutEventsResultEntry, entry_size, plan_put_events,
};
pub use handler::{BuildError, EmitOptions, EventHandler, build_events};
pub use limit::{InvalidSizeLimit, PublishBatchLimit, PutEventsLimit, SizeLimit};
pub use provider::EventProvider;
pub use receipt::{Failure, Outcome, Receipt, Receipts, codes};
pub use recording::RecordingProvider;
pub use retry::{InvalidRetryPolicy, Jitter, Retry, RetryPolicy, Sleeper};
pub use sns::{
    BatchResultErrorEntry, PublishBatchClient, PublishBatchRequest,
    PublishBatchRequestEntry, PublishBatchResponse, PublishBatchResultEntry, SnsConfig,
    SnsProvider, plan_publish_batch,
};
pub use text::{CorrelationId, EventName, EventSource, EventVersion, InvalidText};

#[cfg(test)]
mod testing;
