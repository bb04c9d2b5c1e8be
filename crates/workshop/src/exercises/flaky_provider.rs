//! Module 4, exercise: a fake event provider that records what it delivers and fails on
//! request, and the partial batch response that names exactly the records to retry.
//!
//! Your task: finish [`FlakyProvider`]'s `send`, which must return one receipt per event,
//! in order (delivered, and recorded, unless the event's `product_id` is one it was told
//! to fail), and [`batch_item_failures`], which picks the stream records whose events
//! were not delivered. The tests plug your fake into the real `EventHandler` of
//! `product-events`.
//!
//! Run `cargo test -p workshop --test flaky_provider` until every test passes.

use std::collections::BTreeSet;
use std::future::{Future, ready};
use std::sync::{Mutex, MutexGuard, PoisonError};

use product_domain::ProductId;
use product_events::{EventProvider, JsonEvent, Receipts};

#[derive(Debug, Default)]
struct State {
    delivered: Vec<JsonEvent>,
    failing: BTreeSet<String>,
    calls: usize,
}

/// An [`EventProvider`] for tests: it keeps every event it delivers, and refuses the
/// events of the products it was told to fail, as EventBridge refuses single entries of a
/// batch.
#[derive(Debug, Default)]
pub struct FlakyProvider {
    state: Mutex<State>,
}

impl FlakyProvider {
    /// A provider that delivers everything.
    pub fn new() -> Self {
        Self::default()
    }

    /// Refuses, from now on, every event whose data has this `product_id`.
    pub fn fail_product(&self, product_id: ProductId) {
        self.state().failing.insert(product_id.to_string());
    }

    /// The delivered events, in the order they were sent.
    pub fn delivered(&self) -> Vec<JsonEvent> {
        self.state().delivered.clone()
    }

    /// How many times [`EventProvider::send`] was called.
    pub fn calls(&self) -> usize {
        self.state().calls
    }

    // A test that panicked while holding the lock leaves whole pushes behind, so the data
    // is still worth reading.
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl EventProvider for FlakyProvider {
    fn send(&self, events: &[JsonEvent]) -> impl Future<Output = Receipts> + Send {
        // EXERCISE: this loses every event: no receipt, no record, no call counted. Count
        // the call, then for each event (at `index`) push `Receipt::failed(index,
        // correlation_id, failure)` when `event.data["product_id"]` is in
        // `state.failing` (use `Failure::new` and
        // `product_events::codes::INJECTED_FAILURE`), or else record the event and push
        // `Receipt::delivered(index, correlation_id, receipt_id)`. The correlation id is
        // `Some(event.metadata.correlation_id().clone())`. Return
        // `ready(Receipts::from_receipts(..))`.
        let _ = events;
        ready(Receipts::default())
    }
}

/// The sequence numbers of the stream records to retry: record `i` was sent as event `i`,
/// and is retried unless receipt `i` says its event was delivered.
///
/// A record without a receipt is retried too: reporting it as done would lose its event
/// for good, while retrying it costs at most a duplicate, which consumers of
/// at-least-once delivery expect.
pub fn batch_item_failures(
    sequence_numbers: &[String],
    receipts: &Receipts,
) -> Vec<String> {
    // EXERCISE: this reports every record as done, so a failed event is never retried.
    // Keep the sequence numbers whose receipt (`receipts.get(index)`) is missing or
    // not delivered.
    let _ = (sequence_numbers, receipts);
    Vec::new()
}
