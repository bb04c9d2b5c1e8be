//! Fixtures for tests against an AWS endpoint: moto server on 127.0.0.1, or AWS itself.
//!
//! Compiled only with the `testing` feature, which the integration and end-to-end suites
//! of this workspace turn on as a dev-dependency feature; no Lambda binary contains it.
//! Each fixture creates uniquely named resources and deletes them in its `delete` method;
//! [`run_then_clean_up`] calls that even when the test body panics.

mod capture;
mod definition;
mod queue;
mod table;
mod topic;

use std::error::Error;
use std::future::Future;
use std::panic;

use aws_types::SdkConfig;
use thiserror::Error;

pub use self::capture::EventCapture;
pub use self::definition::{TABLE_RESOURCE, TEMPLATE, TableDefinition};
pub use self::table::TestTable;
pub use self::topic::TopicCapture;

/// The environment variable that names the endpoint the tests run against: `moto` or
/// `aws`.
pub const ENDPOINT_VAR: &str = "PSR_AWS_ENDPOINT";
/// The environment variable with the prefix of every resource name (default `psr-test`).
pub const PREFIX_VAR: &str = "PSR_TEST_PREFIX";

/// Where the tests run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An AWS-compatible server named by `AWS_ENDPOINT_URL`, such as moto server.
    Endpoint,
    /// AWS itself, with the region and credentials of the environment.
    Aws,
}

/// Why the tests cannot run: the message says how to make them run.
#[derive(Debug, Error)]
pub enum TestEnvError {
    /// Nothing says where to run.
    #[error(
        "these tests need an AWS endpoint: run `cargo xtask test` (which starts moto server), or start \
         `moto_server -H 127.0.0.1 -p 5000` and set AWS_ENDPOINT_URL=http://127.0.0.1:5000 \
         PSR_AWS_ENDPOINT=moto AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing \
         AWS_SECRET_ACCESS_KEY=testing, or set PSR_AWS_ENDPOINT=aws to run against AWS"
    )]
    NotConfigured,
    /// `PSR_AWS_ENDPOINT=moto` without the endpoint's address.
    #[error("PSR_AWS_ENDPOINT=moto needs AWS_ENDPOINT_URL, the address of moto server")]
    MotoWithoutUrl,
    /// `PSR_AWS_ENDPOINT` has a value other than `moto` or `aws`.
    #[error("PSR_AWS_ENDPOINT must be `moto` or `aws`, not `{0}`")]
    UnknownEndpoint(String),
    /// The SDK configuration has no region.
    #[error("no AWS region is configured: set AWS_REGION")]
    NoRegion,
}

/// The SDK configuration of the tests: `aws_config`'s default chain, which also reads a
/// developer's profile (`AWS_PROFILE`) or a web identity, with the functions' timeouts. The
/// functions themselves read only their environment ([`crate::config::from_env`]).
async fn sdk_config() -> SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .timeout_config(crate::config::timeouts())
        .http_client(crate::config::https_client())
        .load()
        .await
}

/// The SDK configuration and naming of one test run.
#[derive(Debug, Clone)]
pub struct TestEnv {
    config: SdkConfig,
    target: Target,
    prefix: String,
}

impl TestEnv {
    /// Reads the environment; fails with a message that says what to set.
    pub async fn load() -> Result<Self, TestEnvError> {
        let endpoint_url =
            std::env::var("AWS_ENDPOINT_URL").ok().filter(|url| !url.is_empty());
        let target = match std::env::var(ENDPOINT_VAR).ok().as_deref() {
            Some("moto") if endpoint_url.is_some() => Target::Endpoint,
            Some("moto") => return Err(TestEnvError::MotoWithoutUrl),
            Some("aws") => Target::Aws,
            Some(other) if !other.is_empty() => {
                return Err(TestEnvError::UnknownEndpoint(other.to_owned()));
            }
            _ if endpoint_url.is_some() => Target::Endpoint,
            _ => return Err(TestEnvError::NotConfigured),
        };
        let config = sdk_config().await;
        if config.region().is_none() {
            return Err(TestEnvError::NoRegion);
        }
        let prefix = std::env::var(PREFIX_VAR)
            .ok()
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "psr-test".into());
        Ok(Self { config, target, prefix })
    }

    /// [`Self::load`], panicking with its message: the tests fail, rather than skip, when
    /// they cannot reach an endpoint.
    pub async fn require() -> Self {
        match Self::load().await {
            Ok(env) => env,
            Err(error) => panic!("{error}"),
        }
    }

    /// The SDK configuration every client of the test is built from.
    pub fn config(&self) -> &SdkConfig {
        &self.config
    }

    /// Where the tests run.
    pub fn target(&self) -> Target {
        self.target
    }

    /// A name for a resource of the test `test`, unique to this call: the prefix, the
    /// test's name cut to fit, and random digits. At most 64 characters of
    /// `[a-z0-9-]`, which every resource type the tests create accepts (EventBridge
    /// rules allow 64, SQS queues 80).
    pub fn unique_name(&self, test: &str) -> String {
        let suffix = uuid::Uuid::new_v4().simple().to_string();
        let short = suffix.get(..12).unwrap_or(&suffix);
        let room = 64usize.saturating_sub(self.prefix.len() + short.len() + 2);
        let test: String = test
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
            .take(room)
            .collect();
        format!("{}-{}-{}", self.prefix, test.trim_matches('-'), short)
    }
}

// ANCHOR: run_then_clean_up
/// Runs `body` as a task, then `clean_up`, then re-raises the body's panic if it had one:
/// the test fails as it would have, and leaves nothing behind.
pub async fn run_then_clean_up<Body, CleanUp>(body: Body, clean_up: CleanUp)
where
    Body: Future<Output = ()> + Send + 'static,
    CleanUp: Future<Output = ()>,
{
    let outcome = tokio::spawn(body).await;
    clean_up.await;
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(payload) => panic::resume_unwind(payload),
            Err(error) => panic!("the test body did not finish: {error}"),
        }
    }
}
// ANCHOR_END: run_then_clean_up

/// Why a fixture could not be set up or torn down.
#[derive(Debug, Error)]
#[error("{action} failed")]
pub struct FixtureError {
    action: String,
    #[source]
    source: Box<dyn Error + Send + Sync>,
}

impl FixtureError {
    fn new(
        action: impl Into<String>,
        source: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        Self { action: action.into(), source: source.into() }
    }

    /// A closure that wraps an SDK error with what was being done.
    fn during<E: Into<Box<dyn Error + Send + Sync>>>(
        action: impl Into<String>,
    ) -> impl FnOnce(E) -> Self {
        let action = action.into();
        move |source| Self::new(action, source)
    }
}

/// `fixture` once `set_up` has finished setting it up; if that fails, the error, after
/// `delete` has removed whatever was created.
async fn set_up_or_delete<F>(
    fixture: F,
    set_up: impl AsyncFnOnce(&F) -> Result<(), FixtureError>,
    delete: impl AsyncFnOnce(&F),
) -> Result<F, FixtureError> {
    match set_up(&fixture).await {
        Ok(()) => Ok(fixture),
        Err(error) => {
            delete(&fixture).await;
            Err(error)
        }
    }
}

/// Prints what failed during clean-up: a failure there must not hide the test's own
/// outcome.
fn report<T, E: Error + 'static>(action: &str, result: Result<T, E>) {
    if let Err(error) = result {
        eprintln!(
            "clean-up: {action} failed: {}",
            aws_sdk_sqs::error::DisplayErrorContext(error)
        );
    }
}
