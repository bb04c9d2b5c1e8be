//! The invariants the `planner` fuzz target checks (`crates/fuzz`), as properties: for
//! any models and any limit, both planners put every event exactly once, in a request of
//! 1 to 10 entries within the byte limit, in order, or among the rejected as too large.

use jiff::Timestamp;
use product_events::{
    CorrelationId, EmitOptions, EventSource, JsonEvent, Plan, PutEventsConfig,
    PutEventsLimit, PutEventsRequestEntry, SnsConfig, build_events, codes, entry_size,
    plan_publish_batch, plan_put_events,
};
use proptest::prelude::*;
use serde_json::{Value, json};

/// SNS's limit on one PublishBatch request, in bytes.
const SNS_MAX_BYTES: usize = 262_144;

/// A model whose JSON has escapes, characters of 1 to 4 UTF-8 bytes, and any length up to
/// a few KiB.
fn model() -> impl Strategy<Value = Value> {
    (any::<String>(), "[\\x00-\\x1f\"\\\\é☕😀x]{0,40}", 0_usize..4_000)
        .prop_map(|(text, escapes, padding)| json!({"text": text, "escapes": escapes, "padding": "é".repeat(padding)}))
}

fn events(models: &[Value]) -> Vec<JsonEvent> {
    let created_at: Timestamp = "2026-01-01T00:00:00Z".parse().expect("a valid time");
    let options = EmitOptions::new(created_at, |n| {
        CorrelationId::parse(format!("c-{n}")).expect("a valid id")
    });
    let source = EventSource::parse("test.source").expect("a valid source");
    build_events(&source, models, &options)
        .into_iter()
        .map(|built| built.expect("JSON becomes an event"))
        .collect()
}

/// Each event once, in order; requests of 1 to 10 entries, one key each, and `bytes`
/// within `limit`; only events too large alone rejected.
fn check_plan<R>(
    plan: &Plan<R>,
    count: usize,
    entries: impl Fn(&R) -> Vec<usize>,
    limit: usize,
) -> Result<(), TestCaseError> {
    let mut seen = Vec::new();
    for planned in &plan.requests {
        let sizes = entries(&planned.request);
        prop_assert!((1..=10).contains(&sizes.len()));
        prop_assert_eq!(sizes.len(), planned.keys.len());
        prop_assert!(sizes.iter().sum::<usize>() <= limit);
        seen.extend(&planned.keys);
    }
    prop_assert!(seen.windows(2).all(|pair| pair[0] < pair[1]), "order kept");
    for (key, failure) in &plan.rejected {
        prop_assert_eq!(failure.code.as_str(), codes::ENTRY_TOO_LARGE);
        seen.push(*key);
    }
    seen.sort_unstable();
    prop_assert_eq!(seen, (0..count).collect::<Vec<_>>());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn both_planners_keep_every_event_exactly_once_and_every_request_within_its_limits(
        models in prop::collection::vec(model(), 0..30),
        limit in 1_usize..=PutEventsLimit::MAX_BYTES,
    ) {
        let events = events(&models);
        let config = PutEventsConfig { limit: PutEventsLimit::new(limit).expect("1 to 1 MiB"), ..Default::default() };
        let plan = plan_put_events(events.iter().enumerate(), &config);
        check_plan(&plan, events.len(), |request| request.entries.iter().map(entry_size).collect(), limit)?;
        for (key, _) in &plan.rejected {
            let entry = PutEventsRequestEntry::from_event(&events[*key], &config).expect("an event serializes");
            prop_assert!(entry_size(&entry) > limit);
        }

        let plan = plan_publish_batch(events.iter().enumerate(), &SnsConfig::default());
        let sizes = |request: &product_events::PublishBatchRequest| {
            request.publish_batch_request_entries.iter().map(|entry| entry.message.len()).collect()
        };
        check_plan(&plan, events.len(), sizes, SNS_MAX_BYTES)?;
    }
}
