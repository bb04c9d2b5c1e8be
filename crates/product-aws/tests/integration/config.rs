//! The SDK configuration reaches the endpoint the environment names.

use product_aws::testing::{Target, TestEnv};

#[tokio::test]
async fn the_sdk_configuration_takes_its_endpoint_from_the_environment() {
    let env = TestEnv::require().await;
    let config = product_aws::config::from_env();
    match env.target() {
        Target::Endpoint => {
            let expected = std::env::var("AWS_ENDPOINT_URL").unwrap();
            assert_eq!(config.endpoint_url(), Some(expected.as_str()));
        }
        Target::Aws => assert_eq!(config.endpoint_url(), None),
    }
    assert!(config.region().is_some());
}

#[tokio::test]
async fn the_sdk_configuration_bounds_every_call_and_attempt() {
    let config = product_aws::config::from_env();
    let timeouts = config.timeout_config().expect("a timeout configuration");
    assert_eq!(
        timeouts.operation_timeout(),
        Some(product_aws::config::OPERATION_TIMEOUT)
    );
    assert_eq!(
        timeouts.operation_attempt_timeout(),
        Some(product_aws::config::ATTEMPT_TIMEOUT)
    );
    assert_eq!(timeouts.connect_timeout(), Some(product_aws::config::CONNECT_TIMEOUT));
}
