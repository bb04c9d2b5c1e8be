//! Events built and planned into PutEvents requests, for 10, 1,000 and 100,000 product
//! change notifications: the pure work the stream processor does before it sends
//! anything, per event.
//!
//! Run with `cargo bench -p product-handlers --bench events`. The Python reference does
//! the same with the talk's pydantic envelope (`model_dump_json`, chunks of 10), on the
//! same models (`side-by-side.json`), in the same `cargo xtask bench` run; the book's
//! table divides each median by its count to compare cost per event.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use product_events::{
    CorrelationId, EmitOptions, EventSource, PutEventsConfig, build_events,
    plan_put_events,
};

mod inputs;

/// The allocator of the `process-stream` binary, whose work this is (ADR-0033). With
/// glibc's, a batch of 100,000 gives its memory back when it is dropped and faults it in
/// again in the next iteration, and costs about twice per event what 1,000 do.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Above this many models one iteration takes long enough that ten samples say enough,
/// and a hundred would take minutes.
const LARGE: usize = 10_000;

fn events_built_and_planned(c: &mut Criterion) {
    let inputs = inputs::inputs().events;
    let source = EventSource::parse(&inputs.source)
        .unwrap_or_else(|e| panic!("the benchmark's source is valid: {e}"));
    // Each event's correlation id comes from its position, as the stream processor
    // derives it from its record: no random source inside the timing.
    let options = EmitOptions::new(inputs.created_at, |n| {
        CorrelationId::from(uuid::Uuid::from_u128(n as u128))
    });
    // Every entry names the bus, as the deployed function's and the Python reference's do.
    let config = PutEventsConfig {
        event_bus_name: Some(inputs.bus_name.clone()),
        ..PutEventsConfig::default()
    };
    let mut group = c.benchmark_group("events built and planned into PutEvents requests");
    for &count in &inputs.counts {
        let models = inputs.models(count);
        group.throughput(Throughput::Elements(count as u64));
        group.sample_size(if count >= LARGE { 10 } else { 100 });
        group.bench_with_input(
            BenchmarkId::from_parameter(count),
            &models,
            |b, models| {
                b.iter(|| {
                    let events: Vec<_> =
                        build_events(&source, black_box(models), &options)
                            .into_iter()
                            .filter_map(Result::ok)
                            .collect();
                    let plan = plan_put_events(events.iter().enumerate(), &config);
                    black_box(plan);
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, events_built_and_planned);
criterion_main!(benches);
