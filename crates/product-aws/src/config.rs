//! The SDK configuration, read from the environment as every AWS tool reads it.
//!
//! Region, credentials and endpoint come from the usual sources (environment variables, profile
//! files, the Lambda execution role). `AWS_ENDPOINT_URL` points every client at another endpoint
//! (moto server in tests), and `AWS_ENDPOINT_URL_<SERVICE>` (such as `AWS_ENDPOINT_URL_DYNAMODB`)
//! one service only; the SDK applies both itself, so no code here knows about test endpoints.

use aws_config::{BehaviorVersion, SdkConfig};

// ANCHOR: load
/// The shared SDK configuration from the environment. Load it once per process (in a Lambda, before
/// the handler loop) and build every client from it.
pub async fn load() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest()).load().await
}
// ANCHOR_END: load
