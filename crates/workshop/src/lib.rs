//! The workshop's exercises, one per module of the session, each with a starter and a
//! solution.
//!
//! The starters in [`exercises`] compile and are wrong on purpose: their tests fail until
//! you finish them. The finished versions live in [`solutions`]. The crate's public items
//! come from the starters, or from the solutions when the `solutions` feature is on, so
//! one set of tests checks both:
//!
//! ```text
//! cargo test -p workshop --test sku            # module 1: fails until you finish it
//! cargo test -p workshop --features solutions  # the solutions: every test passes
//! ```
//!
//! Both modules are always compiled (and linted), so a solution never falls behind its
//! starter.

pub mod exercises;
pub mod solutions;

#[cfg(not(feature = "solutions"))]
pub use exercises::*;
#[cfg(feature = "solutions")]
pub use solutions::*;
