//! The error an AWS client port returns when a whole call fails, classified by what a
//! sender can do about it: wait and retry, or give up.

use std::error::Error as StdError;
use std::fmt;

/// What kind of failure a [`ClientError`] is, which decides whether the call is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientErrorKind {
    /// The service asked the caller to slow down (HTTP 429, `ThrottlingException`):
    /// retried.
    Throttled,
    /// The call may succeed if made again (a timeout, a dropped connection, HTTP 5xx):
    /// retried.
    Transient,
    /// The service refused the call as made (bad credentials, a missing bus or topic, a
    /// malformed request): retrying would fail the same way.
    Rejected,
}

impl fmt::Display for ClientErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Throttled => "throttled",
            Self::Transient => "transient failure",
            Self::Rejected => "rejected",
        })
    }
}

/// A call to the event service that failed as a whole, so that none of its entries has a
/// result.
///
/// Adapters build it from their SDK's error, keeping that error as the source.
#[derive(Debug, thiserror::Error)]
#[error("the call to the event service failed ({kind})")]
pub struct ClientError {
    kind: ClientErrorKind,
    code: Option<String>,
    #[source]
    source: Box<dyn StdError + Send + Sync>,
}

impl ClientError {
    /// An error of `kind` caused by `source`.
    pub fn new(
        kind: ClientErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self { kind, code: None, source: source.into() }
    }

    /// The service asked the caller to slow down.
    pub fn throttled(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(ClientErrorKind::Throttled, source)
    }

    /// The call may succeed if made again.
    pub fn transient(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(ClientErrorKind::Transient, source)
    }

    /// The service refused the call as made.
    pub fn rejected(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(ClientErrorKind::Rejected, source)
    }

    /// The same error carrying the service's error code (such as
    /// `ResourceNotFoundException`).
    #[must_use]
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ClientErrorKind {
        self.kind
    }

    /// The service's error code, if the adapter knew it.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// Whether making the same call again may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self.kind, ClientErrorKind::Throttled | ClientErrorKind::Transient)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receipt::Failure;

    #[test]
    fn throttled_and_transient_errors_are_retryable_and_rejected_ones_are_not() {
        assert!(ClientError::throttled("slow down").is_retryable());
        assert!(ClientError::transient("timeout").is_retryable());
        assert!(!ClientError::rejected("no such bus").is_retryable());
    }

    #[test]
    fn the_report_of_a_client_error_names_its_cause() {
        let error =
            ClientError::rejected("no such bus").with_code("ResourceNotFoundException");
        let failure = Failure::from_error("ClientError", &error);
        assert_eq!(
            failure.message,
            "the call to the event service failed (rejected): no such bus"
        );
        assert_eq!(error.code(), Some("ResourceNotFoundException"));
    }
}
