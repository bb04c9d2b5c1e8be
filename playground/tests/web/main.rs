//! The playground in a real browser: its exports, and its widgets' documents, in headless
//! Chromium.
//!
//! Run with `cargo test -p playground --target wasm32-unknown-unknown` and wasm-bindgen's
//! test runner (see the crate documentation); on the host this suite compiles to nothing.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod exports;
mod support;
mod widgets;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
