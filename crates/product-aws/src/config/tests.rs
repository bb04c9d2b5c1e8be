//! The functions' configuration: its timeouts, and the endpoints it reads per service.

use super::*;

#[test]
fn an_attempt_fits_in_a_call_and_a_connection_in_an_attempt() {
    assert!(CONNECT_TIMEOUT < ATTEMPT_TIMEOUT);
    assert!(ATTEMPT_TIMEOUT < OPERATION_TIMEOUT);
}

/// What a client for `service_id` reads as its endpoint from `vars`.
fn endpoint_of(service_id: &str, vars: &[(&str, &str)]) -> Option<String> {
    let key = ServiceConfigKey::builder()
        .service_id(service_id)
        .env(ENDPOINT_URL)
        .profile("endpoint_url")
        .build()
        .expect("a complete key");
    EnvEndpoints(Env::from_slice(vars)).load_config(key)
}

#[test]
fn a_services_own_endpoint_wins_over_the_shared_one() {
    let vars = [
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"),
        ("AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:6000"),
    ];
    assert_eq!(
        endpoint_of("EventBridge", &vars).as_deref(),
        Some("http://127.0.0.1:6000")
    );
    assert_eq!(endpoint_of("DynamoDB", &vars).as_deref(), Some("http://127.0.0.1:5000"));
}

#[test]
fn an_empty_or_unset_endpoint_leaves_the_services_own() {
    assert_eq!(endpoint_of("DynamoDB", &[]), None);
    assert_eq!(endpoint_of("DynamoDB", &[("AWS_ENDPOINT_URL", "")]), None);
}
