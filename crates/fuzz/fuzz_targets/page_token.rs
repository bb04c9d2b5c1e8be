//! Any text as a `next_token`: a page or a client error, never a store failure.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| fuzz::token::check_token(text));
