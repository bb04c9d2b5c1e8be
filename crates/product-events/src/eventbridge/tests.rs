//! Tests of the EventBridge requests, batching and provider, against a scripted client.

use std::future::ready;
use std::time::Duration;

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::receipt::codes;
use crate::retry::RecordingSleeper;
use crate::test_support::{self, big_event, block_on, codes_of, event, events};

type Answer = Result<Vec<PutEventsResultEntry>, ClientError>;

/// A PutEvents client that answers from a script, one step per call, and records every request.
/// Once the script is used up, every entry succeeds (or the fallback answers, when one is set).
type ScriptedClient = test_support::ScriptedClient<PutEventsRequest, Answer>;

impl PutEventsClient for ScriptedClient {
    fn put_events(&self, request: PutEventsRequest) -> impl Future<Output = Answer> + Send {
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
    PutEventsConfig { event_bus_name: Some("products".to_owned()), trace_header: None, limit: PutEventsLimit::DEFAULT }
}

fn provider(client: ScriptedClient) -> EventBridgeProvider<ScriptedClient, RecordingSleeper> {
    test_support::provider(client, config())
}

// ANCHOR: put_events_contract
#[test]
fn a_put_events_request_is_exactly_what_the_api_takes() {
    let config =
        PutEventsConfig { trace_header: Some("Root=1-5759e988-bd862e3fe1be46a994272793".to_owned()), ..config() };

    let plan = plan_put_events(&[event(1)], &config);

    let detail = serde_json::to_string(&event(1)).unwrap();
    assert_eq!(
        serde_json::to_value(&plan.requests[0].request).unwrap(),
        json!({"Entries": [{
            "Source": "myorg.product.product_notification",
            "DetailType": "PRODUCT_CHANGE_NOTIFICATION",
            "Detail": detail,
            "EventBusName": "products",
            "TraceHeader": "Root=1-5759e988-bd862e3fe1be46a994272793"
        }]})
    );
}
// ANCHOR_END: put_events_contract

#[test]
fn the_detail_is_the_whole_envelope() {
    let plan = plan_put_events(&[event(1)], &config());
    let detail: serde_json::Value = serde_json::from_str(&plan.requests[0].request.entries[0].detail).unwrap();
    assert_eq!(detail, serde_json::to_value(event(1)).unwrap());
}

#[test]
fn without_bus_or_trace_header_an_entry_leaves_them_out() {
    let plan = plan_put_events(&[event(1)], &PutEventsConfig::default());
    let entry = serde_json::to_value(&plan.requests[0].request.entries[0]).unwrap();
    let keys: Vec<&String> = entry.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["Detail", "DetailType", "Source"]);
}

#[test]
fn entry_size_counts_utf8_bytes_of_source_detail_type_detail_and_resources_only() {
    let entry = PutEventsRequestEntry {
        source: "src".to_owned(),
        detail_type: "TYPÉ".to_owned(),
        detail: "{}".to_owned(),
        resources: vec!["arn:1".to_owned()],
        event_bus_name: Some("a-very-long-bus-name-that-does-not-count".to_owned()),
        trace_header: Some("Root=does-not-count".to_owned()),
    };
    assert_eq!(entry_size(&entry), 3 + 5 + 2 + 5);
}

#[test]
fn a_limit_of_zero_or_above_one_mebibyte_is_rejected() {
    assert_eq!(PutEventsLimit::new(0), Err(InvalidPutEventsLimit::Zero));
    assert_eq!(
        PutEventsLimit::new(1_048_577),
        Err(InvalidPutEventsLimit::AboveMax { bytes: 1_048_577, max: 1_048_576 })
    );
    assert_eq!(PutEventsLimit::new(1_048_576).unwrap().bytes(), 1_048_576);
    assert_eq!(PutEventsLimit::default().bytes(), 262_144);
}

#[test]
fn twenty_events_make_two_requests_of_ten() {
    let plan = plan_put_events(&events(20), &config());
    let sizes: Vec<usize> = plan.requests.iter().map(|planned| planned.request.entries.len()).collect();
    assert_eq!(sizes, [10, 10]);
    assert_eq!(plan.requests[1].event_indices, (10..20).collect::<Vec<_>>());
    assert!(plan.rejected.is_empty());
}

#[test]
fn an_event_too_large_alone_is_rejected_and_the_others_still_go() {
    let list = vec![event(0), big_event(300_000), event(2)];

    let plan = plan_put_events(&list, &config());

    assert_eq!(plan.requests.len(), 1);
    assert_eq!(plan.requests[0].event_indices, [0, 2]);
    assert_eq!(plan.rejected.len(), 1);
    assert_eq!(plan.rejected[0].index, 1);
    assert_eq!(plan.rejected[0].failure().map(|f| f.code.as_str()), Some(codes::ENTRY_TOO_LARGE));
}

#[test]
fn a_larger_limit_lets_a_larger_event_through() {
    let config = PutEventsConfig { limit: PutEventsLimit::new(PutEventsLimit::MAX_BYTES).unwrap(), ..config() };
    let plan = plan_put_events(&[big_event(300_000)], &config);
    assert_eq!(plan.requests.len(), 1);
    assert!(plan.rejected.is_empty());
}

#[test]
fn requests_close_at_the_byte_limit() {
    let list = vec![big_event(100_000), big_event(100_000), big_event(100_000)];
    let plan = plan_put_events(&list, &config());
    let indices: Vec<Vec<usize>> = plan.requests.iter().map(|planned| planned.event_indices.clone()).collect();
    assert_eq!(indices, [vec![0, 1], vec![2]]);
}

#[test]
fn result_entries_read_from_the_api_json() {
    let entries: Vec<PutEventsResultEntry> = serde_json::from_value(json!([
        {"EventId": "11710aed-b79e-4468-a20b-bb3c0c3b4860"},
        {"ErrorCode": "ThrottlingException", "ErrorMessage": "Rate exceeded"}
    ]))
    .unwrap();
    assert_eq!(
        entries,
        [
            PutEventsResultEntry::success("11710aed-b79e-4468-a20b-bb3c0c3b4860"),
            PutEventsResultEntry::failure("ThrottlingException", "Rate exceeded"),
        ]
    );
}

#[test]
fn only_internal_failure_and_throttling_are_retryable_codes() {
    assert!(is_retryable_error_code("InternalFailure"));
    assert!(is_retryable_error_code("ThrottlingException"));
    assert!(!is_retryable_error_code("MalformedDetail"));
    assert!(!is_retryable_error_code("InvalidArgument"));
}

// ANCHOR: provider_tests
#[test]
fn when_every_entry_succeeds_each_event_gets_its_event_id() {
    let provider = provider(ScriptedClient::default());

    let receipts = block_on(provider.send(&events(3)));

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

    let receipts = block_on(provider.send(&events(3)));

    assert!(receipts.all_delivered());
    let requests = provider.client().requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].entries.len(), 1);
    assert_eq!(requests[1].entries[0], requests[0].entries[1]);
    assert_eq!(provider.sleeper().slept(), [Duration::from_millis(100)]);
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

    let receipts = block_on(provider.send(&events(2)));

    assert_eq!(codes_of(&receipts), [Some("MalformedDetail"), None]);
    assert_eq!(receipts.get(0).and_then(Receipt::failure).map(|f| f.message.as_str()), Some("Detail is malformed."));
    assert_eq!(receipts.get(0).unwrap().correlation_id.as_ref().unwrap().as_str(), "c-0");
    assert_eq!(provider.client().requests().len(), 1);
    assert!(provider.sleeper().slept().is_empty());
}

#[test]
fn a_rejected_call_fails_every_event_of_that_request_without_retry() {
    let client = ScriptedClient::default()
        .then(|_| Err(ClientError::rejected("no bus named products").with_code("ResourceNotFoundException")));
    let provider = provider(client);

    let receipts = block_on(provider.send(&events(2)));

    assert_eq!(codes_of(&receipts), [Some("ResourceNotFoundException"), Some("ResourceNotFoundException")]);
    let message = &receipts.get(1).and_then(Receipt::failure).unwrap().message;
    assert!(message.contains("no bus named products"), "{message}");
    assert_eq!(provider.client().requests().len(), 1);
}

#[test]
fn a_throttled_call_is_retried_and_then_succeeds() {
    let client = ScriptedClient::default().then(|_| Err(ClientError::throttled("slow down")));
    let provider = provider(client);

    let receipts = block_on(provider.send(&events(2)));

    assert!(receipts.all_delivered());
    assert_eq!(provider.client().requests().len(), 2);
}

#[test]
fn a_rejected_call_fails_only_its_own_request() {
    let client = ScriptedClient::default().then(|_| Err(ClientError::rejected("bad request")));
    let provider = provider(client);

    let receipts = block_on(provider.send(&events(12)));

    assert_eq!(receipts.len(), 12);
    assert_eq!(receipts.failed_indices(), (0..10).collect::<Vec<_>>());
    assert!(receipts.get(10).unwrap().is_delivered());
}

#[test]
fn twenty_events_are_sent_in_two_requests_of_ten() {
    let provider = provider(ScriptedClient::default());

    let receipts = block_on(provider.send(&events(20)));

    assert!(receipts.all_delivered());
    let sizes: Vec<usize> = provider.client().requests().iter().map(|request| request.entries.len()).collect();
    assert_eq!(sizes, [10, 10]);
}

#[test]
fn an_oversized_event_is_never_sent_and_gets_entry_too_large() {
    let provider = provider(ScriptedClient::default());

    let receipts = block_on(provider.send(&[event(0), big_event(300_000)]));

    assert_eq!(codes_of(&receipts), [None, Some(codes::ENTRY_TOO_LARGE)]);
    assert_eq!(receipts.get(1).unwrap().correlation_id.as_ref().unwrap().as_str(), "c-99");
    let requests = provider.client().requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].entries.len(), 1);
}

#[test]
fn retries_stop_after_the_policy_s_attempts_and_keep_the_last_code() {
    let client = ScriptedClient::default().always(|request| {
        Ok(request.entries.iter().map(|_| PutEventsResultEntry::failure("InternalFailure", "try again")).collect())
    });
    let provider = provider(client);

    let receipts = block_on(provider.send(&events(2)));

    assert_eq!(codes_of(&receipts), [Some("InternalFailure"), Some("InternalFailure")]);
    assert_eq!(provider.client().requests().len(), 3);
    assert_eq!(provider.sleeper().slept(), [Duration::from_millis(100), Duration::from_millis(200)]);
    let message = &receipts.get(0).and_then(Receipt::failure).unwrap().message;
    assert!(message.contains("gave up after 3 attempts"), "{message}");
}

#[test]
fn a_throttled_call_that_never_recovers_ends_in_failure_receipts() {
    let client = ScriptedClient::default().always(|_| Err(ClientError::throttled("slow down")));
    let provider = provider(client);

    let receipts = block_on(provider.send(&events(2)));

    assert_eq!(codes_of(&receipts), [Some(codes::CLIENT_ERROR), Some(codes::CLIENT_ERROR)]);
    assert_eq!(provider.client().requests().len(), 3);
}

#[test]
fn an_answer_with_too_few_results_loses_no_event() {
    let client = ScriptedClient::default().then(|_| Ok(vec![PutEventsResultEntry::success("id-a")]));
    let provider = provider(client);

    let receipts = block_on(provider.send(&events(3)));

    assert_eq!(codes_of(&receipts), [None, Some(codes::MISSING_RESULT), Some(codes::MISSING_RESULT)]);
}

#[test]
fn an_answer_with_too_many_results_gives_one_receipt_per_event() {
    let client = ScriptedClient::default()
        .then(|_| Ok(vec![PutEventsResultEntry::success("id-a"), PutEventsResultEntry::success("id-b")]));
    let provider = provider(client);

    let receipts = block_on(provider.send(&events(1)));

    assert_eq!(receipts.len(), 1);
    assert_eq!(receipts.get(0).and_then(Receipt::receipt_id), Some("id-a"));
}

#[test]
fn sending_no_events_makes_no_call() {
    let provider = provider(ScriptedClient::default());
    let receipts = block_on(provider.send(&[]));
    assert!(receipts.is_empty());
    assert!(provider.client().requests().is_empty());
}

#[test]
fn the_provider_s_future_is_send_and_a_plain_function_can_be_its_sleeper() {
    fn assert_send<T: Send>(value: T) -> T {
        value
    }
    let provider = EventBridgeProvider::new(ScriptedClient::default(), |_: Duration| ready(()), config());
    let list = events(1);
    let receipts = block_on(assert_send(provider.send(&list)));
    assert!(receipts.all_delivered());
}

fn sized_event(n: usize, padding: usize) -> JsonEvent {
    let mut event = event(n);
    event.data = json!({"padding": "é".repeat(padding)});
    event
}

proptest! {
    #[test]
    fn any_events_give_requests_within_count_and_byte_limits_in_order(
        paddings in prop::collection::vec(0usize..3_000, 0..40),
        limit in 1_000usize..20_000,
    ) {
        let list: Vec<JsonEvent> =
            paddings.iter().enumerate().map(|(n, &p)| sized_event(n, p)).collect();
        let config = PutEventsConfig {
            limit: PutEventsLimit::new(limit).unwrap(),
            ..config()
        };

        let plan = plan_put_events(&list, &config);

        let mut seen = Vec::new();
        for planned in &plan.requests {
            let entries = &planned.request.entries;
            prop_assert!((1..=MAX_ENTRIES_PER_REQUEST).contains(&entries.len()));
            prop_assert!(entries.iter().map(entry_size).sum::<usize>() <= limit);
            prop_assert_eq!(entries.len(), planned.event_indices.len());
            for (entry, &index) in entries.iter().zip(&planned.event_indices) {
                prop_assert_eq!(&entry.detail, &serde_json::to_string(&list[index]).unwrap());
            }
            seen.extend(&planned.event_indices);
        }
        prop_assert!(seen.windows(2).all(|w| w[0] < w[1]), "order kept");
        for receipt in &plan.rejected {
            prop_assert_eq!(receipt.failure().map(|f| f.code.as_str()), Some(codes::ENTRY_TOO_LARGE));
            let entry = PutEventsRequestEntry::from_event(&list[receipt.index], &config).unwrap();
            prop_assert!(entry_size(&entry) > limit);
            seen.push(receipt.index);
        }
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..list.len()).collect::<Vec<_>>());
    }

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

        let receipts = block_on(provider.send(&events(count)));

        let indices: Vec<usize> = receipts.iter().map(|r| r.index).collect();
        prop_assert_eq!(indices, (0..count).collect::<Vec<_>>());
    }
}
