//! Module 1's tests: a `Sku` and a `Quantity` accept exactly the values their rules
//! allow.
//!
//! `cargo test -p workshop --test sku` runs them against your work; they fail on the
//! starter.

use serde_json::json;
use workshop::{InvalidQuantity, InvalidSku, OrderLine, Quantity, Sku};

#[test]
fn three_capital_letters_a_hyphen_and_four_digits_is_a_sku() {
    for input in ["KET-0042", "ABC-0000", "ZZZ-9999"] {
        assert_eq!(
            Sku::parse(input).map(|sku| sku.to_string()),
            Ok(input.to_owned()),
            "{input}"
        );
    }
}

#[test]
fn a_sku_of_the_wrong_length_is_rejected() {
    for input in ["", "KET-042", "KET-00042", "KETT-0042"] {
        assert_eq!(Sku::parse(input), Err(InvalidSku), "{input:?}");
    }
}

#[test]
fn a_sku_with_a_character_out_of_place_is_rejected() {
    for input in ["ket-0042", "KE1-0042", "KET_0042", "KET-004X", "0042-KET", "KET 0042"]
    {
        assert_eq!(Sku::parse(input), Err(InvalidSku), "{input:?}");
    }
}

#[test]
fn a_sku_with_non_ascii_characters_is_rejected_without_panicking() {
    // "ÉÉÉÉ" is 8 bytes but 4 characters; "KÉT-0042" is 8 characters but 9 bytes.
    for input in ["ÉÉÉÉ", "KÉT-0042", "KET-００42", "🦀🦀"] {
        assert_eq!(Sku::parse(input), Err(InvalidSku), "{input:?}");
    }
}

#[test]
fn a_quantity_is_a_whole_number_from_1_to_99() {
    for value in [1, 2, 42, 99] {
        assert_eq!(
            Quantity::parse(value).map(Quantity::get),
            Ok(u8::try_from(value).unwrap()),
            "{value}"
        );
    }
}

#[test]
fn zero_negative_and_too_large_quantities_are_rejected_with_the_number_found() {
    for value in [0, -1, 100, 256, 257, i64::MIN, i64::MAX] {
        assert_eq!(
            Quantity::parse(value),
            Err(InvalidQuantity { found: value }),
            "{value}"
        );
    }
}

#[test]
fn deserializing_an_order_line_checks_the_same_rules() {
    let line: OrderLine =
        serde_json::from_value(json!({"sku": "KET-0042", "quantity": 2})).unwrap();
    assert_eq!((line.sku.as_ref(), line.quantity.get()), ("KET-0042", 2));

    for body in [
        json!({"sku": "ket-0042", "quantity": 2}),
        json!({"sku": "KET-0042", "quantity": 0}),
        json!({"sku": "KET-0042", "quantity": 300}),
    ] {
        assert!(serde_json::from_value::<OrderLine>(body.clone()).is_err(), "{body}");
    }
}

#[test]
fn an_order_line_serializes_as_it_was_received() {
    let body = json!({"sku": "KET-0042", "quantity": 2});
    let line: OrderLine = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(serde_json::to_value(&line).unwrap(), body);
}
