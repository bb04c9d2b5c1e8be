//! The Lambda binaries as Lambda runs them: each under a Runtime API emulator, against
//! moto server (or AWS), fed the events API Gateway and DynamoDB Streams send.

mod api;
mod emulator;
mod events;
mod faults;
mod function;
mod stream;
