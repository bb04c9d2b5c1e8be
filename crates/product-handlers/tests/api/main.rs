//! The HTTP contract of the product API, through the router and the per-route functions, with the
//! in-memory store: one integration binary.

mod bad_input;
#[path = "../common/mod.rs"]
mod common;
mod contract;
mod failure;
mod routing;
mod support;
