//! Module 4, solution: a fake event provider that records what it delivers and fails on
//! request, and the partial batch response that names exactly the records to retry.

use std::collections::BTreeSet;
use std::future::{Future, ready};
use std::sync::{Mutex, MutexGuard, PoisonError};

use product_domain::ProductId;
use product_events::{EventProvider, Failure, JsonEvent, Receipt, Receipts, codes};

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
        let mut state = self.state();
        state.calls += 1;
        let mut receipts = Vec::with_capacity(events.len());
        for (index, event) in events.iter().enumerate() {
            let correlation_id = Some(event.metadata.correlation_id().clone());
            let product_id =
                event.data.get("product_id").and_then(serde_json::Value::as_str);
            if product_id.is_some_and(|id| state.failing.contains(id)) {
                let failure = Failure::new(
                    codes::INJECTED_FAILURE,
                    "the test told this provider to fail it",
                );
                receipts.push(Receipt::failed(index, correlation_id, failure));
            } else {
                state.delivered.push(event.clone());
                let receipt_id = format!("flaky-{}", state.delivered.len());
                receipts.push(Receipt::delivered(index, correlation_id, receipt_id));
            }
        }
        // The work is done before the future is returned: a fake never waits, so a test
        // never sleeps.
        ready(Receipts::from_receipts(receipts))
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
    sequence_numbers
        .iter()
        .enumerate()
        .filter(|(index, _)| !receipts.get(*index).is_some_and(Receipt::is_delivered))
        .map(|(_, sequence_number)| sequence_number.clone())
        .collect()
}
