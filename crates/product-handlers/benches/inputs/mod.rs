//! The inputs every bench of this crate shares, so that criterion's times, callgrind's
//! instruction counts and the Python reference (`crates/xtask/python-reference`) describe
//! the same work: the create bodies and event models of `benches/side-by-side.json`,
//! which both sides of a ratio in the book's table read, and a stream batch of ten
//! records.
//!
//! Included by each bench target as its `inputs` module; a folder with `mod.rs`, so that
//! cargo does not take it for a bench target.

#![allow(dead_code, reason = "each bench target uses its own part of the inputs")]

use http::{Method, Request};
use jiff::Timestamp;
use product_domain::{
    MemoryStore, ProductChangeNotification, ProductChangeStatus, ProductId,
    ProductService,
};
use product_handlers::aws_lambda_events::event::dynamodb::Event;
use serde::Deserialize;
use serde_json::Value;

/// What `side-by-side.json` holds.
#[derive(Deserialize)]
pub(crate) struct Inputs {
    /// The fixed mix of create bodies, valid and invalid, in the order both sides run them.
    pub create_bodies: Vec<String>,
    /// How the models of the events runs are made.
    pub events: EventInputs,
}

/// The models turned into events and PutEvents requests.
#[derive(Deserialize)]
pub(crate) struct EventInputs {
    /// The event source of every event.
    pub source: String,
    /// The bus every PutEvents entry names, as the deployed stream processor's do.
    pub bus_name: String,
    /// Every model's `created_at`.
    pub created_at: Timestamp,
    /// Model `n` has the status `statuses[n % statuses.len()]`.
    pub statuses: Vec<ProductChangeStatus>,
    /// How many models each run turns into events.
    pub counts: Vec<usize>,
}

/// The shared inputs; a broken file stops the benchmark at once.
pub(crate) fn inputs() -> Inputs {
    serde_json::from_str(include_str!("../side-by-side.json"))
        .unwrap_or_else(|e| panic!("benches/side-by-side.json is not the inputs: {e}"))
}

impl EventInputs {
    /// `count` notifications, model `n` with the product id whose 128-bit value is `n`
    /// (the Python side writes it as `uuid.UUID(int=n)`).
    pub(crate) fn models(&self, count: usize) -> Vec<ProductChangeNotification> {
        (0..count)
            .map(|n| ProductChangeNotification {
                product_id: ProductId::parse(
                    &uuid::Uuid::from_u128(n as u128).to_string(),
                )
                .unwrap_or_else(|e| panic!("a UUID is a product id: {e}")),
                status: self.statuses[n % self.statuses.len()],
                created_at: self.created_at,
            })
            .collect()
    }
}

/// Ten stream records: the five of the batch fixture, twice, with sequence numbers of
/// their own.
pub(crate) fn ten_records() -> Event {
    let mut batch: Value =
        serde_json::from_str(include_str!("../../tests/fixtures/batch.json"))
            .expect("the fixture is JSON");
    let records = batch["Records"].as_array().cloned().unwrap_or_default();
    let ten: Vec<Value> = records
        .iter()
        .chain(&records)
        .enumerate()
        .map(|(n, record)| {
            let mut record = record.clone();
            record["dynamodb"]["SequenceNumber"] =
                Value::from(format!("44215845000000000174504391{n:02}"));
            record
        })
        .collect();
    batch["Records"] = Value::from(ten);
    serde_json::from_value(batch).expect("the fixture is a stream event")
}

/// A create (`PUT` of a new product) and the empty in-memory store it goes to.
pub(crate) fn create_in_empty_store()
-> (ProductService<MemoryStore>, Request<&'static str>) {
    let request = Request::builder()
        .method(Method::PUT)
        .uri("/api/product/3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d")
        .body(r#"{"name": "Kettle", "price": 25}"#)
        .expect("the request is well formed");
    (ProductService::new(MemoryStore::new()), request)
}
