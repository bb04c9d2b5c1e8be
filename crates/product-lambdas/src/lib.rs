//! The start-up code the product service's Lambda functions share, so that each `main` is
//! a line.
//!
//! A function reads its environment, builds its adapters once (on a cold start, outside
//! the handler), and hands a handler to `lambda_http` or `lambda_runtime`; the handler is
//! the very code of `product_handlers`. Nothing here decides anything about products.
//!
//! - [`serve_api`]: one route of the HTTP API, behind API Gateway's REST API (proxy
//!   events, v1).
//! - [`serve_stream`]: the stream processor, from DynamoDB Streams to EventBridge.
//! - [`logging`]: structured JSON logs, with the invocation's request id on every line.

pub mod api;
pub mod logging;
pub mod settings;
pub mod stream;

pub use api::serve_api;
pub use settings::StartError;
pub use stream::serve_stream;
