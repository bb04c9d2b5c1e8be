//! The product service's AWS adapters: the only code that talks to AWS.
//!
//! Each adapter implements a port of a pure crate on the AWS SDK for Rust, and does
//! nothing else:
//!
//! - [`dynamodb`]: [`DynamoDbStore`], the [`product_domain::ProductStore`] on a DynamoDB
//!   table.
//! - [`eventbridge`]: [`EventBridgeClient`], the `product_events::PutEventsClient` on
//!   PutEvents.
//! - `sns` (feature `sns`): `SnsClient`, the `product_events::PublishBatchClient` on
//!   PublishBatch. No function deploys it, so none carries it.
//! - [`TokioSleeper`]: the providers' `product_events::Sleeper` on tokio's timer.
//! - [`config`]: the SDK configuration from the environment, shared by every client.
//! - `testing` (feature `testing`): fixtures for the integration tests (tables, capture
//!   queues).
//!
//! The rules (idempotent create, page sizes, batching of events, retries) stay in the
//! pure crates, so what is tested there without a network holds here, and the tests of
//! this crate only check the translation to and from AWS, against moto server or AWS
//! itself.

pub mod config;
pub mod dynamodb;
pub mod eventbridge;
mod sdk_error;
mod sleep;
#[cfg(feature = "sns")]
pub mod sns;
#[cfg(feature = "testing")]
pub mod testing;

pub use dynamodb::DynamoDbStore;
pub use eventbridge::{AwsEventBridgeProvider, EventBridgeClient};
pub use sleep::TokioSleeper;
#[cfg(feature = "sns")]
pub use sns::{AwsSnsProvider, SnsClient};
