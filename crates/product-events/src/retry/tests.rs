//! Tests of the retry policy, the jitter and the sleeper port.

use futures_util::FutureExt as _;

use super::*;
use crate::testing::RecordingSleeper;

fn policy() -> RetryPolicy {
    RetryPolicy::new(5, Duration::from_millis(100), Duration::from_millis(500)).unwrap()
}

// ANCHOR: retry_test
#[test]
fn the_backoff_doubles_up_to_the_maximum_delay() {
    let delays: Vec<Duration> = (1..=5).map(|n| policy().delay(n, 1.0)).collect();
    assert_eq!(delays, [100, 200, 400, 500, 500].map(Duration::from_millis));
}

#[test]
fn a_retryable_failure_is_retried_until_the_attempts_run_out() {
    let policy = policy();
    assert_eq!(
        policy.decide(1, true, 1.0),
        RetryDecision::RetryAfter(Duration::from_millis(100))
    );
    assert_eq!(policy.decide(5, true, 1.0), RetryDecision::GiveUp);
    assert_eq!(policy.decide(1, false, 1.0), RetryDecision::GiveUp);
}
// ANCHOR_END: retry_test

#[test]
fn jitter_takes_a_part_of_the_backoff_and_is_clamped() {
    assert_eq!(policy().delay(2, 0.5), Duration::from_millis(100));
    assert_eq!(policy().delay(2, 0.0), Duration::ZERO);
    assert_eq!(policy().delay(2, 7.0), Duration::from_millis(200));
    assert_eq!(policy().delay(2, -1.0), Duration::ZERO);
    assert_eq!(policy().delay(2, f64::NAN), Duration::from_millis(200));
}

#[test]
fn a_huge_attempt_count_does_not_overflow_the_delay() {
    assert_eq!(policy().delay(u32::MAX, 1.0), Duration::from_millis(500));
    let slow = RetryPolicy::new(3, Duration::MAX, Duration::MAX).unwrap();
    assert_eq!(slow.delay(40, 1.0), Duration::MAX);
}

#[test]
fn a_policy_without_attempts_or_with_base_above_max_is_rejected() {
    assert_eq!(
        RetryPolicy::new(0, Duration::ZERO, Duration::ZERO),
        Err(InvalidRetryPolicy::NoAttempts)
    );
    assert!(matches!(
        RetryPolicy::new(2, Duration::from_secs(2), Duration::from_secs(1)),
        Err(InvalidRetryPolicy::BaseAboveMax { .. })
    ));
}

#[test]
fn no_retries_gives_up_after_the_first_attempt() {
    assert_eq!(RetryPolicy::no_retries().decide(1, true, 1.0), RetryDecision::GiveUp);
}

#[test]
fn jitter_from_a_function_samples_it_each_time() {
    let next = std::sync::atomic::AtomicU32::new(0);
    let jitter = Jitter::from_fn(move || {
        f64::from(next.fetch_add(1, std::sync::atomic::Ordering::SeqCst)) / 4.0
    });
    assert_eq!([jitter.sample(), jitter.sample(), jitter.sample()], [0.0, 0.25, 0.5]);
    assert_eq!(Jitter::fixed(0.75).sample(), 0.75);
}

#[test]
fn the_recording_sleeper_remembers_delays_without_waiting() {
    let sleeper = RecordingSleeper::new();
    assert_eq!(sleeper.sleep(Duration::from_secs(3600)).now_or_never(), Some(()));
    assert_eq!(sleeper.slept(), [Duration::from_secs(3600)]);
}

#[test]
fn no_call_starts_and_no_retry_waits_past_the_deadline() {
    use std::sync::atomic::{AtomicU64, Ordering};

    // Each attempt takes 200 ms of a clock that starts 1.5 s before the deadline, with 1
    // s kept for the answer: the first retry (after 100 ms) still fits, the second
    // (after 200 ms) does not.
    let elapsed_ms = Arc::new(AtomicU64::new(0));
    let clock = elapsed_ms.clone();
    let retry = Retry {
        deadline: Deadline::new(
            move || {
                Duration::from_millis(1_500)
                    .saturating_sub(Duration::from_millis(clock.load(Ordering::SeqCst)))
            },
            Duration::from_secs(1),
        ),
        policy: RetryPolicy::new(5, Duration::from_millis(100), Duration::from_secs(1))
            .unwrap(),
        ..crate::testing::retry()
    };
    let events = crate::testing::events(2);
    let mut slots = ReceiptSlots::new(&events);
    let mut attempts = 0;
    retry
        .run(vec![(0, ()), (1, ())], &mut slots, |pending: &[(usize, ())]| {
            attempts += 1;
            elapsed_ms.fetch_add(200, Ordering::SeqCst);
            let verdicts = pending.iter().map(|_| {
                Verdict::Retry(Failure::new("ThrottlingException", "slow down"))
            });
            std::future::ready(verdicts.collect::<Vec<_>>())
        })
        .now_or_never()
        .unwrap();
    let receipts = slots.finish();

    assert_eq!(attempts, 2);
    assert_eq!(retry.sleeper.slept(), [Duration::from_millis(100)]);
    for receipt in receipts.iter() {
        let failure = receipt.failure().expect("not delivered");
        assert_eq!(failure.code, codes::DEADLINE_REACHED);
        assert_eq!(
            failure.message,
            "the deadline was too near to send this event (after 2 attempts)"
        );
    }
}
