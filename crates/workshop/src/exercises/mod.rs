//! The starters: finish these during the workshop. Each compiles and returns something
//! deliberately wrong, marked with `EXERCISE`, until you replace it.

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
