//! The recording provider: a real, in-memory [`EventProvider`] that keeps what it
//! delivers, for tests and for the book's pages, and that can be told to fail chosen
//! events.

use std::fmt;
use std::future::{Future, ready};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::envelope::JsonEvent;
use crate::provider::EventProvider;
use crate::receipt::{Failure, Receipt, Receipts};
use crate::text::CorrelationId;

type Predicate = Box<dyn Fn(&JsonEvent) -> bool + Send + Sync>;

struct FailureRule {
    code: String,
    predicate: Predicate,
}

#[derive(Default)]
struct State {
    delivered: Vec<JsonEvent>,
    refused: Vec<JsonEvent>,
    rules: Vec<FailureRule>,
    fail_next: Option<(usize, String)>,
    calls: usize,
    next_receipt: u64,
}

// ANCHOR: recording_provider
/// Keeps every event it delivers, in order, and answers questions about them.
///
/// Failures are injected per event: [`fail_when`](Self::fail_when) refuses the events a
/// predicate picks, [`fail_next`](Self::fail_next) the next few events sent. A refused
/// event gets a failure receipt and is kept apart, in [`refused`](Self::refused), not
/// among the delivered ones.
#[derive(Default)]
pub struct RecordingProvider {
    state: Mutex<State>,
}

impl RecordingProvider {
    /// A provider that has recorded nothing and fails nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Refuses, from now on, every event for which `predicate` is true, with failure
    /// `code`.
    pub fn fail_when(
        &self,
        code: impl Into<String>,
        predicate: impl Fn(&JsonEvent) -> bool + Send + Sync + 'static,
    ) {
        self.state()
            .rules
            .push(FailureRule { code: code.into(), predicate: Box::new(predicate) });
    }

    /// Refuses the next `count` events sent, with failure `code`.
    pub fn fail_next(&self, count: usize, code: impl Into<String>) {
        self.state().fail_next = Some((count, code.into()));
    }

    /// How many events were delivered.
    pub fn len(&self) -> usize {
        self.state().delivered.len()
    }

    /// Whether no event was delivered.
    pub fn is_empty(&self) -> bool {
        self.state().delivered.is_empty()
    }

    /// The delivered events, in the order they were sent.
    pub fn events(&self) -> Vec<JsonEvent> {
        self.state().delivered.clone()
    }

    /// The events that were refused, in the order they were sent.
    pub fn refused(&self) -> Vec<JsonEvent> {
        self.state().refused.clone()
    }

    /// Whether a delivered event satisfies `predicate`.
    pub fn contains(&self, predicate: impl Fn(&JsonEvent) -> bool) -> bool {
        self.state().delivered.iter().any(predicate)
    }

    /// Whether an event with this correlation id was delivered.
    pub fn contains_correlation_id(&self, correlation_id: &CorrelationId) -> bool {
        self.contains(|event| event.metadata.correlation_id() == correlation_id)
    }

    /// Whether an event with exactly this data was delivered.
    pub fn contains_data(&self, data: &serde_json::Value) -> bool {
        self.contains(|event| &event.data == data)
    }

    /// How many delivered events satisfy `predicate`.
    pub fn count(&self, predicate: impl Fn(&JsonEvent) -> bool) -> usize {
        self.state().delivered.iter().filter(|event| predicate(event)).count()
    }

    /// How many times [`EventProvider::send`] was called.
    pub fn calls(&self) -> usize {
        self.state().calls
    }

    /// Forgets the recorded events and the failure rules.
    pub fn clear(&self) {
        *self.state() = State::default();
    }

    fn record(&self, events: &[JsonEvent]) -> Receipts {
        let mut state = self.state();
        state.calls += 1;
        let mut receipts = Vec::with_capacity(events.len());
        for (index, event) in events.iter().enumerate() {
            let correlation_id = Some(event.metadata.correlation_id().clone());
            match state.refusal(event) {
                Some(code) => {
                    state.refused.push(event.clone());
                    let failure =
                        Failure::new(code, "the recording provider was told to fail it");
                    receipts.push(Receipt::failed(index, correlation_id, failure));
                }
                None => {
                    state.next_receipt += 1;
                    let receipt_id = format!("recorded-{}", state.next_receipt);
                    state.delivered.push(event.clone());
                    receipts.push(Receipt::delivered(index, correlation_id, receipt_id));
                }
            }
        }
        Receipts::in_order(receipts)
    }

    // A test that panicked while holding the lock leaves consistent data behind (every
    // change is a push or a counter), so a poisoned lock is still read.
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    fn refusal(&mut self, event: &JsonEvent) -> Option<String> {
        if let Some((remaining, code)) = &mut self.fail_next
            && *remaining > 0
        {
            *remaining -= 1;
            return Some(code.clone());
        }
        self.rules
            .iter()
            .find(|rule| (rule.predicate)(event))
            .map(|rule| rule.code.clone())
    }
}

impl EventProvider for RecordingProvider {
    fn send(&self, events: &[JsonEvent]) -> impl Future<Output = Receipts> + Send {
        ready(self.record(events))
    }
}
// ANCHOR_END: recording_provider

impl fmt::Debug for RecordingProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("RecordingProvider")
            .field("delivered", &state.delivered)
            .field("refused", &state.refused)
            .field("failure_rules", &state.rules.len())
            .field("calls", &state.calls)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use futures_util::FutureExt as _;

    use super::*;
    use crate::receipt::codes;
    use crate::testing;

    /// An event of `data`; its correlation id `c-99`.
    fn event(data: serde_json::Value) -> JsonEvent {
        let mut event = testing::event(99);
        event.data = data.into();
        event
    }

    // ANCHOR: recording_test
    #[test]
    fn the_recording_provider_keeps_what_it_delivers() {
        let provider = RecordingProvider::new();
        let sent = event(json!({"product_id": "p-1"}));

        let receipts = provider.send(std::slice::from_ref(&sent)).now_or_never().unwrap();

        assert!(receipts.all_delivered());
        assert_eq!(provider.len(), 1);
        assert!(provider.contains_correlation_id(sent.metadata.correlation_id()));
        assert!(provider.contains(|e| e.data["product_id"] == "p-1"));
    }

    #[test]
    fn the_recording_provider_fails_the_events_it_is_told_to() {
        let provider = RecordingProvider::new();
        provider.fail_when(codes::INJECTED_FAILURE, |e| e.data["product_id"] == "p-2");
        let events =
            [event(json!({"product_id": "p-1"})), event(json!({"product_id": "p-2"}))];

        let receipts = provider.send(&events).now_or_never().unwrap();

        assert_eq!(receipts.failed_indices(), [1]);
        assert_eq!(provider.len(), 1);
        assert!(!provider.contains_data(&json!({"product_id": "p-2"})));
        assert_eq!(provider.refused().len(), 1);
    }
    // ANCHOR_END: recording_test

    #[test]
    fn fail_next_refuses_only_that_many_events() {
        let provider = RecordingProvider::new();
        provider.fail_next(2, "ThrottlingException");
        let events: Vec<JsonEvent> = (0..3).map(|i| event(json!({"n": i}))).collect();

        let receipts = provider.send(&events).now_or_never().unwrap();

        assert_eq!(receipts.failed_indices(), [0, 1]);
        assert_eq!(
            receipts.get(0).and_then(Receipt::failure).map(|f| f.code.as_str()),
            Some("ThrottlingException")
        );
        let again = provider.send(&events[..1]).now_or_never().unwrap();
        assert!(again.all_delivered());
        assert_eq!(provider.len(), 2);
        assert_eq!(provider.calls(), 2);
    }

    #[test]
    fn receipt_ids_of_the_recording_provider_are_distinct() {
        let provider = RecordingProvider::new();
        let events: Vec<JsonEvent> = (0..2).map(|i| event(json!({"n": i}))).collect();
        let receipts = provider.send(&events).now_or_never().unwrap();
        let ids: Vec<&str> = receipts.iter().filter_map(Receipt::receipt_id).collect();
        assert_eq!(ids, ["recorded-1", "recorded-2"]);
    }

    #[test]
    fn clear_forgets_events_and_rules() {
        let provider = RecordingProvider::new();
        provider.fail_when(codes::INJECTED_FAILURE, |_| true);
        provider.send(&[event(json!({}))]).now_or_never().unwrap();
        provider.clear();
        let receipts = provider.send(&[event(json!({}))]).now_or_never().unwrap();
        assert!(receipts.all_delivered());
        assert_eq!(provider.len(), 1);
    }
}
