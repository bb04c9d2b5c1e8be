//! The stream processor against a faulty EventBridge, over thousands of seeded runs.
//!
//! The property: **no event is lost**. After a batch, every record either has an event
//! EventBridge took, or is named in `batchItemFailures`, so Lambda replays it; and no
//! record is counted delivered unless EventBridge took its event. Besides, every event
//! ends with exactly one receipt, no entry is sent more often than the retry policy
//! allows, and no call starts within the deadline's margin.
//!
//! The client fails whole calls (throttled, transient, rejected), fails single entries
//! with codes EventBridge retries and codes it does not, answers slowly (a fake clock, so
//! nothing waits), leaves results out and adds results that match no entry. Each run
//! draws its faults from its own seed, so a failing seed is printed and replays exactly.

use std::collections::{BTreeMap, BTreeSet};
use std::future::{Future, ready};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::FutureExt as _;
use product_events::{
    ClientError, Deadline, EventBridgeProvider, EventHandler, EventSource, Jitter,
    PutEventsClient, PutEventsConfig, PutEventsRequest, PutEventsResultEntry, Retry,
    RetryPolicy,
};
use product_handlers::process_records;
use serde_json::{Value, json};

use super::{SOURCE, batch_of, now};

/// Seeded runs per test run.
const RUNS: u64 = 3_000;
/// The invocation's time at the start of a batch, and the margin kept for the answer.
const TIME_LEFT: Duration = Duration::from_secs(30);
const MARGIN: Duration = Duration::from_secs(5);
/// The slowest answer the client gives; shorter than the margin, as the SDK's operation
/// timeout is.
const SLOWEST_CALL_MS: u64 = 4_000;

/// What the faulty client did, for the figures and the property.
#[derive(Debug, Default)]
struct Ledger {
    /// Correlation ids of the entries EventBridge took (a success result, or a result
    /// left out of an answer for an entry it did take).
    taken: BTreeSet<String>,
    /// How often each correlation id was sent.
    sent: BTreeMap<String, u32>,
    /// When each call started, in milliseconds of the fake clock.
    call_starts_ms: Vec<u64>,
    failed_calls: u64,
    failed_entries: u64,
    missing_results: u64,
    extra_results: u64,
    slow_calls: u64,
}

/// A PutEvents client whose faults come from a seeded generator.
struct FaultyClient {
    rng: Mutex<fastrand::Rng>,
    elapsed_ms: Arc<AtomicU64>,
    ledger: Mutex<Ledger>,
}

impl FaultyClient {
    fn answer(
        &self,
        request: &PutEventsRequest,
    ) -> Result<Vec<PutEventsResultEntry>, ClientError> {
        let mut rng = self.rng.lock().unwrap_or_else(PoisonError::into_inner);
        let mut ledger = self.ledger.lock().unwrap_or_else(PoisonError::into_inner);
        ledger.call_starts_ms.push(self.elapsed_ms.load(Ordering::SeqCst));
        let took_ms = if rng.u8(0..4) == 0 {
            rng.u64(1_000..=SLOWEST_CALL_MS)
        } else {
            rng.u64(5..200)
        };
        ledger.slow_calls += u64::from(took_ms >= 1_000);
        self.elapsed_ms.fetch_add(took_ms, Ordering::SeqCst);
        let ids: Vec<String> =
            request.entries.iter().map(|entry| correlation_id(&entry.detail)).collect();
        for id in &ids {
            *ledger.sent.entry(id.clone()).or_default() += 1;
        }
        if rng.u8(0..10) == 0 {
            ledger.failed_calls += 1;
            return Err(match rng.u8(0..3) {
                0 => ClientError::throttled("slow down"),
                1 => ClientError::transient("connection reset"),
                _ => ClientError::rejected("access denied")
                    .with_code("AccessDeniedException"),
            });
        }
        let mut results = Vec::with_capacity(ids.len() + 1);
        let mut left_out = false;
        for id in ids {
            let taken = rng.u8(0..4) != 0;
            if taken {
                ledger.taken.insert(id.clone());
            }
            // An answer that stops short: EventBridge may or may not have taken what it
            // left out.
            if left_out || rng.u8(0..40) == 0 {
                left_out = true;
                ledger.missing_results += 1;
                continue;
            }
            results.push(if taken {
                PutEventsResultEntry::success(format!("eb-{id}"))
            } else {
                ledger.failed_entries += 1;
                let code = [
                    "ThrottlingException",
                    "InternalFailure",
                    "MalformedDetail",
                    "InvalidArgument",
                ][rng.usize(0..4)];
                PutEventsResultEntry::failure(code, "injected")
            });
        }
        if !left_out && rng.u8(0..40) == 0 {
            ledger.extra_results += 1;
            results.push(PutEventsResultEntry::success("eb-extra"));
        }
        Ok(results)
    }
}

impl PutEventsClient for FaultyClient {
    fn put_events(
        &self,
        request: PutEventsRequest,
    ) -> impl Future<Output = Result<Vec<PutEventsResultEntry>, ClientError>> + Send {
        ready(self.answer(&request))
    }
}

fn correlation_id(detail: &str) -> String {
    let envelope: Value =
        serde_json::from_str(detail).expect("an entry's detail is the envelope");
    envelope["metadata"]["correlation_id"].as_str().expect("a correlation id").to_owned()
}

/// The figures of all runs together.
#[derive(Debug, Default)]
struct Totals {
    runs: u64,
    events: u64,
    delivered: u64,
    reported: u64,
    calls: u64,
    failed_calls: u64,
    failed_entries: u64,
    missing_results: u64,
    extra_results: u64,
    slow_calls: u64,
    lost: u64,
}

// ANCHOR: fault_property
#[test]
fn under_random_faults_every_record_is_delivered_or_reported_for_replay() {
    let policy = RetryPolicy::new(4, Duration::from_millis(100), Duration::from_secs(2))
        .expect("a valid policy");
    let mut totals = Totals::default();
    for seed in 0..RUNS {
        let mut rng = fastrand::Rng::with_seed(seed);
        let records = batch_of(rng.usize(1..=40));
        let elapsed_ms = Arc::new(AtomicU64::new(0));
        let client = FaultyClient {
            rng: Mutex::new(fastrand::Rng::with_seed(seed)),
            elapsed_ms: elapsed_ms.clone(),
            ledger: Mutex::default(),
        };
        let clock = elapsed_ms.clone();
        let slept = elapsed_ms.clone();
        let retry = Retry {
            policy,
            jitter: Jitter::fixed(1.0),
            // Waiting moves the fake clock, so a long backoff brings the deadline nearer.
            sleeper: move |wait: Duration| {
                slept.fetch_add(
                    u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    Ordering::SeqCst,
                );
                ready(())
            },
            deadline: Deadline::new(
                move || {
                    TIME_LEFT.saturating_sub(Duration::from_millis(
                        clock.load(Ordering::SeqCst),
                    ))
                },
                MARGIN,
            ),
        };
        let provider =
            EventBridgeProvider::new(client, PutEventsConfig::default(), retry);
        let handler = EventHandler::new(
            EventSource::parse(SOURCE).expect("a valid source"),
            provider,
        );

        let report = process_records(&handler, &records.records, now())
            .now_or_never()
            .expect("nothing waits");

        let ledger = handler
            .provider()
            .client()
            .ledger
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let reported: BTreeSet<String> = report
            .failures
            .iter()
            .map(|failure| failure.sequence_number.clone().unwrap_or_default())
            .collect();
        // Each record's sequence number, with the correlation id its event carries.
        let ids: BTreeMap<String, String> = records
            .records
            .iter()
            .map(|record| {
                (
                    record.change.sequence_number.clone().unwrap_or_default(),
                    product_handlers::correlation_id_of(record).as_str().to_owned(),
                )
            })
            .collect();
        // No event lost: each record's event was taken, or the record is named for
        // replay.
        let lost: Vec<&String> = ids
            .iter()
            .filter(|(sequence, id)| {
                !ledger.taken.contains(*id) && !reported.contains(*sequence)
            })
            .map(|(s, _)| s)
            .collect();
        assert!(lost.is_empty(), "seed {seed}: records {lost:?} lost");
        // No false confirmation: a record counted delivered had its event taken.
        for (sequence, id) in &ids {
            if !reported.contains(sequence) {
                assert!(
                    ledger.taken.contains(id),
                    "seed {seed}: record {sequence} confirmed but never taken"
                );
            }
        }
        // One receipt per event; retries within the policy; no call within the margin.
        assert_eq!(
            report.delivered + report.failures.len(),
            records.records.len(),
            "seed {seed}"
        );
        assert_eq!(
            reported.len(),
            report.failures.len(),
            "seed {seed}: a record reported twice"
        );
        assert!(
            ledger.sent.values().all(|&times| times <= policy.max_attempts()),
            "seed {seed}: {:?}",
            ledger.sent
        );
        let last_start = (TIME_LEFT - MARGIN).as_millis();
        assert!(
            ledger.call_starts_ms.iter().all(|&start| u128::from(start) < last_start),
            "seed {seed}"
        );
        assert!(
            elapsed_ms.load(Ordering::SeqCst) < TIME_LEFT.as_millis() as u64,
            "seed {seed}: past the deadline"
        );

        totals.runs += 1;
        totals.events += records.records.len() as u64;
        totals.delivered += report.delivered as u64;
        totals.reported += report.failures.len() as u64;
        totals.calls += ledger.call_starts_ms.len() as u64;
        totals.failed_calls += ledger.failed_calls;
        totals.failed_entries += ledger.failed_entries;
        totals.missing_results += ledger.missing_results;
        totals.extra_results += ledger.extra_results;
        totals.slow_calls += ledger.slow_calls;
        totals.lost += lost.len() as u64;
    }
    println!("{totals:?}");
    write_figures(&totals);
}
// ANCHOR_END: fault_property

/// Writes the figures for the book, when the test driver asks for them
/// (`PSR_FIGURES_DIR`).
fn write_figures(totals: &Totals) {
    let Some(dir) = std::env::var_os("PSR_FIGURES_DIR") else {
        return;
    };
    let figures = json!({
        "seeded_runs": totals.runs,
        "events": totals.events,
        "events_delivered": totals.delivered,
        "records_reported_for_replay": totals.reported,
        "putevents_calls": totals.calls,
        "calls_failed": totals.failed_calls,
        "entries_failed": totals.failed_entries,
        "results_left_out": totals.missing_results,
        "results_added": totals.extra_results,
        "slow_answers": totals.slow_calls,
        "events_lost": totals.lost,
    });
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("the figures folder can be created");
    std::fs::write(dir.join("faults.json"), format!("{figures:#}\n"))
        .expect("the figures can be written");
}
