//! Any `buildEvents` request (models, source, limit) for the PutEvents and PublishBatch
//! planners: each event exactly once, every request within its limits.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| fuzz::planner::check_batch_json(bytes));
