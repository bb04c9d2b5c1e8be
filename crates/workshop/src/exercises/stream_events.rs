//! Module 3, exercise: a DynamoDB stream record becomes a product change notification,
//! and a type name becomes an event name.
//!
//! Your task: finish the three functions below. [`change_status`] maps the stream's event
//! names to the domain's statuses, [`notification_for`] builds a
//! `ProductChangeNotification` from one record's parts (use
//! `product_domain::ProductId::parse` and `change_status`, and let `?` turn their errors
//! into a [`RecordError`]), and [`upper_snake`] derives the standardized event name from
//! a type name.
//!
//! Run `cargo test -p workshop --test stream_events` until every test passes.

use jiff::Timestamp;
use product_domain::{InvalidProductId, ProductChangeNotification, ProductChangeStatus};
use thiserror::Error;

/// The reason an event name is not one of the three DynamoDB Streams writes.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("`{0}` is not a DynamoDB stream event name (INSERT, MODIFY or REMOVE)")]
pub struct UnknownEventName(pub String);

/// Why a stream record does not become a notification.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RecordError {
    /// The record's event name is not `INSERT`, `MODIFY` or `REMOVE`.
    #[error("the record's event name is not a product change")]
    UnknownEventName(#[from] UnknownEventName),
    /// The record's key is not a product id.
    #[error("the record's key is not a product id")]
    InvalidProductId(#[from] InvalidProductId),
}

/// The change a DynamoDB stream event name stands for: `INSERT` is added, `MODIFY`
/// updated, `REMOVE` removed.
///
/// The names are matched exactly, as DynamoDB writes them; anything else is refused
/// rather than guessed, so a new kind of record is noticed instead of published under the
/// wrong status.
pub fn change_status(event_name: &str) -> Result<ProductChangeStatus, UnknownEventName> {
    // EXERCISE: every record looks like an insert here. Match the three names and refuse
    // the rest with `UnknownEventName(event_name.to_owned())`.
    let _ = event_name;
    Ok(ProductChangeStatus::Added)
}

/// The notification for one stream record: its event name, the `id` key of the changed
/// item, and the time the processor saw it.
pub fn notification_for(
    event_name: &str,
    product_id: &str,
    seen_at: Timestamp,
) -> Result<ProductChangeNotification, RecordError> {
    // EXERCISE: this refuses every record. Build the notification: parse the id with
    // `product_domain::ProductId::parse`, map the event name with `change_status`, and
    // keep `seen_at` as its `created_at`.
    let _ = (product_id, seen_at);
    Err(RecordError::UnknownEventName(UnknownEventName(event_name.to_owned())))
}

/// A PascalCase type name in UPPER_SNAKE: `ProductChangeNotification` gives
/// `PRODUCT_CHANGE_NOTIFICATION`.
///
/// A new word starts at each capital letter after the first character. Acronyms
/// (`HTTPRequest`) are left out of this exercise;
/// `product_events::EventName::from_type_name` handles them (with the `heck` crate).
pub fn upper_snake(type_name: &str) -> String {
    // EXERCISE: this runs the words together (`PRODUCTCHANGENOTIFICATION`). Put an `_`
    // before each capital letter but the first.
    type_name.to_uppercase()
}
