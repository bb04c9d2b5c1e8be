//! The stream processor at its limits: a record Lambda delivers twice, and a deadline
//! that arrives while events are still being sent.

use std::collections::HashSet;
use std::future::{Future, ready};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::FutureExt as _;
use product_events::{
    ClientError, Deadline, EventBridgeProvider, EventHandler, EventSource, Jitter,
    JsonEvent, PutEventsClient, PutEventsConfig, PutEventsRequest, PutEventsResultEntry,
    Retry, RetryPolicy, codes,
};
use product_handlers::{STREAM_RECORD_NAMESPACE, correlation_id_of, process_records};
use uuid::Uuid;

use super::{BATCH, INSERT, SOURCE, batch_of, event, handler, now, process};

/// The correlation ids of the events the handler's recording provider holds, in order.
fn correlation_ids(events: &[JsonEvent]) -> Vec<String> {
    events
        .iter()
        .map(|event| event.metadata.correlation_id().as_str().to_owned())
        .collect()
}

#[test]
fn each_event_takes_a_correlation_id_derived_from_its_records_event_id() {
    let handler = handler();
    process(&handler, BATCH);
    let derived: Vec<String> = event(BATCH)
        .records
        .iter()
        .map(|record| {
            Uuid::new_v5(&STREAM_RECORD_NAMESPACE, record.event_id.as_bytes()).to_string()
        })
        .collect();
    assert_eq!(correlation_ids(&handler.provider().events()), derived);
    // Pinned: a new namespace would give every record replayed after a deployment a new
    // id.
    assert_eq!(derived[0], "474f0b02-56b5-5468-92f3-069a1006683a");
}

#[test]
fn a_record_without_an_event_id_is_named_by_its_sequence_number() {
    let mut record = event(INSERT).records.remove(0);
    record.event_id = String::new();
    let by_sequence =
        Uuid::new_v5(&STREAM_RECORD_NAMESPACE, b"4421584500000000017450439091");
    assert_eq!(correlation_id_of(&record).as_str(), by_sequence.to_string());
    record.change.sequence_number = None;
    assert_ne!(
        correlation_id_of(&record),
        correlation_id_of(&record),
        "without either, a new random id each time"
    );
}

// ANCHOR: replay_test
#[test]
fn a_batch_delivered_twice_yields_events_a_consumer_handles_once() {
    let (first, again) = (handler(), handler());
    process(&first, BATCH);
    process(&again, BATCH);
    let published: Vec<JsonEvent> =
        first.provider().events().into_iter().chain(again.provider().events()).collect();

    // The consumer's side: remember each correlation id, skip an event whose id was seen.
    let mut seen = HashSet::new();
    let handled: Vec<&JsonEvent> = published
        .iter()
        .filter(|event| seen.insert(event.metadata.correlation_id().as_str()))
        .collect();

    assert_eq!(published.len(), 10);
    assert_eq!(handled.len(), 5);
    assert_eq!(
        correlation_ids(&first.provider().events()),
        correlation_ids(&again.provider().events())
    );
}
// ANCHOR_END: replay_test

/// A PutEvents client that takes `per_call` of a shared clock for every call and accepts
/// every entry, remembering how many each call carried.
struct SlowClient {
    elapsed_ms: Arc<AtomicU64>,
    per_call: Duration,
    calls: Mutex<Vec<usize>>,
}

impl PutEventsClient for SlowClient {
    fn put_events(
        &self,
        request: PutEventsRequest,
    ) -> impl Future<Output = Result<Vec<PutEventsResultEntry>, ClientError>> + Send {
        let millis = u64::try_from(self.per_call.as_millis()).expect("a short call");
        self.elapsed_ms.fetch_add(millis, Ordering::SeqCst);
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(request.entries.len());
        let results = (0..request.entries.len())
            .map(|n| PutEventsResultEntry::success(format!("id-{n}")))
            .collect();
        ready(Ok(results))
    }
}

// ANCHOR: deadline_test
#[test]
fn records_whose_events_were_not_sent_before_the_deadline_are_all_reported() {
    // 25 records make three PutEvents calls of 10, 10 and 5 entries. Each call takes 2 s
    // of an invocation that has 5 s left and keeps 1 s for its answer: after two
    // calls 1 s is left, so the third call never starts.
    let elapsed_ms = Arc::new(AtomicU64::new(0));
    let client = SlowClient {
        elapsed_ms: elapsed_ms.clone(),
        per_call: Duration::from_secs(2),
        calls: Mutex::default(),
    };
    let remaining = move || {
        Duration::from_secs(5)
            .saturating_sub(Duration::from_millis(elapsed_ms.load(Ordering::SeqCst)))
    };
    let retry = Retry {
        policy: RetryPolicy::default(),
        jitter: Jitter::fixed(1.0),
        sleeper: |_: Duration| ready(()),
        deadline: Deadline::new(remaining, Duration::from_secs(1)),
    };
    let provider = EventBridgeProvider::new(client, PutEventsConfig::default(), retry);
    let handler =
        EventHandler::new(EventSource::parse(SOURCE).expect("a valid source"), provider);

    let report = process_records(&handler, &batch_of(25).records, now())
        .now_or_never()
        .expect("nothing waits");

    assert_eq!(*handler.provider().client().calls.lock().unwrap(), [10, 10]);
    assert_eq!(report.delivered, 20);
    let reported: Vec<(String, &str)> = report
        .failures
        .iter()
        .map(|failure| {
            (failure.sequence_number.clone().unwrap_or_default(), failure.reason.code())
        })
        .collect();
    let expected: Vec<(String, &str)> =
        (20..25).map(|n| ((1000 + n).to_string(), codes::DEADLINE_REACHED)).collect();
    assert_eq!(reported, expected);
    assert_eq!(report.to_response().batch_item_failures.len(), 5);
}
// ANCHOR_END: deadline_test
