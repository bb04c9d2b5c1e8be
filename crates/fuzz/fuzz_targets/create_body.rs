//! Any bytes as a create body: a product that reads back the same, or located problems.
#![no_main]

libfuzzer_sys::fuzz_target!(|body: &[u8]| fuzz::body::check_create_body(body));
