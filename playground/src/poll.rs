//! The handlers' futures in the page, where there is no async runtime.
//!
//! The in-memory store and the recording provider answer at once, so every future the
//! playground starts finishes on its first poll
//! (`futures_util::FutureExt::now_or_never`). Should one ever wait, that is reported as
//! [`StillPending`] rather than spun on: a page's thread cannot block, and nothing would
//! wake it.

/// A future that did not finish on its first poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the handler waited for something, which the in-memory adapters never do")]
pub struct StillPending;

#[cfg(test)]
mod tests {
    use std::future::{pending, ready};

    use futures_util::FutureExt as _;

    use super::*;

    #[test]
    fn a_ready_future_gives_its_output() {
        assert_eq!(ready(7).now_or_never().ok_or(StillPending), Ok(7));
    }

    #[test]
    fn a_future_that_waits_is_reported_not_spun_on() {
        assert_eq!(pending::<()>().now_or_never().ok_or(StillPending), Err(StillPending));
    }
}
