//! Bodies at the edges of the reader: escaped names, members given twice with different
//! types, nested values, numbers JSON writes in several ways, and the plain-body shortcut
//! against the serde reader. Each answer is the one the body has always had.

use proptest::prelude::*;
use serde_json::json;

use super::*;

/// The outcome of `body` as a client sees it: the product, or the error document.
fn outcome(body: &str) -> serde_json::Value {
    match CreateProductRequest::parse(body.as_bytes()) {
        Ok(product) => {
            json!({"name": product.name.as_ref(), "price": product.price.get()})
        }
        Err(errors) => serde_json::to_value(errors).unwrap_or_default(),
    }
}

fn one(pointer: &str, code: &str, message: &str) -> serde_json::Value {
    json!([{"pointer": pointer, "code": code, "message": message}])
}

const FLOAT: &str =
    "price must be an integer, found a number that is not a 64-bit integer";
const RANGE: &str = "price must be a whole number from 1 to 9007199254740991";

#[test]
fn member_names_spelled_with_escapes_are_the_members_they_spell() {
    assert_eq!(
        outcome(r#"{"n\u0061me": "Kettle", "pr\u0069ce": 25}"#),
        json!({"name": "Kettle", "price": 25})
    );
    assert_eq!(
        outcome(r#"{"name": "K\u00e9ttle", "price": 25}"#),
        json!({"name": "K\u{e9}ttle", "price": 25})
    );
    assert_eq!(
        outcome(r#"{"name": "Ke\"ttle", "price": 25}"#),
        json!({"name": "Ke\"ttle", "price": 25})
    );
}

#[test]
fn a_member_given_twice_with_different_types_is_refused_as_given_twice() {
    let twice = |field: &str| format!("{field} is given more than once");
    assert_eq!(
        outcome(r#"{"name": "Kettle", "price": 1, "price": "1"}"#),
        one("/price", "duplicate_field", &twice("price"))
    );
    assert_eq!(
        outcome(r#"{"name": 1, "name": "Kettle", "price": 1}"#),
        one("/name", "duplicate_field", &twice("name"))
    );
}

#[test]
fn nested_values_are_named_by_their_kind_and_still_checked_as_json() {
    assert_eq!(
        outcome(r#"{"name": {"nested": [1, {"deeper": null}]}, "price": {}}"#),
        json!([
            {"pointer": "/name", "code": "type", "message": "name must be a string, found an object"},
            {"pointer": "/price", "code": "type", "message": "price must be an integer, found an object"},
        ])
    );
    // serde_json skips an ignored value with fewer checks than it reads one; a value the
    // body does not take is read, so these stay malformed.
    let malformed = |detail: &str| {
        one("", "malformed_json", &format!("the body is not valid JSON: {detail}"))
    };
    assert_eq!(
        outcome(r#"{"name": "Kettle", "price": 1, "note": 1e999}"#),
        malformed("number out of range at line 1 column 44")
    );
    let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    assert_eq!(
        outcome(&format!(r#"{{"name": "Kettle", "price": 1, "note": {deep}}}"#)),
        malformed("recursion limit exceeded at line 1 column 166")
    );
    let invalid_utf8 = b"{\"name\": \"Kettle\", \"price\": 1, \"note\": \"\xff\"}";
    let errors = CreateProductRequest::parse(invalid_utf8).unwrap_err();
    assert_eq!(errors.errors()[0].code, ErrorCode::MalformedJson);
}

#[test]
fn a_price_is_an_integer_only_as_json_writes_one() {
    for (price, expected) in [
        ("1e2", one("/price", "type", FLOAT)),
        ("3.0", one("/price", "type", FLOAT)),
        // serde_json reads a negative zero as a float.
        ("-0", one("/price", "type", FLOAT)),
        ("0", one("/price", "range", RANGE)),
        ("-7", one("/price", "range", RANGE)),
        ("99999999999999999999", one("/price", "type", FLOAT)),
        ("9223372036854775807", one("/price", "range", RANGE)),
        (
            "9223372036854775808",
            one(
                "/price",
                "type",
                "price must be an integer, found an integer out of range",
            ),
        ),
        ("-9223372036854775809", one("/price", "type", FLOAT)),
        (
            "9007199254740991",
            json!({"name": "Kettle", "price": 9_007_199_254_740_991_i64}),
        ),
    ] {
        let body = format!(r#"{{"name": "Kettle", "price": {price}}}"#);
        assert_eq!(outcome(&body), expected, "{body}");
    }
}

#[test]
fn white_space_order_and_trailing_characters_are_read_as_json_reads_them() {
    let kettle = json!({"name": "Kettle", "price": 25});
    assert_eq!(outcome(r#"{"name":"Kettle","price":25}"#), kettle);
    assert_eq!(outcome(" {\"price\" :\t25 ,\r\n \"name\" : \"Kettle\"} "), kettle);
    let malformed = |detail: &str| {
        one("", "malformed_json", &format!("the body is not valid JSON: {detail}"))
    };
    assert_eq!(
        outcome(r#"{"name": "Kettle", "price": 25} x"#),
        malformed("trailing characters at line 1 column 33")
    );
    assert_eq!(
        outcome(r#"{"name": "Kettle", "price": 007}"#),
        malformed("invalid number at line 1 column 30")
    );
    assert_eq!(
        outcome(r#"{"name": "Kettle", "price": 1,}"#),
        malformed("trailing comma at line 1 column 31")
    );
}

/// A member of a flat body: names and values from both sides of the shortcut's subset.
fn member() -> impl Strategy<Value = String> {
    let key = prop::sample::select(
        &["name", "price", "n\\u0061me", "x", "a/b", "~", "", "Name", "\u{e9}"][..],
    );
    let value = prop_oneof![
        prop::sample::select(
            &[
                "\"Kettle\"",
                "\"\"",
                "\" \"",
                "\"K\\u00e9\"",
                "\"Ket\\u0000tle\"",
                "\"\u{e9}\"",
                "\"\u{7f}\"",
                "\"A very long product name indeed\"",
                "0",
                "-0",
                "-7",
                "007",
                "1e2",
                "3.0",
                "9007199254740992",
                "999999999999999999",
                "-999999999999999999",
                "9223372036854775808",
                "true",
                "null",
                "[]",
                "{}",
                "[1, {\"a\": \"\\u00e9\"}]",
            ][..]
        )
        .prop_map(str::to_owned),
        any::<i64>().prop_map(|price| price.to_string()),
        "[ -~]{0,24}".prop_map(|text| serde_json::Value::from(text).to_string()),
    ];
    (key, value, prop::sample::select(&["", " ", "\n\t"][..]))
        .prop_map(|(key, value, space)| format!("\"{key}\"{space}:{space}{value}"))
}

proptest! {
    // What the shortcut reads, it reads as the serde reader does; what it does not read,
    // the serde reader reads alone.
    #[test]
    fn the_plain_body_shortcut_and_the_serde_reader_give_the_same_answer(
        members in prop::collection::vec(member(), 0..5),
        close in prop::sample::select(&["}", "} ", "}x", ",}", ""][..]),
    ) {
        use crate::request::{plain, read::Body};
        let judge = CreateProductRequest::judge;
        let body = format!("{{{}{close}", members.join(", "));
        let by_serde = match serde_json::from_slice(body.as_bytes()) {
            Ok(Body::Object(members)) => Some(judge(members)),
            Ok(Body::NotAnObject(_)) | Err(_) => None,
        };
        if let Some(members) = plain::read(body.as_bytes()) {
            prop_assert_eq!(Some(judge(members)), by_serde, "{}", body);
        }
    }
}

/// A piece to put into a body: punctuation, white space, names and values on both sides
/// of the shortcut's subset, and bytes outside the grammar.
fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(
        &[
            "{",
            "}",
            ":",
            ",",
            " ",
            "\n",
            "\t",
            "\"",
            "\\",
            "\"name\"",
            "\"price\"",
            "\"x\"",
            "\"Pear\"",
            "\"P\\\"r\"",
            "\"\u{e9}\"",
            "3",
            "-",
            "0",
            ".5",
            "e3",
            "null",
            "[1]",
            "\u{7f}",
            "\u{e9}",
        ][..],
    )
}

proptest! {
    // Flat bodies with a few bytes put in or taken out, most of them then malformed or
    // outside the subset: whatever the shortcut still reads, serde_json reads as an
    // object with the same answer.
    #[test]
    fn the_plain_body_shortcut_reads_nothing_that_serde_json_reads_otherwise(
        members in prop::collection::vec(member(), 0..4),
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::option::of(token())), 1..3),
    ) {
        use crate::request::{plain, read::Body};
        let judge = CreateProductRequest::judge;
        let mut body = format!("{{{}}}", members.join(", ")).into_bytes();
        for (at, token) in edits {
            let at = at.index(body.len() + 1);
            if let Some(token) = token {
                body.splice(at..at, token.bytes());
            } else if at < body.len() {
                body.remove(at);
            }
        }
        if let Some(members) = plain::read(&body) {
            let by_serde = match serde_json::from_slice(&body) {
                Ok(Body::Object(members)) => Some(judge(members)),
                Ok(Body::NotAnObject(_)) | Err(_) => None,
            };
            prop_assert_eq!(Some(judge(members)), by_serde, "{}", String::from_utf8_lossy(&body));
        }
    }
}

#[test]
fn the_bodies_most_clients_send_take_the_shortcut_and_others_do_not() {
    use crate::request::plain;
    for body in [
        r#"{"name":"Pear","price":3}"#,
        r#"{"name": "Pear", "price": 3}"#,
        "{\n  \"price\": -12,\n  \"name\": \"A pear, ripe\"\n}\n",
        r#"{"name": "", "x": "y", "price": 0}"#,
        r#"{"price": "3", "name": 3}"#,
        "{}",
    ] {
        assert!(plain::read(body.as_bytes()).is_some(), "{body}");
    }
    for body in [
        r#"{"name": "P\u00e9ar", "price": 3}"#,
        "{\"name\": \"P\u{e9}ar\", \"price\": 3}",
        r#"{"name": "Pear", "price": 3.0}"#,
        r#"{"name": "Pear", "price": 1e2}"#,
        r#"{"name": "Pear", "price": -0}"#,
        r#"{"name": "Pear", "price": 1234567890123456789}"#,
        r#"{"name": "Pear", "price": null}"#,
        r#"{"name": "Pear", "tags": []}"#,
        r#"{"name": "Pear", "price": 3} x"#,
        r#"["Pear", 3]"#,
        "{not json",
    ] {
        assert!(plain::read(body.as_bytes()).is_none(), "{body}");
    }
}
