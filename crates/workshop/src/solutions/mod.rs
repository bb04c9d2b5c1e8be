//! The solutions: one way to finish each starter, with the same public items, so the same
//! tests check them (`cargo test -p workshop --features solutions`).

pub mod capped_store;
pub mod flaky_provider;
pub mod sku;
pub mod stream_events;

pub use capped_store::{CappedStore, StoreFull};
pub use flaky_provider::{FlakyProvider, batch_item_failures};
pub use sku::{InvalidQuantity, InvalidSku, OrderLine, Quantity, Sku};
pub use stream_events::{
    RecordError, UnknownEventName, change_status, notification_for, upper_snake,
};
