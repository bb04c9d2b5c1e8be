//! The EventBridge client port on `aws-sdk-eventbridge`: one PutEvents call, entry for
//! entry.
//!
//! Batching, size limits and retries are done by [`product_events::EventBridgeProvider`];
//! this adapter only moves a request into the SDK and the answer out of it, in the same
//! order, and builds the provider the service runs (tokio's timer, random jitter).

use aws_sdk_eventbridge::Client;
use aws_sdk_eventbridge::types::{
    PutEventsRequestEntry as SdkEntry, PutEventsResultEntry as SdkResult,
};
use aws_types::SdkConfig;
use aws_types::sdk_config::RetryConfig;
use product_events::{
    ClientError, Deadline, EventBridgeProvider, Jitter, PutEventsClient, PutEventsConfig,
    PutEventsRequest, PutEventsRequestEntry, PutEventsResultEntry, Retry, RetryPolicy,
};

use crate::TokioSleeper;
use crate::sdk_error::client_error;

/// The error code of a result entry that has neither an event id nor an error code.
pub const NO_EVENT_ID: &str = "NoEventId";

/// [`PutEventsClient`] on the SDK's EventBridge client.
#[derive(Debug, Clone)]
pub struct EventBridgeClient {
    client: Client,
}

impl EventBridgeClient {
    /// A client over an SDK client as the caller configured it.
    pub fn new(client: Client) -> Self {
        Self { client }
    }

    /// A client from the shared configuration, with the SDK's own retries turned off: the
    /// provider's retry policy is the one place that decides how often a call is
    /// repeated, and it also resends single entries, which the SDK cannot see.
    pub fn from_conf(config: &SdkConfig) -> Self {
        let config = aws_sdk_eventbridge::config::Builder::from(config)
            .retry_config(RetryConfig::disabled())
            .build();
        Self::new(Client::from_conf(config))
    }
}

// ANCHOR: put_events
impl PutEventsClient for EventBridgeClient {
    async fn put_events(
        &self,
        request: PutEventsRequest,
    ) -> Result<Vec<PutEventsResultEntry>, ClientError> {
        let entries = request.entries.into_iter().map(sdk_entry).collect();
        let output = self
            .client
            .put_events()
            .set_entries(Some(entries))
            .send()
            .await
            .map_err(client_error)?;
        Ok(output.entries().iter().map(result_entry).collect())
    }
}

fn sdk_entry(entry: PutEventsRequestEntry) -> SdkEntry {
    let PutEventsRequestEntry {
        source,
        detail_type,
        detail,
        resources,
        event_bus_name,
        trace_header,
    } = entry;
    SdkEntry::builder()
        .source(source)
        .detail_type(detail_type)
        .detail(detail)
        .set_resources((!resources.is_empty()).then_some(resources))
        .set_event_bus_name(event_bus_name.as_deref().map(str::to_owned))
        .set_trace_header(trace_header.as_deref().map(str::to_owned))
        .build()
}

fn result_entry(result: &SdkResult) -> PutEventsResultEntry {
    match (result.error_code(), result.event_id()) {
        (Some(code), _) => PutEventsResultEntry::failure(
            code,
            result.error_message().unwrap_or_default(),
        ),
        (None, Some(event_id)) => PutEventsResultEntry::success(event_id),
        (None, None) => PutEventsResultEntry::failure(
            NO_EVENT_ID,
            "EventBridge returned neither an id nor an error",
        ),
    }
}
// ANCHOR_END: put_events

/// The EventBridge provider the service runs: the SDK client and tokio's timer.
pub type AwsEventBridgeProvider = EventBridgeProvider<EventBridgeClient, TokioSleeper>;

/// An [`AwsEventBridgeProvider`] over `client` that puts events as `config` says and
/// resends as `policy` allows, waiting on tokio's timer a random part of each backoff,
/// and starting no call that `deadline` does not allow.
pub fn provider(
    client: EventBridgeClient,
    config: PutEventsConfig,
    policy: RetryPolicy,
    deadline: Deadline,
) -> AwsEventBridgeProvider {
    EventBridgeProvider::new(client, config, retry(policy, deadline))
}

/// Retries as the service runs them: `policy`, random jitter, tokio's timer, and
/// `deadline`.
pub(crate) fn retry(policy: RetryPolicy, deadline: Deadline) -> Retry<TokioSleeper> {
    Retry {
        policy,
        jitter: Jitter::from_fn(fastrand::f64),
        sleeper: TokioSleeper,
        deadline,
    }
}

#[cfg(test)]
mod tests {
    use product_events::{EventName, EventSource};

    use super::*;

    #[test]
    fn the_random_jitter_stays_between_zero_and_one() {
        let retry = retry(RetryPolicy::default(), Deadline::none());
        for _ in 0..1000 {
            let value = retry.jitter.sample();
            assert!((0.0..1.0).contains(&value), "{value}");
        }
    }

    #[test]
    fn every_field_of_an_entry_reaches_the_sdk() {
        let entry = PutEventsRequestEntry {
            source: EventSource::parse("myorg.product").unwrap(),
            detail_type: EventName::parse("PRODUCT_CHANGE_NOTIFICATION").unwrap(),
            detail: r#"{"data":{}}"#.into(),
            resources: vec![
                "arn:aws:dynamodb:us-east-1:123456789012:table/products".into(),
            ],
            event_bus_name: Some("products".into()),
            trace_header: Some("Root=1-5759e988-bd862e3fe1be46a994272793".into()),
        };
        let sdk = sdk_entry(entry);
        assert_eq!(sdk.source(), Some("myorg.product"));
        assert_eq!(sdk.detail_type(), Some("PRODUCT_CHANGE_NOTIFICATION"));
        assert_eq!(sdk.detail(), Some(r#"{"data":{}}"#));
        assert_eq!(
            sdk.resources(),
            ["arn:aws:dynamodb:us-east-1:123456789012:table/products"]
        );
        assert_eq!(sdk.event_bus_name(), Some("products"));
        assert_eq!(sdk.trace_header(), Some("Root=1-5759e988-bd862e3fe1be46a994272793"));
        assert_eq!(sdk.time(), None);
    }

    #[test]
    fn an_entry_without_bus_resources_or_trace_leaves_them_unset() {
        let entry = PutEventsRequestEntry {
            source: EventSource::parse("s").unwrap(),
            detail_type: EventName::parse("d").unwrap(),
            detail: "{}".into(),
            resources: vec![],
            event_bus_name: None,
            trace_header: None,
        };
        let sdk = sdk_entry(entry);
        assert_eq!(
            (sdk.resources().is_empty(), sdk.event_bus_name(), sdk.trace_header()),
            (true, None, None)
        );
    }

    #[test]
    fn result_entries_become_successes_or_failures() {
        let ok = SdkResult::builder().event_id("e-1").build();
        let throttled = SdkResult::builder()
            .error_code("ThrottlingException")
            .error_message("Rate exceeded")
            .build();
        let empty = SdkResult::builder().build();
        assert_eq!(result_entry(&ok), PutEventsResultEntry::success("e-1"));
        assert_eq!(
            result_entry(&throttled),
            PutEventsResultEntry::failure("ThrottlingException", "Rate exceeded")
        );
        assert!(
            matches!(result_entry(&empty), PutEventsResultEntry::Failure { error_code, .. } if error_code == NO_EVENT_ID)
        );
    }
}
