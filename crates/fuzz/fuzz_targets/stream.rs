//! Any bytes as a DynamoDB stream event: every record delivered or named for retry,
//! exactly once.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| fuzz::stream::check_stream(bytes));
