//! What the fuzz targets share: the inputs they derive from libFuzzer's bytes, and the
//! invariants they check, each a panic with the input's story when it breaks.
//!
//! The targets (`fuzz_targets/`) only decode bytes and call these checks, so each
//! invariant is stated once here. The crates' ordinary tests state the same invariants as
//! proptest properties (`crates/*/tests`, `src/**/tests.rs`), so `cargo test` on stable
//! catches the common case and the fuzzer searches further.

pub mod body;
pub mod planner;
pub mod router;
pub mod stream;
pub mod token;

use std::future::Future;

use futures_util::FutureExt as _;

/// The output of a future over the in-memory store or the recording provider, which never
/// wait.
pub fn block_on<F: Future>(future: F) -> F::Output {
    future.now_or_never().expect("the in-memory adapters never wait")
}
