//! The product service's handlers: the HTTP API and the stream processor, over the domain's ports.
//!
//! This crate turns the edges' data into domain calls and the answers back into the edges' data. It
//! knows the `http` crate's types and the shapes of Lambda events, but not the AWS SDK, the Lambda
//! runtime, an async runtime or WebAssembly bindings: the Lambda binaries wrap it in `lambda_http` and
//! `lambda_runtime`, and the book's pages call the very same functions from WebAssembly.
//!
//! - [`api`]: the four routes ([`create_product`], [`get_product`], [`delete_product`],
//!   [`list_products`]) and the router over all of them ([`handle_request`]).
//! - [`route`]: [`Route`], the method-and-path matcher they share.
//! - [`problem`]: error bodies as RFC 9457 problem documents, and the problem types this API uses.
//! - [`stream`]: the stream processor, from DynamoDB stream records to notifications sent through an
//!   [`EventHandler`](product_events::EventHandler), answering with Lambda's partial batch response.
//!
//! The event types of the stream processor come from `aws_lambda_events`, re-exported here so that
//! callers use the very version this crate reads.

pub mod api;
mod error;
pub mod problem;
pub mod route;
pub mod stream;

pub use aws_lambda_events;

pub use api::{
    LIMIT_POINTER, MAX_BODY_BYTES, NEXT_TOKEN_POINTER, PRODUCT_ID_POINTER, create_product, delete_product, get_product,
    handle_request, list_products,
};
pub use route::{Endpoint, Route};
pub use stream::{
    BatchReport, FailureReason, RecordFailure, UnreadableRecord, notification_of, process_records, process_stream,
};
