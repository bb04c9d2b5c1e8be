//! The SNS client port on `aws-sdk-sns`: one PublishBatch call.
//!
//! Batching, size limits and retries are done by [`product_events::SnsProvider`]; this
//! adapter only moves a request into the SDK and the answer out of it, and builds the
//! provider (tokio's timer, random jitter).

use aws_sdk_sns::Client;
use aws_sdk_sns::types::{
    BatchResultErrorEntry as SdkFailed, PublishBatchRequestEntry as SdkEntry,
    PublishBatchResultEntry as SdkPublished,
};
use aws_types::SdkConfig;
use aws_types::sdk_config::RetryConfig;
use product_events::{
    BatchResultErrorEntry, ClientError, Deadline, PublishBatchClient,
    PublishBatchRequest, PublishBatchRequestEntry, PublishBatchResponse,
    PublishBatchResultEntry, RetryPolicy, SnsConfig, SnsProvider,
};

use crate::TokioSleeper;
use crate::sdk_error::client_error;

/// [`PublishBatchClient`] on the SDK's SNS client.
#[derive(Debug, Clone)]
pub struct SnsClient {
    client: Client,
}

impl SnsClient {
    /// A client over an SDK client as the caller configured it.
    pub fn new(client: Client) -> Self {
        Self { client }
    }

    /// A client from the shared configuration, with the SDK's own retries turned off so
    /// that the provider's retry policy alone decides (see
    /// [`crate::EventBridgeClient::from_conf`]).
    pub fn from_conf(config: &SdkConfig) -> Self {
        let config = aws_sdk_sns::config::Builder::from(config)
            .retry_config(RetryConfig::disabled())
            .build();
        Self::new(Client::from_conf(config))
    }
}

impl PublishBatchClient for SnsClient {
    async fn publish_batch(
        &self,
        request: PublishBatchRequest,
    ) -> Result<PublishBatchResponse, ClientError> {
        let entries = request
            .publish_batch_request_entries
            .into_iter()
            .map(sdk_entry)
            .collect::<Result<Vec<_>, _>>()
            .map_err(ClientError::rejected)?;
        let output = self
            .client
            .publish_batch()
            .topic_arn(request.topic_arn)
            .set_publish_batch_request_entries(Some(entries))
            .send()
            .await
            .map_err(client_error)?;
        Ok(PublishBatchResponse {
            successful: output.successful().iter().filter_map(published).collect(),
            failed: output.failed().iter().map(failed).collect(),
        })
    }
}

fn sdk_entry(
    entry: PublishBatchRequestEntry,
) -> Result<SdkEntry, aws_sdk_sns::error::BuildError> {
    SdkEntry::builder().id(entry.id).message(entry.message).build()
}

/// A published entry; one without an id cannot be matched to its event, which the
/// provider then reports as having no result.
fn published(entry: &SdkPublished) -> Option<PublishBatchResultEntry> {
    Some(PublishBatchResultEntry {
        id: entry.id()?.to_owned(),
        message_id: entry.message_id().unwrap_or_default().to_owned(),
    })
}

fn failed(entry: &SdkFailed) -> BatchResultErrorEntry {
    BatchResultErrorEntry {
        id: entry.id().to_owned(),
        code: entry.code().to_owned(),
        message: entry.message().map(str::to_owned),
        sender_fault: entry.sender_fault(),
    }
}

/// The SNS provider the service can run instead of EventBridge.
pub type AwsSnsProvider = SnsProvider<SnsClient, TokioSleeper>;

/// An [`AwsSnsProvider`] over `client` that publishes to the topic of `config` and
/// resends as `policy` allows, waiting on tokio's timer a random part of each backoff,
/// and starting no call that `deadline` does not allow.
pub fn provider(
    client: SnsClient,
    config: SnsConfig,
    policy: RetryPolicy,
    deadline: Deadline,
) -> AwsSnsProvider {
    SnsProvider::new(client, config, crate::eventbridge::retry(policy, deadline))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_keeps_its_id_and_message() {
        let sdk = sdk_entry(PublishBatchRequestEntry {
            id: "event-0".into(),
            message: "{}".into(),
        })
        .unwrap();
        assert_eq!((sdk.id(), sdk.message()), ("event-0", "{}"));
    }

    #[test]
    fn failed_entries_keep_who_was_at_fault() {
        let sdk = SdkFailed::builder()
            .id("event-1")
            .code("InternalError")
            .sender_fault(false)
            .build()
            .unwrap();
        assert_eq!(
            failed(&sdk),
            BatchResultErrorEntry {
                id: "event-1".into(),
                code: "InternalError".into(),
                message: None,
                sender_fault: false
            }
        );
    }

    #[test]
    fn a_published_entry_without_an_id_is_left_out() {
        assert_eq!(published(&SdkPublished::builder().message_id("m").build()), None);
        assert_eq!(
            published(&SdkPublished::builder().id("event-0").message_id("m").build()),
            Some(PublishBatchResultEntry {
                id: "event-0".into(),
                message_id: "m".into()
            })
        );
    }
}
