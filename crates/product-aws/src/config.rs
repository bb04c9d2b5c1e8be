//! The SDK configuration of the Lambda functions, read from the process environment only,
//! with timeouts that keep every call shorter than the function that makes it.
//!
//! On Lambda the region (`AWS_REGION`) and the execution role's credentials
//! (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) are environment
//! variables, so that is the only source read here. `aws_config`'s default chain would also
//! look in profile files, at a web identity token, at the ECS and EC2 metadata endpoints,
//! and bring the STS client, the metadata clients and the profile parser into every binary,
//! which on Lambda would never answer (ADR-0031). `AWS_ENDPOINT_URL` points every client
//! at another endpoint (moto server in tests), and `AWS_ENDPOINT_URL_<SERVICE>` (such as
//! `AWS_ENDPOINT_URL_DYNAMODB`) one service only, as with the default chain.

use std::time::Duration;

use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{self, ProvideCredentials, future};
use aws_runtime::env_config::EnvConfigValue;
use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
use aws_smithy_http_client::{Builder, ConnectorBuilder};
use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
use aws_types::SdkConfig;
use aws_types::os_shim_internal::Env;
use aws_types::region::Region;
use aws_types::sdk_config::{
    RetryConfig, SharedCredentialsProvider, SharedHttpClient, TimeoutConfig,
};
use aws_types::service_config::{LoadServiceConfig, ServiceConfigKey};

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

/// The timeouts above, as the SDK takes them.
pub fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build()
}

/// The variable that points every client at another endpoint, and the prefix of the
/// variables that point one service there (`AWS_ENDPOINT_URL_DYNAMODB`).
const ENDPOINT_URL: &str = "AWS_ENDPOINT_URL";

// ANCHOR: load
/// The shared SDK configuration from the process environment, with the timeouts above.
/// Build it once per process (in a Lambda, before the handler loop) and every client from
/// it.
///
/// Nothing is read before the first call: the credentials are read from the environment
/// when a request is signed, then cached. An unset region or unset credentials make the
/// calls fail, and the error names what is missing.
pub fn from_env() -> SdkConfig {
    let env = Env::real();
    let set = |name: &str| env.get(name).ok().filter(|value| !value.is_empty());
    let mut config = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .credentials_provider(SharedCredentialsProvider::new(EnvCredentials(env.clone())))
        .retry_config(RetryConfig::standard())
        .timeout_config(timeouts())
        .http_client(https_client());
    config.set_region(
        set("AWS_REGION").or_else(|| set("AWS_DEFAULT_REGION")).map(Region::new),
    );
    config.set_endpoint_url(set(ENDPOINT_URL));
    config.service_config(EnvEndpoints(env)).build()
}
// ANCHOR_END: load

// ANCHOR: https_client
/// The HTTPS client of every SDK client: the SDK's default one (hyper 1 and rustls, with
/// the proxy settings of the environment), with rustls on *ring* rather than on aws-lc-rs.
///
/// The SDK's `default-https-client` feature builds this very client on aws-lc-rs, whose C
/// library weighs about a megabyte in each binary; *ring* offers the same TLS 1.3 and 1.2
/// cipher suites for a fraction of it. What it lacks is the post-quantum hybrid key
/// exchange (X25519MLKEM768) that aws-lc-rs prefers (ADR-0031).
pub fn https_client() -> SharedHttpClient {
    Builder::new().build_with_connector_fn(|settings, components| {
        let mut connector =
            ConnectorBuilder::default().tls_provider(Provider::Rustls(CryptoMode::Ring));
        connector.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            connector.set_sleep_impl(components.sleep_impl());
        }
        connector.set_proxy_config(Some(ProxyConfig::from_env()));
        connector.build()
    })
}
// ANCHOR_END: https_client

/// The execution role's keys, from the variables Lambda sets (`AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`): the first provider of `aws_config`'s
/// default chain, which is all of that crate a function would use. Read when a request
/// is first signed, then kept by the client's identity cache.
#[derive(Debug)]
struct EnvCredentials(Env);

impl EnvCredentials {
    fn read(&self) -> provider::Result {
        let set = |name| self.0.get(name).ok().filter(|value| !value.trim().is_empty());
        match (set("AWS_ACCESS_KEY_ID"), set("AWS_SECRET_ACCESS_KEY")) {
            (Some(key), Some(secret)) => Ok(Credentials::new(
                key,
                secret,
                set("AWS_SESSION_TOKEN"),
                None,
                "Environment",
            )),
            _ => Err(CredentialsError::not_loaded(
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set",
            )),
        }
    }
}

impl ProvideCredentials for EnvCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(self.read())
    }
}

/// What each client reads for its own service: `AWS_ENDPOINT_URL_<SERVICE>`, else
/// `AWS_ENDPOINT_URL`, as the SDK names them, from the environment only.
#[derive(Debug)]
struct EnvEndpoints(Env);

impl LoadServiceConfig for EnvEndpoints {
    fn load_config(&self, key: ServiceConfigKey<'_>) -> Option<String> {
        let (value, _source) = EnvConfigValue::new()
            .env(key.env())
            .service_id(key.service_id())
            .load(&self.0, None)?;
        Some(value.into_owned()).filter(|url| !url.is_empty())
    }
}

#[cfg(test)]
mod tests;
