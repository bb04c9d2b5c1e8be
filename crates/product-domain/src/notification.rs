//! The notification the stream processor publishes when a product changes.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::product::ProductId;

mod time;

// ANCHOR: notification
/// What happened to a product, as other services learn of it.
///
/// The fields are declared in the order of their names: an event's data has its keys
/// sorted, as `serde_json` writes a value, so a notification serialized in this order
/// is written once, where fields in another order would be written, then moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductChangeNotification {
    /// When the change was seen, in UTC; written by `time`, not by `jiff`'s printer.
    #[serde(serialize_with = "time::serialize")]
    pub created_at: Timestamp,
    /// The product that changed.
    pub product_id: ProductId,
    /// How it changed.
    pub status: ProductChangeStatus,
}

/// The kinds of change, one per DynamoDB stream event name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ProductChangeStatus {
    /// A product was created (`INSERT`).
    Added,
    /// A product was changed (`MODIFY`).
    Updated,
    /// A product was deleted (`REMOVE`).
    Removed,
}
// ANCHOR_END: notification

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notification_serializes_with_upper_case_status_and_rfc3339_time() {
        let notification = ProductChangeNotification {
            product_id: ProductId::parse("3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d").unwrap(),
            status: ProductChangeStatus::Added,
            created_at: "2026-01-01T00:00:00Z".parse().unwrap(),
        };
        assert_eq!(
            serde_json::to_value(&notification).unwrap(),
            serde_json::json!({
                "product_id": "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d",
                "status": "ADDED",
                "created_at": "2026-01-01T00:00:00Z"
            })
        );
    }
}
