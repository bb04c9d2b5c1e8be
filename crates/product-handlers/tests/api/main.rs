//! The HTTP contract of the product API, through the router and the single-route entry
//! point, with the in-memory store: one integration binary.

mod bad_input;
mod client;
#[path = "../common/mod.rs"]
mod common;
mod contract;
mod failure;
mod properties;
mod routing;
