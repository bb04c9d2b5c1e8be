//! Drives the handlers' futures in the page, where there is no async runtime.
//!
//! The in-memory store and the recording provider answer at once, so one poll finishes every future
//! the playground starts. Should a future ever wait, that is reported as an error rather than spun
//! on: a page's thread cannot block, and nothing would wake it.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// A future that did not finish on its first poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the handler waited for something, which the in-memory adapters never do")]
pub struct StillPending;

// ANCHOR: poll_once
/// Polls `future` once and returns its output, or [`StillPending`].
pub fn poll_once<F: Future>(future: F) -> Result<F::Output, StillPending> {
    let mut context = Context::from_waker(Waker::noop());
    match pin!(future).poll(&mut context) {
        Poll::Ready(output) => Ok(output),
        Poll::Pending => Err(StillPending),
    }
}
// ANCHOR_END: poll_once

#[cfg(test)]
mod tests {
    use std::future::{pending, ready};

    use super::*;

    #[test]
    fn a_ready_future_gives_its_output() {
        assert_eq!(poll_once(ready(7)), Ok(7));
    }

    #[test]
    fn a_future_that_waits_is_reported_not_spun_on() {
        assert_eq!(poll_once(pending::<()>()), Err(StillPending));
    }
}
