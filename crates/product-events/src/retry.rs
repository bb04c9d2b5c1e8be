//! Retries as pure logic: the policy (how many attempts, how long to wait), the ports
//! that make the waiting and the randomness replaceable, and the loop both providers use
//! to resend failed entries.
//!
//! Nothing here reads a clock or a random source: the waiting is a [`Sleeper`] and the
//! randomness a [`Jitter`], both handed in by whoever builds the provider.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use crate::client::ClientError;
use crate::deadline::Deadline;
use crate::receipt::{Failure, ReceiptSlots, codes};

mod policy;

pub(crate) use policy::RetryDecision;
pub use policy::{InvalidRetryPolicy, RetryPolicy};

/// Where the randomness of the backoff comes from: a number between 0 and 1 per retry.
///
/// The AWS adapters pass a random one; tests pass a fixed value so the delays they see
/// are exact.
#[derive(Clone)]
pub struct Jitter(Arc<dyn Fn() -> f64 + Send + Sync>);

impl Jitter {
    /// Always the same value: 1 waits the whole backoff, 0 does not wait.
    pub fn fixed(value: f64) -> Self {
        Self(Arc::new(move || value))
    }

    /// Jitter from a function, such as a random number generator's.
    pub fn from_fn(jitter: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        Self(Arc::new(jitter))
    }

    /// The next value.
    pub fn sample(&self) -> f64 {
        (self.0)()
    }
}

impl fmt::Debug for Jitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Jitter")
    }
}

/// Waits. The Lambda binaries pass `tokio::time::sleep` (any `Fn(Duration) -> impl
/// Future` is a sleeper); tests pass one that records the delays and returns at once.
pub trait Sleeper {
    /// Returns after `duration`.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send;
}

impl<F, Fut> Sleeper for F
where
    F: Fn(Duration) -> Fut,
    Fut: Future<Output = ()> + Send,
{
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send {
        self(duration)
    }
}

/// What one attempt said about one entry.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// Delivered, with the service's id for it.
    Delivered(String),
    /// Not delivered, and worth sending again.
    Retry(Failure),
    /// Not delivered, and final.
    Fail(Failure),
}

/// The verdicts for `count` entries of a call that failed as a whole: retried if the
/// error is.
pub(crate) fn failed_call(error: &ClientError, count: usize) -> Vec<Verdict> {
    let failure = Failure::from_error(error.code().unwrap_or(codes::CLIENT_ERROR), error);
    let verdict = if error.is_retryable() { Verdict::Retry } else { Verdict::Fail };
    (0..count).map(|_| verdict(failure.clone())).collect()
}

/// How a provider resends what may be resent: the policy, the source of jitter, the
/// sleeper that waits between attempts, and the deadline after which no call starts.
#[derive(Debug, Clone)]
pub struct Retry<S> {
    /// How many attempts, and how long to wait between them.
    pub policy: RetryPolicy,
    /// The randomness of each wait.
    pub jitter: Jitter,
    /// What waits.
    pub sleeper: S,
    /// When to stop starting calls, so that the caller can still answer.
    pub deadline: Deadline,
}

impl<S: Sleeper> Retry<S> {
    // ANCHOR: retry_loop
    /// Sends `pending` entries (each with its event's index) through `attempt`, resending
    /// those whose verdict is [`Verdict::Retry`] as long as the policy allows, and
    /// settles every entry in `slots` exactly once.
    ///
    /// `attempt` returns one verdict per entry it was given, in order; an entry it says
    /// nothing about is a failure, not a loss. No attempt starts, and no wait before
    /// one, that the deadline does not allow: what is left pending then fails as
    /// `DeadlineReached`.
    pub(crate) async fn run<E, Call, Fut>(
        &self,
        mut pending: Vec<(usize, E)>,
        slots: &mut ReceiptSlots,
        mut attempt: Call,
    ) where
        Call: FnMut(&[(usize, E)]) -> Fut,
        Fut: Future<Output = Vec<Verdict>>,
    {
        let mut attempts_made = 0;
        while !pending.is_empty() {
            if !self.deadline.allows(Duration::ZERO) {
                return out_of_time(pending, slots, attempts_made);
            }
            let verdicts = attempt(&pending).await;
            attempts_made += 1;
            let mut verdicts = verdicts.into_iter();
            let mut again = Vec::new();
            let mut last_failures = Vec::new();
            for (index, entry) in pending {
                match verdicts.next() {
                    Some(Verdict::Delivered(id)) => slots.deliver(index, id),
                    Some(Verdict::Fail(failure)) => slots.fail(index, failure),
                    Some(Verdict::Retry(failure)) => {
                        again.push((index, entry));
                        last_failures.push((index, failure));
                    }
                    None => slots.fail(
                        index,
                        Failure::new(
                            codes::MISSING_RESULT,
                            "the service's answer had no result for this entry",
                        ),
                    ),
                }
            }
            if again.is_empty() {
                return;
            }
            match self.policy.decide(attempts_made, true, self.jitter.sample()) {
                RetryDecision::RetryAfter(delay) if !self.deadline.allows(delay) => {
                    return out_of_time(again, slots, attempts_made);
                }
                RetryDecision::RetryAfter(delay) => {
                    self.sleeper.sleep(delay).await;
                    pending = again;
                }
                RetryDecision::GiveUp => {
                    for (index, mut failure) in last_failures {
                        failure.message = format!(
                            "{} (gave up after {attempts_made} attempts)",
                            failure.message
                        );
                        slots.fail(index, failure);
                    }
                    return;
                }
            }
        }
    }
    // ANCHOR_END: retry_loop
}

/// Settles every entry still `pending` as not sent because the deadline is near.
fn out_of_time<E>(
    pending: Vec<(usize, E)>,
    slots: &mut ReceiptSlots,
    attempts_made: u32,
) {
    let message = format!(
        "the deadline was too near to send this event (after {attempts_made} attempts)"
    );
    for (index, _) in pending {
        slots.fail(index, Failure::new(codes::DEADLINE_REACHED, message.clone()));
    }
}

#[cfg(test)]
mod tests;
