//! The product service's handlers: the HTTP API and the stream processor, over the
//! domain's ports.
//!
//! This crate turns the edges' data into domain calls and the answers back into the
//! edges' data. It knows the `http` crate's types and the shapes of Lambda events, but
//! not the AWS SDK, the Lambda runtime, an async runtime or WebAssembly bindings: the
//! Lambda binaries wrap it in `lambda_http` and `lambda_runtime`, and the book's pages
//! call the very same functions from WebAssembly.
//!
//! - [`api`]: [`serve`], the one entry point: a request matched among the endpoints a
//!   caller serves (one for a Lambda function per route) and run; [`handle_request`]
//!   serves all four.
//! - [`route`]: [`Endpoint`] and [`Route`], the method-and-path matcher.
//! - [`input`]: the path id, the paging query and the body's size limit, with the JSON
//!   Pointers a 400 uses to locate their problems.
//! - [`problem`]: error bodies as RFC 9457 problem documents, and the problem types this
//!   API uses.
//! - [`stream`]: the stream processor, from DynamoDB stream records to notifications sent
//!   through an [`EventHandler`](product_events::EventHandler), answering with Lambda's
//!   partial batch response.
//!
//! The event types of the stream processor come from `aws_lambda_events`, re-exported
//! here so that callers use the very version this crate reads.

pub mod api;
mod error;
pub mod input;
pub mod problem;
pub mod route;
pub mod stream;

pub use aws_lambda_events;

pub use api::{ApiRequest, handle_request, serve};
pub use input::{
    LIMIT_POINTER, MAX_BODY_BYTES, MAX_RESPONSE_BYTES, NEXT_TOKEN_POINTER,
    PRODUCT_ID_POINTER,
};
pub use route::{Endpoint, Route};
pub use stream::{
    BatchReport, FailureReason, Record, RecordFailure, STREAM_RECORD_NAMESPACE,
    StreamEvent, StreamEventChange, StreamEventRecord, UnreadableRecord,
    correlation_id_of, notification_of, process_records, process_stream,
};
