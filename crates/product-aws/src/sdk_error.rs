//! SDK errors of the event services as the event ports see them: retryable or not.
//!
//! The classification follows the SDK's own: the throttling and transient error codes of
//! `aws-runtime`, HTTP 429 and 5xx, and failures to send or to read the answer.
//! Everything else (a missing bus or topic, bad credentials, a malformed request) is
//! rejected and not retried. The SDK error itself stays the source, so a failure receipt
//! and the log show what the service said.

use aws_runtime::retries::classifiers::{THROTTLING_ERRORS, TRANSIENT_ERRORS};
use aws_sdk_eventbridge::config::http::HttpResponse;
use aws_sdk_eventbridge::error::{ProvideErrorMetadata, SdkError};
use product_events::{ClientError, ClientErrorKind};

// ANCHOR: client_error
/// The port's error for an SDK error, classified, with the service's error code when
/// there is one.
pub(crate) fn client_error<E>(error: SdkError<E, HttpResponse>) -> ClientError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let code = error.code().map(str::to_owned);
    let kind = match &error {
        SdkError::ServiceError(failure) => {
            kind_of_answer(code.as_deref(), failure.raw().status().as_u16())
        }
        SdkError::TimeoutError(_)
        | SdkError::DispatchFailure(_)
        | SdkError::ResponseError(_) => ClientErrorKind::Transient,
        // A request the SDK could not build fails the same way every time.
        _ => ClientErrorKind::Rejected,
    };
    let client_error = ClientError::new(kind, error);
    match code {
        Some(code) => client_error.with_code(code),
        None => client_error,
    }
}

/// The kind of an error the service answered with.
fn kind_of_answer(code: Option<&str>, status: u16) -> ClientErrorKind {
    match code {
        Some(code) if THROTTLING_ERRORS.contains(&code) => ClientErrorKind::Throttled,
        Some(code) if TRANSIENT_ERRORS.contains(&code) => ClientErrorKind::Transient,
        _ if status == 429 => ClientErrorKind::Throttled,
        _ if status >= 500 => ClientErrorKind::Transient,
        _ => ClientErrorKind::Rejected,
    }
}
// ANCHOR_END: client_error

#[cfg(test)]
mod tests {
    use aws_sdk_eventbridge::operation::put_events::PutEventsError;

    use super::*;

    #[test]
    fn throttling_codes_and_http_429_are_throttled() {
        assert_eq!(
            kind_of_answer(Some("ThrottlingException"), 400),
            ClientErrorKind::Throttled
        );
        assert_eq!(kind_of_answer(Some("Throttling"), 400), ClientErrorKind::Throttled);
        assert_eq!(kind_of_answer(None, 429), ClientErrorKind::Throttled);
    }

    #[test]
    fn server_errors_and_timeouts_are_transient() {
        assert_eq!(
            kind_of_answer(Some("InternalException"), 500),
            ClientErrorKind::Transient
        );
        assert_eq!(
            kind_of_answer(Some("RequestTimeout"), 400),
            ClientErrorKind::Transient
        );
        assert_eq!(kind_of_answer(None, 503), ClientErrorKind::Transient);
        let timeout: SdkError<PutEventsError, HttpResponse> =
            SdkError::timeout_error("no answer in time");
        assert!(client_error(timeout).is_retryable());
    }

    #[test]
    fn a_missing_bus_or_a_bad_request_is_rejected() {
        assert_eq!(
            kind_of_answer(Some("ResourceNotFoundException"), 400),
            ClientErrorKind::Rejected
        );
        assert_eq!(
            kind_of_answer(Some("AccessDeniedException"), 403),
            ClientErrorKind::Rejected
        );
        let unbuildable: SdkError<PutEventsError, HttpResponse> =
            SdkError::construction_failure("no entries");
        let error = client_error(unbuildable);
        assert_eq!((error.kind(), error.code()), (ClientErrorKind::Rejected, None));
    }
}
