//! How long the pure parts of publishing take: writing 100 envelopes as JSON, and
//! planning the PutEvents and PublishBatch requests that carry them.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use product_events::{
    CorrelationId, EmitOptions, EventName, EventSource, JsonEvent, PutEventsConfig,
    SnsConfig, build_events, plan_publish_batch, plan_put_events,
};
use serde_json::json;

fn hundred_events() -> Vec<JsonEvent> {
    let source =
        EventSource::parse("myorg.product.product_notification").unwrap_or_else(|e| {
            panic!("the benchmark's source is valid: {e}");
        });
    let name = EventName::parse("PRODUCT_CHANGE_NOTIFICATION").unwrap_or_else(|e| {
        panic!("the benchmark's name is valid: {e}");
    });
    let models = (0..100).map(|n| {
        json!({
            "product_id": format!("3f2504e0-4f89-41d3-9a0c-0305e82c{n:04}"),
            "status": "ADDED",
            "created_at": "2026-01-01T00:00:00Z"
        })
    });
    let created_at = "2026-01-01T00:00:00Z"
        .parse()
        .unwrap_or_else(|e| panic!("the benchmark's time is valid: {e}"));
    let ids = |n: usize| CorrelationId::from(uuid::Uuid::from_u128(n as u128));
    let options = EmitOptions::new(created_at, ids).event_name(name);
    build_events(&source, models, &options).into_iter().filter_map(Result::ok).collect()
}

fn benchmarks(c: &mut Criterion) {
    let events = hundred_events();
    let put_events = PutEventsConfig::default();
    let sns = SnsConfig {
        topic_arn: "arn:aws:sns:eu-west-1:123456789012:products".to_owned(),
        ..SnsConfig::default()
    };

    // As a provider writes each entry's envelope (`Detail`, `Message`).
    c.bench_function("serialize 100 envelopes", |b| {
        b.iter(|| {
            for event in black_box(&events) {
                black_box(event.to_json());
            }
        });
    });
    c.bench_function("plan PutEvents for 100 events", |b| {
        b.iter(|| {
            plan_put_events(black_box(&events).iter().enumerate(), black_box(&put_events))
        });
    });
    c.bench_function("plan PublishBatch for 100 events", |b| {
        b.iter(|| {
            plan_publish_batch(black_box(&events).iter().enumerate(), black_box(&sns))
        });
    });
}

criterion_group!(benches, benchmarks);
criterion_main!(benches);
