//! Benchmarks of the handlers: validating a create body, a whole create through the router with the
//! in-memory store, and a batch of ten stream records through the recording provider.
//!
//! Run with `cargo bench -p product-handlers`. The create-body numbers compare with the talk's
//! pydantic model, measured by `bench_validate.py` in the reference material.

use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use http::{Method, Request};
use product_domain::{CreateProductRequest, MemoryStore, ProductService};

/// Drives a future that never waits (the in-memory store and the recording provider answer at once).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

fn create_body_validation(c: &mut Criterion) {
    let mut group = c.benchmark_group("create body validation");
    for (name, body) in [
        ("valid", r#"{"name": "Kettle", "price": 25}"#),
        ("invalid rules", r#"{"name": "", "price": 0}"#),
        ("wrong types", r#"{"name": 5, "price": "25", "colour": "red"}"#),
        ("malformed", r#"{"name": "Kettle", "price": "#),
    ] {
        group.bench_function(name, |b| b.iter(|| CreateProductRequest::parse(black_box(body.as_bytes()))));
    }
    group.finish();
}

fn create_through_the_router(c: &mut Criterion) {
    let body = r#"{"name": "Kettle", "price": 25}"#;
    c.bench_function("create through the router (new store each time)", |b| {
        b.iter_batched(
            || {
                let request = Request::builder()
                    .method(Method::PUT)
                    .uri("/api/product/3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d")
                    .body(body)
                    .expect("the request is well formed");
                (ProductService::new(MemoryStore::new()), request)
            },
            |(service, request)| block_on(product_handlers::handle_request(&service, &request)),
            BatchSize::SmallInput,
        );
    });
}

criterion_group!(benches, create_body_validation, create_through_the_router);
criterion_main!(benches);
