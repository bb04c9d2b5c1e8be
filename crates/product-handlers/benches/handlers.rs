//! Benchmarks of the handlers: validating a create body, a whole create through the
//! router with the in-memory store, and a batch of ten stream records through the
//! recording provider.
//!
//! Run with `cargo bench -p product-handlers --bench handlers`. The reference mix compares
//! with the talk's pydantic model, which `cargo xtask bench` runs on the same bodies
//! (`side-by-side.json`) in the same run.

mod inputs;

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use futures_util::FutureExt as _;
use product_domain::CreateProductRequest;
use product_events::{EventHandler, EventSource, RecordingProvider};

use crate::inputs::{create_in_empty_store, ten_records};

// The in-memory store and the recording provider answer at once, so every future here
// completes on its first poll: `now_or_never` is the whole executor.
const NEVER_WAITS: &str = "the in-memory adapters never wait";

fn create_body_validation(c: &mut Criterion) {
    let mut group = c.benchmark_group("create body validation");
    for (name, body) in [
        ("valid", r#"{"name": "Kettle", "price": 25}"#),
        ("invalid rules", r#"{"name": "", "price": 0}"#),
        ("wrong types", r#"{"name": 5, "price": "25", "colour": "red"}"#),
        ("malformed", r#"{"name": "Kettle", "price": "#),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| CreateProductRequest::parse(black_box(body.as_bytes())))
        });
    }
    group.finish();
}

/// The fixed mix of `side-by-side.json` (eight bodies, five of them invalid), in its
/// order: the Python reference validates the same bodies with the talk's pydantic model,
/// so bodies per second compare side by side.
fn reference_mix(c: &mut Criterion) {
    let bodies = inputs::inputs().create_bodies;
    let mut group = c.benchmark_group("create body validation");
    group.throughput(criterion::Throughput::Elements(bodies.len() as u64));
    group.bench_function(format!("reference mix of {}", bodies.len()), |b| {
        b.iter(|| {
            bodies
                .iter()
                .filter(|body| {
                    CreateProductRequest::parse(black_box(body.as_bytes())).is_ok()
                })
                .count()
        })
    });
    group.finish();
}

fn create_through_the_router(c: &mut Criterion) {
    let mut group = c.benchmark_group("create through the router");
    // One request per iteration: the table's per-second column counts requests.
    group.throughput(criterion::Throughput::Elements(1));
    group.bench_function("new store each time", |b| {
        b.iter_batched(
            create_in_empty_store,
            |(service, request)| {
                product_handlers::handle_request(&service, &request)
                    .now_or_never()
                    .expect(NEVER_WAITS)
            },
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

fn stream_batch(c: &mut Criterion) {
    let event = ten_records();
    assert_eq!(event.records.len(), 10);
    let now = "2026-02-01T12:00:00Z".parse().expect("a valid time");
    let source =
        EventSource::parse("myorg.product.product_notification").expect("a valid source");
    let mut group = c.benchmark_group("stream batch of 10 records");
    // The table's per-second column counts records, ten per batch.
    group.throughput(criterion::Throughput::Elements(event.records.len() as u64));
    group.bench_function("recording provider", |b| {
        b.iter_batched(
            || EventHandler::new(source.clone(), RecordingProvider::new()),
            |handler| {
                product_handlers::process_stream(&handler, black_box(&event), now)
                    .now_or_never()
                    .expect(NEVER_WAITS)
            },
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

criterion_group!(
    benches,
    create_body_validation,
    reference_mix,
    create_through_the_router,
    stream_batch
);
criterion_main!(benches);
