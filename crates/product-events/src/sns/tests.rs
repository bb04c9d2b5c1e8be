//! Tests of the SNS requests, batching and provider, against a scripted client.

use std::future::ready;
use std::time::Duration;

use futures_util::FutureExt as _;
use serde_json::json;

use super::*;
use crate::receipt::Receipt;
use crate::testing::{self, RecordingSleeper, big_event, codes_of, event, events};

type Answer = Result<PublishBatchResponse, ClientError>;

const TOPIC: &str = "arn:aws:sns:eu-west-1:123456789012:products";

/// A PublishBatch client that answers from a script, one step per call, and records every
/// request. Once the script is used up, every entry is published.
type ScriptedClient = testing::ScriptedClient<PublishBatchRequest, Answer>;

impl PublishBatchClient for ScriptedClient {
    fn publish_batch(
        &self,
        request: PublishBatchRequest,
    ) -> impl Future<Output = Answer> + Send {
        ready(self.answer(request, publish_all))
    }
}

fn publish_all(request: &PublishBatchRequest) -> Answer {
    Ok(PublishBatchResponse {
        successful: request
            .publish_batch_request_entries
            .iter()
            .map(|entry| PublishBatchResultEntry {
                id: entry.id.clone(),
                message_id: format!("msg-{}", entry.id),
            })
            .collect(),
        failed: Vec::new(),
    })
}

fn fail(id: &str, code: &str, sender_fault: bool) -> BatchResultErrorEntry {
    BatchResultErrorEntry {
        id: id.to_owned(),
        code: code.to_owned(),
        message: Some("it failed".to_owned()),
        sender_fault,
    }
}

fn config() -> SnsConfig {
    SnsConfig { topic_arn: TOPIC.to_owned(), ..SnsConfig::default() }
}

fn provider(client: ScriptedClient) -> SnsProvider<ScriptedClient, RecordingSleeper> {
    SnsProvider::new(client, config(), testing::retry())
}

// ANCHOR: publish_batch_contract
#[test]
fn a_publish_batch_request_is_exactly_what_the_api_takes() {
    let plan = plan_publish_batch(events(2).iter().enumerate(), &config());

    assert_eq!(
        serde_json::to_value(&plan.requests[0].request).unwrap(),
        json!({
            "TopicArn": TOPIC,
            "PublishBatchRequestEntries": [
                {"Id": "event-0", "Message": serde_json::to_string(&event(0)).unwrap()},
                {"Id": "event-1", "Message": serde_json::to_string(&event(1)).unwrap()}
            ]
        })
    );
}
// ANCHOR_END: publish_batch_contract

#[test]
fn a_publish_batch_answer_reads_from_the_api_json() {
    let response: PublishBatchResponse = serde_json::from_value(json!({
        "Successful": [{"Id": "event-0", "MessageId": "m-1"}],
        "Failed": [{"Id": "event-1", "Code": "InternalError", "Message": "oops", "SenderFault": false}]
    }))
    .unwrap();
    assert_eq!(response.successful[0].message_id, "m-1");
    assert_eq!(
        response.failed[0],
        fail("event-1", "InternalError", false).with_message("oops")
    );
}

impl BatchResultErrorEntry {
    fn with_message(mut self, message: &str) -> Self {
        self.message = Some(message.to_owned());
        self
    }
}

#[test]
fn batches_hold_at_most_ten_entries_and_256_kib() {
    let plan = plan_publish_batch(events(23).iter().enumerate(), &config());
    let sizes: Vec<usize> = plan
        .requests
        .iter()
        .map(|planned| planned.request.publish_batch_request_entries.len())
        .collect();
    assert_eq!(sizes, [10, 10, 3]);

    let list = [big_event(100_000), big_event(100_000), big_event(100_000)];
    let plan = plan_publish_batch(list.iter().enumerate(), &config());
    let indices: Vec<Vec<usize>> =
        plan.requests.iter().map(|planned| planned.keys.clone()).collect();
    assert_eq!(indices, [vec![0, 1], vec![2]]);
}

#[test]
fn a_topic_s_raised_message_size_makes_larger_batches_and_accepts_larger_messages() {
    let raised = SnsConfig {
        limit: PublishBatchLimit::new(PublishBatchLimit::MAX_BYTES).unwrap(),
        ..config()
    };
    let list =
        [big_event(100_000), big_event(100_000), big_event(100_000), big_event(300_000)];

    let plan = plan_publish_batch(list.iter().enumerate(), &raised);

    let keys: Vec<Vec<usize>> =
        plan.requests.iter().map(|planned| planned.keys.clone()).collect();
    assert_eq!(keys, [vec![0, 1, 2, 3]]);
    assert!(plan.rejected.is_empty());
}

#[test]
fn the_sns_size_limit_is_checked_against_the_range_a_topic_accepts() {
    assert_eq!(PublishBatchLimit::default().bytes(), 262_144);
    assert_eq!(
        PublishBatchLimit::new(1_023),
        Err(crate::InvalidSizeLimit::BelowMin { bytes: 1_023, min: 1_024 })
    );
    assert_eq!(
        PublishBatchLimit::new(1_048_577),
        Err(crate::InvalidSizeLimit::AboveMax { bytes: 1_048_577, max: 1_048_576 })
    );
    assert_eq!(PublishBatchLimit::new(1_024).unwrap().bytes(), 1_024);
}

#[test]
fn entry_ids_are_unique_within_a_batch() {
    let plan = plan_publish_batch(events(10).iter().enumerate(), &config());
    let mut ids: Vec<&str> = plan.requests[0]
        .request
        .publish_batch_request_entries
        .iter()
        .map(|entry| entry.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 10);
}

#[test]
fn a_message_over_256_kib_is_rejected_without_being_sent() {
    let provider = provider(ScriptedClient::default());

    let receipts = provider.send(&[event(0), big_event(262_144)]).now_or_never().unwrap();

    assert_eq!(codes_of(&receipts), [None, Some(codes::ENTRY_TOO_LARGE)]);
    assert_eq!(provider.client().requests()[0].publish_batch_request_entries.len(), 1);
}

#[test]
fn published_entries_are_matched_to_their_events_by_id() {
    let client = ScriptedClient::default().then(|request| {
        let mut answer = publish_all(request)?;
        answer.successful.reverse();
        Ok(answer)
    });
    let provider = provider(client);

    let receipts = provider.send(&events(3)).now_or_never().unwrap();

    let ids: Vec<Option<&str>> = receipts.iter().map(Receipt::receipt_id).collect();
    assert_eq!(ids, [Some("msg-event-0"), Some("msg-event-1"), Some("msg-event-2")]);
}

// ANCHOR: sns_retry_test
#[test]
fn a_failure_that_is_not_the_sender_s_fault_is_retried() {
    let client = ScriptedClient::default().then(|request| {
        let mut answer = publish_all(request)?;
        answer.successful.retain(|entry| entry.id != "event-1");
        answer.failed.push(fail("event-1", "InternalError", false));
        Ok(answer)
    });
    let provider = provider(client);

    let receipts = provider.send(&events(3)).now_or_never().unwrap();

    assert!(receipts.all_delivered());
    let requests = provider.client().requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].publish_batch_request_entries[0].id, "event-1");
}
// ANCHOR_END: sns_retry_test

#[test]
fn a_sender_fault_is_a_failure_receipt_at_once() {
    let client = ScriptedClient::default().then(|request| {
        let mut answer = publish_all(request)?;
        answer.successful.retain(|entry| entry.id != "event-0");
        answer.failed.push(fail("event-0", "InvalidParameter", true));
        Ok(answer)
    });
    let provider = provider(client);

    let receipts = provider.send(&events(2)).now_or_never().unwrap();

    assert_eq!(codes_of(&receipts), [Some("InvalidParameter"), None]);
    assert_eq!(provider.client().requests().len(), 1);
}

#[test]
fn an_entry_the_answer_does_not_mention_is_a_failure() {
    let client = ScriptedClient::default().then(|_| Ok(PublishBatchResponse::default()));
    let provider = provider(client);

    let receipts = provider.send(&events(2)).now_or_never().unwrap();

    assert_eq!(
        codes_of(&receipts),
        [Some(codes::MISSING_RESULT), Some(codes::MISSING_RESULT)]
    );
}

#[test]
fn a_failed_call_is_retried_when_transient_and_failed_when_rejected() {
    let client = ScriptedClient::default()
        .then(|_| Err(ClientError::transient("connection reset")))
        .then(|_| Err(ClientError::rejected("no such topic").with_code("NotFound")));
    let provider = provider(client);

    let receipts = provider.send(&events(2)).now_or_never().unwrap();

    assert_eq!(codes_of(&receipts), [Some("NotFound"), Some("NotFound")]);
    assert_eq!(provider.client().requests().len(), 2);
    assert_eq!(provider.retry().sleeper.slept(), [Duration::from_millis(100)]);
}

#[test]
fn retries_of_sns_entries_are_bounded() {
    let mut client = ScriptedClient::default();
    for _ in 0..5 {
        client = client.then(|request| {
            Ok(PublishBatchResponse {
                successful: Vec::new(),
                failed: request
                    .publish_batch_request_entries
                    .iter()
                    .map(|entry| fail(&entry.id, "Throttled", false))
                    .collect(),
            })
        });
    }
    let provider = provider(client);

    let receipts = provider.send(&events(1)).now_or_never().unwrap();

    assert_eq!(codes_of(&receipts), [Some("Throttled")]);
    assert_eq!(provider.client().requests().len(), 3);
}
