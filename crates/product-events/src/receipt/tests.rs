//! Tests of `receipt.rs`.

use serde_json::json;

use super::*;

#[test]
fn a_receipt_serializes_flat_with_its_status() {
    let receipt =
        Receipt::failed(2, None, Failure::new(codes::ENTRY_TOO_LARGE, "too large"));
    assert_eq!(
        serde_json::to_value(&receipt).unwrap(),
        json!({"index": 2, "correlation_id": null, "status": "failed",
               "code": "EntryTooLarge", "message": "too large"})
    );
    let receipt = Receipt::delivered(0, None, "id-1");
    assert_eq!(
        serde_json::to_value(&receipt).unwrap(),
        json!({"index": 0, "correlation_id": null, "status": "delivered", "receipt_id": "id-1"})
    );
}

#[test]
fn receipts_are_kept_in_index_order() {
    let receipts = Receipts::from_receipts(vec![
        Receipt::delivered(1, None, "b"),
        Receipt::failed(0, None, Failure::new("X", "x")),
    ]);
    let indices: Vec<usize> = receipts.iter().map(|r| r.index).collect();
    assert_eq!(indices, [0, 1]);
    assert_eq!(receipts.failed_indices(), [0]);
    assert!(!receipts.all_delivered());
    assert_eq!(receipts.get(1).and_then(Receipt::receipt_id), Some("b"));
}
