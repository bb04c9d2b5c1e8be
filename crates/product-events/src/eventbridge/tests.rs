//! Tests of the EventBridge provider against a scripted client: receipts, retries,
//! backoff.

use std::future::ready;
use std::time::Duration;

use futures_util::FutureExt as _;
use proptest::prelude::*;

use super::*;
use crate::deadline::Deadline;
use crate::receipt::{Receipt, codes};
use crate::retry::{Jitter, RetryPolicy};
use crate::testing::{self, RecordingSleeper, big_event, codes_of, event, events};

type Answer = Result<Vec<PutEventsResultEntry>, ClientError>;

/// A PutEvents client that answers from a script, one step per call, and records every
/// request. Once the script is used up, every entry succeeds (or the fallback answers,
/// when one is set).
type ScriptedClient = testing::ScriptedClient<PutEventsRequest, Answer>;

impl PutEventsClient for ScriptedClient {
    fn put_events(
        &self,
        request: PutEventsRequest,
    ) -> impl Future<Output = Answer> + Send {
        ready(self.answer(request, |request| {
            Ok(request
                .entries
                .iter()
                .map(|_| PutEventsResultEntry::success(format!("id-{}", self.next_id())))
                .collect())
        }))
    }
}

fn config() -> PutEventsConfig {
    PutEventsConfig {
        event_bus_name: Some("products".to_owned()),
        trace_header: None,
        limit: PutEventsLimit::DEFAULT,
    }
}

fn provider(
    client: ScriptedClient,
) -> EventBridgeProvider<ScriptedClient, RecordingSleeper> {
    EventBridgeProvider::new(client, config(), testing::retry())
}

// ANCHOR: provider_tests
#[test]
fn when_every_entry_succeeds_each_event_gets_its_event_id() {
    let provider = provider(ScriptedClient::default());

    let receipts = provider.send(&events(3)).now_or_never().unwrap();

    let ids: Vec<Option<&str>> = receipts.iter().map(Receipt::receipt_id).collect();
    assert_eq!(ids, [Some("id-1"), Some("id-2"), Some("id-3")]);
    assert_eq!(provider.client().requests().len(), 1);
}

#[test]
fn an_entry_that_was_throttled_is_resent_alone_after_a_backoff() {
    let client = ScriptedClient::default().then(|_| {
        Ok(vec![
            PutEventsResultEntry::success("id-a"),
            PutEventsResultEntry::failure("ThrottlingException", "Rate exceeded"),
            PutEventsResultEntry::success("id-c"),
        ])
    });
    let provider = provider(client);

    let receipts = provider.send(&events(3)).now_or_never().unwrap();

    assert!(receipts.all_delivered());
    let requests = provider.client().requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].entries.len(), 1);
    assert_eq!(requests[1].entries[0], requests[0].entries[1]);
    assert_eq!(provider.retry().sleeper.slept(), [Duration::from_millis(100)]);
}
// ANCHOR_END: provider_tests

#[test]
fn a_non_retryable_entry_failure_is_a_failure_receipt_at_once() {
    let client = ScriptedClient::default().then(|_| {
        Ok(vec![
            PutEventsResultEntry::failure("MalformedDetail", "Detail is malformed."),
            PutEventsResultEntry::success("id-b"),
        ])
    });
    let provider = provider(client);

    let receipts = provider.send(&events(2)).now_or_never().unwrap();

    assert_eq!(codes_of(&receipts), [Some("MalformedDetail"), None]);
    assert_eq!(
        receipts.get(0).and_then(Receipt::failure).map(|f| f.message.as_str()),
        Some("Detail is malformed.")
    );
    assert_eq!(receipts.get(0).unwrap().correlation_id.as_ref().unwrap().as_str(), "c-0");
    assert_eq!(provider.client().requests().len(), 1);
    assert!(provider.retry().sleeper.slept().is_empty());
}

#[test]
fn a_rejected_call_fails_every_event_of_that_request_without_retry() {
    let client = ScriptedClient::default().then(|_| {
        Err(ClientError::rejected("no bus named products")
            .with_code("ResourceNotFoundException"))
    });
    let provider = provider(client);

    let receipts = provider.send(&events(2)).now_or_never().unwrap();

    assert_eq!(
        codes_of(&receipts),
        [Some("ResourceNotFoundException"), Some("ResourceNotFoundException")]
    );
    let message = &receipts.get(1).and_then(Receipt::failure).unwrap().message;
    assert!(message.contains("no bus named products"), "{message}");
    assert_eq!(provider.client().requests().len(), 1);
}

#[test]
fn a_throttled_call_is_retried_and_then_succeeds() {
    let client =
        ScriptedClient::default().then(|_| Err(ClientError::throttled("slow down")));
    let provider = provider(client);

    let receipts = provider.send(&events(2)).now_or_never().unwrap();

    assert!(receipts.all_delivered());
    assert_eq!(provider.client().requests().len(), 2);
}

#[test]
fn a_rejected_call_fails_only_its_own_request() {
    let client =
        ScriptedClient::default().then(|_| Err(ClientError::rejected("bad request")));
    let provider = provider(client);

    let receipts = provider.send(&events(12)).now_or_never().unwrap();

    assert_eq!(receipts.len(), 12);
    assert_eq!(receipts.failed_indices(), (0..10).collect::<Vec<_>>());
    assert!(receipts.get(10).unwrap().is_delivered());
}

#[test]
fn twenty_events_are_sent_in_two_requests_of_ten() {
    let provider = provider(ScriptedClient::default());

    let receipts = provider.send(&events(20)).now_or_never().unwrap();

    assert!(receipts.all_delivered());
    let sizes: Vec<usize> = provider
        .client()
        .requests()
        .iter()
        .map(|request| request.entries.len())
        .collect();
    assert_eq!(sizes, [10, 10]);
}

#[test]
fn an_oversized_event_is_never_sent_and_gets_entry_too_large() {
    let provider = provider(ScriptedClient::default());

    let receipts = provider.send(&[event(0), big_event(300_000)]).now_or_never().unwrap();

    assert_eq!(codes_of(&receipts), [None, Some(codes::ENTRY_TOO_LARGE)]);
    assert_eq!(
        receipts.get(1).unwrap().correlation_id.as_ref().unwrap().as_str(),
        "c-99"
    );
    let requests = provider.client().requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].entries.len(), 1);
}

#[test]
fn retries_stop_after_the_policy_s_attempts_and_keep_the_last_code() {
    let client = ScriptedClient::default().always(|request| {
        Ok(request
            .entries
            .iter()
            .map(|_| PutEventsResultEntry::failure("InternalFailure", "try again"))
            .collect())
    });
    let provider = provider(client);

    let receipts = provider.send(&events(2)).now_or_never().unwrap();

    assert_eq!(codes_of(&receipts), [Some("InternalFailure"), Some("InternalFailure")]);
    assert_eq!(provider.client().requests().len(), 3);
    assert_eq!(
        provider.retry().sleeper.slept(),
        [Duration::from_millis(100), Duration::from_millis(200)]
    );
    let message = &receipts.get(0).and_then(Receipt::failure).unwrap().message;
    assert!(message.contains("gave up after 3 attempts"), "{message}");
}

#[test]
fn a_throttled_call_that_never_recovers_ends_in_failure_receipts() {
    let client =
        ScriptedClient::default().always(|_| Err(ClientError::throttled("slow down")));
    let provider = provider(client);

    let receipts = provider.send(&events(2)).now_or_never().unwrap();

    assert_eq!(
        codes_of(&receipts),
        [Some(codes::CLIENT_ERROR), Some(codes::CLIENT_ERROR)]
    );
    assert_eq!(provider.client().requests().len(), 3);
}

#[test]
fn an_answer_with_too_few_results_loses_no_event() {
    let client = ScriptedClient::default()
        .then(|_| Ok(vec![PutEventsResultEntry::success("id-a")]));
    let provider = provider(client);

    let receipts = provider.send(&events(3)).now_or_never().unwrap();

    assert_eq!(
        codes_of(&receipts),
        [None, Some(codes::MISSING_RESULT), Some(codes::MISSING_RESULT)]
    );
}

#[test]
fn an_answer_with_too_many_results_gives_one_receipt_per_event() {
    let client = ScriptedClient::default().then(|_| {
        Ok(vec![
            PutEventsResultEntry::success("id-a"),
            PutEventsResultEntry::success("id-b"),
        ])
    });
    let provider = provider(client);

    let receipts = provider.send(&events(1)).now_or_never().unwrap();

    assert_eq!(receipts.len(), 1);
    assert_eq!(receipts.get(0).and_then(Receipt::receipt_id), Some("id-a"));
}

#[test]
fn sending_no_events_makes_no_call() {
    let provider = provider(ScriptedClient::default());
    let receipts = provider.send(&[]).now_or_never().unwrap();
    assert!(receipts.is_empty());
    assert!(provider.client().requests().is_empty());
}

#[test]
fn the_provider_s_future_is_send_and_a_plain_function_can_be_its_sleeper() {
    fn assert_send<T: Send>(value: T) -> T {
        value
    }
    let retry = Retry {
        policy: RetryPolicy::no_retries(),
        jitter: Jitter::fixed(1.0),
        sleeper: |_: Duration| ready(()),
        deadline: Deadline::none(),
    };
    let provider = EventBridgeProvider::new(ScriptedClient::default(), config(), retry);
    let list = events(1);
    let receipts = assert_send(provider.send(&list)).now_or_never().unwrap();
    assert!(receipts.all_delivered());
}

proptest! {
    #[test]
    fn every_event_gets_exactly_one_receipt_whatever_the_answers(
        count in 0usize..25,
        answers in prop::collection::vec(0u8..5, 0..8),
    ) {
        let mut client = ScriptedClient::default();
        for answer in answers {
            client = client.then(move |request| match answer {
                0 => Err(ClientError::throttled("slow down")),
                1 => Err(ClientError::rejected("no")),
                2 => Ok(vec![]),
                3 => Ok(request.entries.iter().map(|_| {
                    PutEventsResultEntry::failure("ThrottlingException", "slow")
                }).collect()),
                _ => Ok(request.entries.iter().map(|_| {
                    PutEventsResultEntry::failure("MalformedDetail", "bad")
                }).collect()),
            });
        }
        let provider = provider(client);

        let receipts = provider.send(&events(count)).now_or_never().unwrap();

        let indices: Vec<usize> = receipts.iter().map(|r| r.index).collect();
        prop_assert_eq!(indices, (0..count).collect::<Vec<_>>());
    }
}
