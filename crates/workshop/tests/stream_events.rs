//! Module 3's tests: stream event names map to statuses, a record becomes a notification,
//! and a type name becomes the same event name the `product-events` crate derives.
//!
//! `cargo test -p workshop --test stream_events` runs them against your work; they fail
//! on the starter.

use jiff::Timestamp;
use product_domain::{
    InvalidProductId, ProductChangeNotification, ProductChangeStatus, ProductId,
};
use product_events::EventName;
use serde_json::json;
use workshop::{
    RecordError, UnknownEventName, change_status, notification_for, upper_snake,
};

const ID: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";

fn seen_at() -> Timestamp {
    "2026-01-01T00:00:00Z".parse().expect("an RFC 3339 time")
}

#[test]
fn insert_modify_and_remove_are_added_updated_and_removed() {
    assert_eq!(change_status("INSERT"), Ok(ProductChangeStatus::Added));
    assert_eq!(change_status("MODIFY"), Ok(ProductChangeStatus::Updated));
    assert_eq!(change_status("REMOVE"), Ok(ProductChangeStatus::Removed));
}

#[test]
fn any_other_event_name_is_refused_and_named_in_the_error() {
    for name in ["insert", "UPDATE", "DELETE", "", " INSERT"] {
        assert_eq!(
            change_status(name),
            Err(UnknownEventName(name.to_owned())),
            "{name:?}"
        );
    }
}

#[test]
fn a_record_becomes_a_notification_stamped_with_the_time_it_was_seen() {
    let notification = notification_for("REMOVE", ID, seen_at()).unwrap();

    assert_eq!(
        notification,
        ProductChangeNotification {
            product_id: ProductId::parse(ID).unwrap(),
            status: ProductChangeStatus::Removed,
            created_at: seen_at(),
        }
    );
    assert_eq!(
        serde_json::to_value(&notification).unwrap(),
        json!({
            "product_id": ID,
            "status": "REMOVED",
            "created_at": "2026-01-01T00:00:00Z"
        })
    );
}

#[test]
fn a_record_whose_key_is_not_a_product_id_is_refused() {
    assert_eq!(
        notification_for("INSERT", "not-a-uuid", seen_at()),
        Err(RecordError::InvalidProductId(InvalidProductId))
    );
}

#[test]
fn a_record_with_an_unknown_event_name_is_refused() {
    assert_eq!(
        notification_for("TRUNCATE", ID, seen_at()),
        Err(RecordError::UnknownEventName(UnknownEventName("TRUNCATE".to_owned())))
    );
}

#[test]
fn a_pascal_case_type_name_becomes_upper_snake() {
    assert_eq!(upper_snake("ProductChangeNotification"), "PRODUCT_CHANGE_NOTIFICATION");
    assert_eq!(upper_snake("OrderLineAdded"), "ORDER_LINE_ADDED");
    assert_eq!(upper_snake("Product"), "PRODUCT");
}

#[test]
fn the_name_agrees_with_the_one_the_event_crate_derives() {
    let derived = EventName::from_type_name::<ProductChangeNotification>().unwrap();
    assert_eq!(upper_snake("ProductChangeNotification"), derived.as_str());
}
