//! The AWS adapters against a real endpoint: moto server (as `cargo xtask test` runs
//! them) or AWS (with `PSR_AWS_ENDPOINT=aws`). See the crate's README for the environment
//! variables.

mod concurrency;
mod config;
mod dynamodb;
mod eventbridge;
mod sns;
