//! Tests of the PutEvents requests: exactly what the API takes, sized by AWS's formula,
//! batched within the limits.

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::limit::InvalidSizeLimit;
use crate::receipt::codes;
use crate::testing::{big_event, event, events};

fn config() -> PutEventsConfig {
    PutEventsConfig {
        event_bus_name: Some("products".to_owned()),
        trace_header: None,
        limit: PutEventsLimit::DEFAULT,
    }
}

// ANCHOR: put_events_contract
#[test]
fn a_put_events_request_is_exactly_what_the_api_takes() {
    let config = PutEventsConfig {
        trace_header: Some("Root=1-5759e988-bd862e3fe1be46a994272793".to_owned()),
        ..config()
    };

    let plan = plan_put_events([event(1)].iter().enumerate(), &config);

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
    let plan = plan_put_events([event(1)].iter().enumerate(), &config());
    let detail: serde_json::Value =
        serde_json::from_str(&plan.requests[0].request.entries[0].detail).unwrap();
    assert_eq!(detail, serde_json::to_value(event(1)).unwrap());
}

#[test]
fn without_bus_or_trace_header_an_entry_leaves_them_out() {
    let plan =
        plan_put_events([event(1)].iter().enumerate(), &PutEventsConfig::default());
    let entry = serde_json::to_value(&plan.requests[0].request.entries[0]).unwrap();
    let keys: Vec<&String> = entry.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["Detail", "DetailType", "Source"]);
}

#[test]
fn entry_size_counts_utf8_bytes_of_source_detail_type_detail_and_resources_only() {
    let entry = PutEventsRequestEntry {
        source: EventSource::parse("src").unwrap(),
        detail_type: EventName::parse("TYPÉ").unwrap(),
        detail: "{}".to_owned(),
        resources: vec!["arn:1".to_owned()],
        event_bus_name: Some("a-very-long-bus-name-that-does-not-count".into()),
        trace_header: Some("Root=does-not-count".into()),
    };
    assert_eq!(entry_size(&entry), 3 + 5 + 2 + 5);
}

#[test]
fn a_limit_of_zero_or_above_one_mebibyte_is_rejected() {
    assert_eq!(
        PutEventsLimit::new(0),
        Err(InvalidSizeLimit::BelowMin { bytes: 0, min: 1 })
    );
    assert_eq!(
        PutEventsLimit::new(1_048_577),
        Err(InvalidSizeLimit::AboveMax { bytes: 1_048_577, max: 1_048_576 })
    );
    assert_eq!(PutEventsLimit::new(1_048_576).unwrap().bytes(), 1_048_576);
    assert_eq!(PutEventsLimit::default().bytes(), 262_144);
}

#[test]
fn twenty_events_make_two_requests_of_ten() {
    let plan = plan_put_events(events(20).iter().enumerate(), &config());
    let sizes: Vec<usize> =
        plan.requests.iter().map(|planned| planned.request.entries.len()).collect();
    assert_eq!(sizes, [10, 10]);
    assert_eq!(plan.requests[1].keys, (10..20).collect::<Vec<_>>());
    assert!(plan.rejected.is_empty());
}

#[test]
fn an_event_too_large_alone_is_rejected_and_the_others_still_go() {
    let list = [event(0), big_event(300_000), event(2)];

    let plan = plan_put_events(list.iter().enumerate(), &config());

    assert_eq!(plan.requests.len(), 1);
    assert_eq!(plan.requests[0].keys, [0, 2]);
    assert_eq!(plan.rejected.len(), 1);
    let (index, failure) = &plan.rejected[0];
    assert_eq!(*index, 1);
    assert_eq!(failure.code, codes::ENTRY_TOO_LARGE);
}

#[test]
fn a_larger_limit_lets_a_larger_event_through() {
    let config = PutEventsConfig {
        limit: PutEventsLimit::new(PutEventsLimit::MAX_BYTES).unwrap(),
        ..config()
    };
    let plan = plan_put_events([big_event(300_000)].iter().enumerate(), &config);
    assert_eq!(plan.requests.len(), 1);
    assert!(plan.rejected.is_empty());
}

#[test]
fn requests_close_at_the_byte_limit() {
    let list = [big_event(100_000), big_event(100_000), big_event(100_000)];
    let plan = plan_put_events(list.iter().enumerate(), &config());
    let indices: Vec<Vec<usize>> =
        plan.requests.iter().map(|planned| planned.keys.clone()).collect();
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

fn sized_event(n: usize, padding: usize) -> JsonEvent {
    let mut event = event(n);
    event.data = json!({"padding": "é".repeat(padding)}).into();
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

        let plan = plan_put_events(list.iter().enumerate(), &config);

        let mut seen = Vec::new();
        for planned in &plan.requests {
            let entries = &planned.request.entries;
            prop_assert!((1..=MAX_ENTRIES_PER_REQUEST).contains(&entries.len()));
            prop_assert!(entries.iter().map(entry_size).sum::<usize>() <= limit);
            prop_assert_eq!(entries.len(), planned.keys.len());
            for (entry, &index) in entries.iter().zip(&planned.keys) {
                prop_assert_eq!(&entry.detail, &serde_json::to_string(&list[index]).unwrap());
            }
            seen.extend(&planned.keys);
        }
        prop_assert!(seen.windows(2).all(|w| w[0] < w[1]), "order kept");
        for (index, failure) in &plan.rejected {
            prop_assert_eq!(failure.code.as_str(), codes::ENTRY_TOO_LARGE);
            let entry = PutEventsRequestEntry::from_event(&list[*index], &config).unwrap();
            prop_assert!(entry_size(&entry) > limit);
            seen.push(*index);
        }
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..list.len()).collect::<Vec<_>>());
    }

}
