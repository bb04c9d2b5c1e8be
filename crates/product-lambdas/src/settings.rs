//! What a function reads from its environment, and why it may refuse to start.

use std::env;

use product_events::InvalidText;
use thiserror::Error;

/// The DynamoDB table of the API functions.
pub const TABLE_NAME: &str = "TABLE_NAME";
/// The EventBridge bus of the stream processor.
pub const EVENT_BUS_NAME: &str = "EVENT_BUS_NAME";
/// The `source` of the events the stream processor emits, such as `myorg.product.product_notification`.
pub const EVENT_SOURCE: &str = "EVENT_SOURCE";

/// Why a function did not start. Returned before the runtime loop begins, so Lambda reports the
/// init as failed and the message is the last line of the log.
#[derive(Debug, Error)]
pub enum StartError {
    /// A required environment variable is not set (or is empty).
    #[error("the environment variable {0} is not set; the function needs it to start")]
    MissingVariable(&'static str),
    /// `EVENT_SOURCE` is not a valid event source.
    #[error("the environment variable {EVENT_SOURCE} is not a valid event source")]
    InvalidEventSource(#[source] InvalidText),
    /// The Lambda runtime stopped with an error.
    #[error("the Lambda runtime failed")]
    Runtime(#[source] lambda_runtime::Error),
}

/// The value of the environment variable `name`, which must be set and not empty.
pub fn required(name: &'static str) -> Result<String, StartError> {
    env::var(name).ok().filter(|value| !value.is_empty()).ok_or(StartError::MissingVariable(name))
}
