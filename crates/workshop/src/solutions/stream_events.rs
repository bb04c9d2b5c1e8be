//! Module 3, solution: a DynamoDB stream record becomes a product change notification,
//! and a type name becomes an event name.

use jiff::Timestamp;
use product_domain::{
    InvalidProductId, ProductChangeNotification, ProductChangeStatus, ProductId,
};
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
    match event_name {
        "INSERT" => Ok(ProductChangeStatus::Added),
        "MODIFY" => Ok(ProductChangeStatus::Updated),
        "REMOVE" => Ok(ProductChangeStatus::Removed),
        other => Err(UnknownEventName(other.to_owned())),
    }
}

/// The notification for one stream record: its event name, the `id` key of the changed
/// item, and the time the processor saw it.
pub fn notification_for(
    event_name: &str,
    product_id: &str,
    seen_at: Timestamp,
) -> Result<ProductChangeNotification, RecordError> {
    Ok(ProductChangeNotification {
        product_id: ProductId::parse(product_id)?,
        status: change_status(event_name)?,
        created_at: seen_at,
    })
}

/// A PascalCase type name in UPPER_SNAKE: `ProductChangeNotification` gives
/// `PRODUCT_CHANGE_NOTIFICATION`.
///
/// A new word starts at each capital letter after the first character. Acronyms
/// (`HTTPRequest`) are left out of this exercise;
/// `product_events::EventName::from_type_name` handles them (with the `heck` crate).
pub fn upper_snake(type_name: &str) -> String {
    let mut out = String::with_capacity(type_name.len() + 4);
    for (position, character) in type_name.chars().enumerate() {
        if character.is_uppercase() && position > 0 {
            out.push('_');
        }
        out.extend(character.to_uppercase());
    }
    out
}
