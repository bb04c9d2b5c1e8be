//! The SDK configuration, read from the environment as every AWS tool reads it, with
//! timeouts that keep every call shorter than the function that makes it.
//!
//! Region, credentials and endpoint come from the usual sources (environment variables,
//! profile files, the Lambda execution role). `AWS_ENDPOINT_URL` points every client at
//! another endpoint (moto server in tests), and `AWS_ENDPOINT_URL_<SERVICE>` (such as
//! `AWS_ENDPOINT_URL_DYNAMODB`) one service only; the SDK applies both itself, so no code
//! here knows about test endpoints.

use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};

// ANCHOR: timeouts
/// The longest one call to a service may take, the SDK's own retries and their waits
/// included.
///
/// Without it a call waits as long as the connection stays open, and the function times
/// out with nothing said. The template's function timeouts are longer (its tests check
/// that), and the stream processor keeps this much of its invocation's time in reserve: a
/// call it starts ends before the invocation does.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(8);
/// The longest one attempt of a call may take, so that a stalled attempt leaves time for
/// another.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(4);
/// The longest the SDK waits for a connection to open: its own default, kept. A shorter
/// one makes a burst of connections to a slow endpoint fail at once, and the SDK's retry
/// quota, shared by all calls of a client, then runs out before they can be retried.
pub const CONNECT_TIMEOUT: Duration = Duration::from_millis(3_100);
// ANCHOR_END: timeouts

// ANCHOR: load
/// The shared SDK configuration from the environment, with the timeouts above. Load it
/// once per process (in a Lambda, before the handler loop) and build every client from
/// it.
pub async fn load() -> SdkConfig {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build();
    aws_config::defaults(BehaviorVersion::latest()).timeout_config(timeouts).load().await
}
// ANCHOR_END: load

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempt_fits_in_a_call_and_a_connection_in_an_attempt() {
        assert!(CONNECT_TIMEOUT < ATTEMPT_TIMEOUT);
        assert!(ATTEMPT_TIMEOUT < OPERATION_TIMEOUT);
    }
}
