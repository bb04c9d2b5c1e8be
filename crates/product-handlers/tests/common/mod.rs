//! What the crate's test binaries share: running a future that never waits, and a capture
//! of what a test logs.
//!
//! Included by `tests/api/main.rs` and `tests/stream/main.rs` as their `common` module
//! (the Rust book's name for code that several integration-test binaries share).

use std::cell::RefCell;
use std::future::Future;
use std::io;
use std::sync::Once;

use futures_util::FutureExt as _;

/// The output of a future that completes on its first poll, as everything these tests run
/// does: the in-memory store, the test stores and the recording provider never wait.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    future.now_or_never().expect("the handlers over in-memory adapters never wait")
}

thread_local! {
    static LOG: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Writes log lines to the buffer of the thread that logs them, so parallel tests keep
/// theirs apart.
struct ThreadLog;

impl io::Write for ThreadLog {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        LOG.with_borrow_mut(|log| log.extend_from_slice(bytes));
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs `f` and returns what it logged on this thread.
///
/// One global subscriber serves every test: a subscriber set per test with `with_default`
/// races with tests on other threads over tracing's cached per-callsite interest, and
/// loses lines.
pub(crate) fn logged<T>(f: impl FnOnce() -> T) -> (T, String) {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let subscriber =
            tracing_subscriber::fmt().with_writer(|| ThreadLog).with_ansi(false).finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other global subscriber is set");
    });
    LOG.with_borrow_mut(Vec::clear);
    let output = f();
    (output, String::from_utf8_lossy(&LOG.take()).into_owned())
}
