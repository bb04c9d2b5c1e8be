//! When a provider must stop starting calls: the caller's time runs out, and an answer is
//! worth more than one more request.
//!
//! A Lambda function that is still sending when its invocation times out returns nothing
//! at all: the partial batch response it was building is lost, and Lambda retries the
//! whole batch. So the stream processor hands its providers the invocation's deadline,
//! and they start no call, and no wait before a retry, that could run into the margin
//! kept for answering. What they did not send
//! gets a [`DEADLINE_REACHED`](crate::codes::DEADLINE_REACHED) receipt, which the
//! processor reports like any other undelivered event.
//!
//! This crate reads no clock: the time left is a function the caller passes in.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// How much time the caller has left, and how much of it to keep for answering.
#[derive(Clone)]
pub struct Deadline {
    remaining: Option<Arc<dyn Fn() -> Duration + Send + Sync>>,
    margin: Duration,
}

impl Deadline {
    /// No deadline: every call may start (a test, a tool, the book's pages).
    pub fn none() -> Self {
        Self { remaining: None, margin: Duration::ZERO }
    }

    /// A deadline that `remaining` reports the time left until, keeping `margin` of it
    /// for the answer: a call starts only while more than `margin` is left.
    ///
    /// Choose a margin longer than one call may take (the SDK client's operation
    /// timeout), so that a call started just above it still ends before the deadline.
    pub fn new(
        remaining: impl Fn() -> Duration + Send + Sync + 'static,
        margin: Duration,
    ) -> Self {
        Self { remaining: Some(Arc::new(remaining)), margin }
    }

    /// The time kept for answering.
    pub fn margin(&self) -> Duration {
        self.margin
    }

    /// Whether a call that would start after waiting `wait` still starts before the
    /// margin.
    pub fn allows(&self, wait: Duration) -> bool {
        match &self.remaining {
            None => true,
            Some(remaining) => {
                remaining().checked_sub(wait).is_some_and(|left| left > self.margin)
            }
        }
    }
}

impl Default for Deadline {
    fn default() -> Self {
        Self::none()
    }
}

impl fmt::Debug for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.remaining {
            None => f.write_str("Deadline::none"),
            Some(remaining) => f
                .debug_struct("Deadline")
                .field("remaining", &remaining())
                .field("margin", &self.margin)
                .finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_deadline_every_call_may_start() {
        assert!(Deadline::none().allows(Duration::MAX));
    }

    #[test]
    fn a_call_starts_only_while_more_than_the_margin_is_left_after_the_wait() {
        let deadline = Deadline::new(|| Duration::from_secs(5), Duration::from_secs(2));
        assert!(deadline.allows(Duration::ZERO));
        assert!(deadline.allows(Duration::from_millis(2_999)));
        assert!(!deadline.allows(Duration::from_secs(3)));
        assert!(!deadline.allows(Duration::from_secs(60)));
    }

    #[test]
    fn a_deadline_already_passed_allows_nothing() {
        let deadline = Deadline::new(|| Duration::ZERO, Duration::ZERO);
        assert!(!deadline.allows(Duration::ZERO));
    }
}
