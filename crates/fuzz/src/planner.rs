//! The PutEvents and PublishBatch planners: any events, any limit, and every event lands
//! exactly once, in a request within the limits or among the rejected, with order kept.

use product_events::{
    CorrelationId, EmitOptions, EventName, EventSource, JsonEvent, Plan, PutEventsConfig,
    PutEventsLimit, PutEventsRequestEntry, SnsConfig, build_events, codes, entry_size,
    plan_publish_batch, plan_put_events,
};
use serde::Deserialize;
use serde_json::Value;

/// The most entries in one request, for both services.
const MAX_ENTRIES: usize = 10;
/// The most bytes of one PublishBatch request (SNS's 256 KiB).
const SNS_MAX_BYTES: usize = 262_144;

/// Models to send as events, and the settings of both planners: the playground's
/// `buildEvents` request (`{"source", "eventName"?, "models", "limitBytes"?}`) with the
/// bus and trace header too.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    source: String,
    event_name: Option<String>,
    models: Vec<Value>,
    limit_bytes: Option<usize>,
    event_bus_name: Option<String>,
    trace_header: Option<String>,
}

impl Batch {
    /// The events of the models, or `None` when the source, the name or the limit is
    /// refused.
    fn events(&self) -> Option<(Vec<JsonEvent>, PutEventsLimit)> {
        let source = EventSource::parse(self.source.as_str()).ok()?;
        let name = EventName::parse(
            self.event_name.as_deref().unwrap_or("PRODUCT_CHANGE_NOTIFICATION"),
        )
        .ok()?;
        let limit = self
            .limit_bytes
            .map_or(Ok(PutEventsLimit::DEFAULT), PutEventsLimit::new)
            .ok()?;
        let created_at = "2026-01-01T00:00:00Z".parse().expect("a valid time");
        let options = EmitOptions::new(created_at, |n| {
            CorrelationId::parse(format!("c-{n}")).expect("a valid correlation id")
        })
        .event_name(name);
        let built = build_events(&source, &self.models, &options);
        let events = built
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
            .expect("a JSON model always becomes an event");
        Some((events, limit))
    }
}

/// Reads `bytes` as a [`Batch`] and, if it is one, checks its plans.
pub fn check_batch_json(bytes: &[u8]) {
    if let Ok(batch) = serde_json::from_slice::<Batch>(bytes) {
        check_batch(&batch);
    }
}

/// Plans `batch` for PutEvents and for PublishBatch and checks both plans.
pub fn check_batch(batch: &Batch) {
    let Some((events, limit)) = batch.events() else {
        return;
    };
    let config = PutEventsConfig {
        event_bus_name: batch.event_bus_name.clone(),
        trace_header: batch.trace_header.clone(),
        limit,
    };
    let plan = plan_put_events(events.iter().enumerate(), &config);
    check_plan(&plan, events.len(), |request| {
        let bytes: usize = request.entries.iter().map(entry_size).sum();
        (request.entries.len(), bytes)
    });
    for planned in &plan.requests {
        for (entry, &key) in planned.request.entries.iter().zip(&planned.keys) {
            let expected = PutEventsRequestEntry::from_event(&events[key], &config)
                .expect("an event serializes");
            assert_eq!(entry, &expected, "entry {key} is its own event's");
        }
        let bytes: usize = planned.request.entries.iter().map(entry_size).sum();
        assert!(
            bytes <= limit.bytes(),
            "a PutEvents request of {bytes} bytes is over {limit}"
        );
    }
    for (key, _) in &plan.rejected {
        let entry = PutEventsRequestEntry::from_event(&events[*key], &config)
            .expect("an event serializes");
        assert!(
            entry_size(&entry) > limit.bytes(),
            "event {key} was rejected though it fits"
        );
    }

    let config = SnsConfig {
        topic_arn: "arn:aws:sns:eu-west-1:123456789012:products".to_owned(),
        ..SnsConfig::default()
    };
    let plan = plan_publish_batch(events.iter().enumerate(), &config);
    check_plan(&plan, events.len(), |request| {
        let entries = &request.publish_batch_request_entries;
        (entries.len(), entries.iter().map(|entry| entry.message.len()).sum())
    });
    for planned in &plan.requests {
        let bytes: usize = planned
            .request
            .publish_batch_request_entries
            .iter()
            .map(|e| e.message.len())
            .sum();
        assert!(bytes <= SNS_MAX_BYTES, "a PublishBatch request of {bytes} bytes");
    }
}

/// What both plans promise: each event exactly once, requests of 1 to 10 entries with one
/// key per entry, keys in order, and only too-large events rejected. `shape` gives a
/// request's entry count and bytes.
fn check_plan<R>(plan: &Plan<R>, events: usize, shape: impl Fn(&R) -> (usize, usize)) {
    let mut seen: Vec<usize> = Vec::with_capacity(events);
    for planned in &plan.requests {
        let (entries, _) = shape(&planned.request);
        assert!((1..=MAX_ENTRIES).contains(&entries), "a request of {entries} entries");
        assert_eq!(entries, planned.keys.len(), "one key per entry");
        seen.extend(&planned.keys);
    }
    assert!(
        seen.windows(2).all(|pair| pair[0] < pair[1]),
        "requests keep the events' order"
    );
    for (key, failure) in &plan.rejected {
        assert_eq!(
            failure.code,
            codes::ENTRY_TOO_LARGE,
            "event {key}: {}",
            failure.message
        );
        seen.push(*key);
    }
    seen.sort_unstable();
    assert_eq!(seen, (0..events).collect::<Vec<_>>(), "every event exactly once");
}
