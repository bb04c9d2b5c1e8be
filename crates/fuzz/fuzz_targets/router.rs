//! Any requests to the router, in a text form of HTTP/1.1, over one in-memory store:
//! statuses of the contract, never a 500.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| fuzz::router::check_session(bytes));
