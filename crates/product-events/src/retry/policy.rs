//! The retry policy: how many attempts, and how long to wait before each retry.

use std::time::Duration;

/// Why a [`RetryPolicy`] cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidRetryPolicy {
    /// At least one attempt is needed to send anything.
    #[error("a retry policy needs at least one attempt")]
    NoAttempts,
    /// The first delay is longer than the longest delay allowed.
    #[error("the base delay ({base:?}) is longer than the maximum delay ({max:?})")]
    BaseAboveMax {
        /// The delay before the first retry, before jitter.
        base: Duration,
        /// The longest delay.
        max: Duration,
    },
}

/// Bounded exponential backoff with full jitter: before retry `n` (after `n` attempts),
/// wait a random part of `min(max_delay, base_delay * 2^(n-1))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

/// What to do after an attempt that left something undelivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryDecision {
    /// Wait this long, then try again.
    RetryAfter(Duration),
    /// Stop: the failure is final.
    GiveUp,
}

impl RetryPolicy {
    /// A policy of at most `max_attempts` attempts in all (the first one included).
    pub fn new(
        max_attempts: u32,
        base_delay: Duration,
        max_delay: Duration,
    ) -> Result<Self, InvalidRetryPolicy> {
        if max_attempts == 0 {
            return Err(InvalidRetryPolicy::NoAttempts);
        }
        if base_delay > max_delay {
            return Err(InvalidRetryPolicy::BaseAboveMax {
                base: base_delay,
                max: max_delay,
            });
        }
        Ok(Self { max_attempts, base_delay, max_delay })
    }

    /// One attempt and no retries.
    pub fn no_retries() -> Self {
        Self { max_attempts: 1, base_delay: Duration::ZERO, max_delay: Duration::ZERO }
    }

    /// The most attempts made for one entry, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay before the first retry, before jitter.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest delay, before jitter.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The wait after `attempts_made` attempts, for a `jitter` between 0 and 1 (clamped;
    /// `NaN` counts as 1).
    pub fn delay(&self, attempts_made: u32, jitter: f64) -> Duration {
        let doublings = attempts_made.saturating_sub(1);
        let factor = 1u32.checked_shl(doublings).unwrap_or(u32::MAX);
        let ceiling = self
            .base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        scale(ceiling, jitter)
    }

    // ANCHOR: retry_decision
    /// Whether to try again after `attempts_made` attempts that ended in a failure that
    /// is `retryable` or not, and how long to wait first.
    pub(crate) fn decide(
        &self,
        attempts_made: u32,
        retryable: bool,
        jitter: f64,
    ) -> RetryDecision {
        if !retryable || attempts_made >= self.max_attempts {
            return RetryDecision::GiveUp;
        }
        RetryDecision::RetryAfter(self.delay(attempts_made, jitter))
    }
    // ANCHOR_END: retry_decision
}

/// `duration * fraction` for a fraction clamped to 0..=1, in integer arithmetic:
/// `Duration::mul_f64` panics when rounding takes a long duration past `Duration::MAX`.
fn scale(duration: Duration, fraction: f64) -> Duration {
    const ONE: u64 = 1 << 32;
    let fraction = if fraction.is_nan() { 1.0 } else { fraction.clamp(0.0, 1.0) };
    // Exact for 0 and 1; otherwise within 2^-32 of the fraction, far below a nanosecond
    // per second.
    let parts = (fraction * ONE as f64) as u64;
    let nanos = duration.as_nanos() * u128::from(parts) / u128::from(ONE);
    let seconds = u64::try_from(nanos / 1_000_000_000).unwrap_or(u64::MAX);
    let subsec = u32::try_from(nanos % 1_000_000_000).unwrap_or(0);
    Duration::new(seconds, subsec)
}

impl Default for RetryPolicy {
    /// Four attempts, waiting up to 100 ms, 200 ms and 400 ms between them: short enough
    /// for a Lambda function's budget, long enough to ride out a burst of throttling.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
        }
    }
}
