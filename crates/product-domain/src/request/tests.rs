//! The create body's parsing: every problem at its place, and the schema stating the same rules.

use proptest::prelude::*;
use serde_json::json;

use super::*;

fn errors_of(body: &str) -> Vec<(String, String)> {
    match CreateProductRequest::parse(body.as_bytes()) {
        Ok(product) => panic!("{body} was accepted as {product:?}"),
        Err(errors) => errors.0.into_iter().map(|error| (error.pointer, code_name(error.code))).collect(),
    }
}

/// A code as it is written in an error document.
fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code).ok().and_then(|code| code.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The whole error document of `body`, as a 400 or the page shows it.
fn document_of(body: &str) -> serde_json::Value {
    serde_json::to_value(CreateProductRequest::parse(body.as_bytes()).err().unwrap_or_default()).unwrap_or_default()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(pointer, code)| ((*pointer).to_owned(), (*code).to_owned())).collect()
}

#[test]
fn a_valid_body_becomes_a_new_product() {
    let product = CreateProductRequest::parse(br#"{"name": "Kettle", "price": 25}"#).unwrap();
    assert_eq!(product.name.as_ref(), "Kettle");
    assert_eq!(product.price.get(), 25);
}

#[test]
fn every_problem_is_reported_at_its_field() {
    assert_eq!(errors_of(r#"{"name": "", "price": 0}"#), pairs(&[("/name", "length"), ("/price", "range")]));
}

#[test]
fn a_price_must_be_a_json_integer() {
    for price in [r#""5""#, "5.0", "5.5", "true", "null", "[]", "1e3", "18446744073709551616"] {
        let body = format!(r#"{{"name": "Kettle", "price": {price}}}"#);
        assert_eq!(errors_of(&body), pairs(&[("/price", "type")]), "{body}");
    }
}

#[test]
fn unknown_and_missing_members_are_both_reported() {
    assert_eq!(
        errors_of(r#"{"nmae": "Kettle", "a/b": 1}"#),
        pairs(&[("/a~1b", "unknown_field"), ("/nmae", "unknown_field"), ("/name", "required"), ("/price", "required")])
    );
}

#[test]
fn bodies_that_are_not_objects_are_rejected_whole() {
    assert_eq!(errors_of("null"), pairs(&[("", "type")]));
    assert_eq!(errors_of("[]"), pairs(&[("", "type")]));
    assert_eq!(errors_of(""), pairs(&[("", "malformed_json")]));
    assert_eq!(errors_of("{\"name\": "), pairs(&[("", "malformed_json")]));
}

#[test]
fn deeply_nested_bodies_are_refused_without_overflowing_the_stack() {
    let body = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    assert_eq!(errors_of(&body), pairs(&[("", "malformed_json")]));
}

#[test]
fn the_schema_states_the_same_rules() {
    let schema = CreateProductRequest::json_schema();
    assert_eq!(schema["additionalProperties"], json!(false));
    assert_eq!(schema["required"], json!(["name", "price"]));
    assert_eq!(schema["properties"]["name"]["minLength"], json!(1));
    assert_eq!(schema["properties"]["name"]["maxLength"], json!(20));
    assert_eq!(schema["properties"]["price"]["type"], json!("integer"));
    assert_eq!(schema["properties"]["price"]["minimum"], json!(1));
    let properties: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    assert_eq!(properties, CreateProductRequest::FIELDS.iter().collect::<Vec<_>>());
}

#[test]
fn each_error_names_its_problem_in_words_taken_from_the_rule() {
    assert_eq!(
        document_of(r#"{"name": "", "price": 0, "colour": "red"}"#),
        json!([
            {"pointer": "/colour", "code": "unknown_field", "message": "this member is not part of the body"},
        ])
    );
    assert_eq!(
        document_of(r#"{"name": "", "price": 0}"#),
        json!([
            {"pointer": "/name", "code": "length", "message": "name must have 1 to 20 characters"},
            {"pointer": "/price", "code": "range", "message": "price must be a whole number of at least 1"},
        ])
    );
    assert_eq!(
        document_of(r#"{"name": null, "price": 18446744073709551615}"#),
        json!([
            {"pointer": "/name", "code": "type", "message": "name must be a string, found null"},
            {"pointer": "/price", "code": "type", "message": "price must be an integer, found an integer out of range"},
        ])
    );
    assert_eq!(
        document_of(r#"{"price": 2.5}"#),
        json!([
            {"pointer": "/name", "code": "required", "message": "name is required"},
            {"pointer": "/price", "code": "type", "message": "price must be an integer, found a number that is not a 64-bit integer"},
        ])
    );
    assert_eq!(
        document_of("[1, 2]"),
        json!([{"pointer": "", "code": "type", "message": "the body must be a JSON object, found an array"}])
    );
    assert_eq!(
        document_of(r#"{"name": "Kettle""#),
        json!([{"pointer": "", "code": "malformed_json", "message": "the body is not valid JSON: EOF while parsing an object at line 1 column 17"}])
    );
}

#[test]
fn a_member_given_twice_keeps_its_last_value_and_an_escaped_name_is_read() {
    let product = CreateProductRequest::parse(br#"{"price": "5", "name": "K\u00e9", "price": 5}"#).unwrap();
    assert_eq!((product.name.as_ref(), product.price.get()), ("K\u{e9}", 5));
    assert_eq!(errors_of(r#"{"x": 1, "x": 2, "name": "K", "price": 1}"#), pairs(&[("/x", "unknown_field")]));
}

#[test]
fn the_schema_is_the_document_clients_have_always_read() {
    assert_eq!(
        CreateProductRequest::json_schema(),
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "additionalProperties": false,
            "description": "The body of `PUT /api/product/{product_id}`.",
            "properties": {
                "name": {
                    "description": "The product's name: 1 to 20 characters, kept as given.",
                    "maxLength": 20,
                    "minLength": 1,
                    "type": "string"
                },
                "price": {
                    "description": "The price in the smallest currency unit: a JSON integer of at least 1.",
                    "format": "int64",
                    "minimum": 1,
                    "type": "integer"
                }
            },
            "required": ["name", "price"],
            "title": "CreateProductRequest",
            "type": "object"
        })
    );
}

/// The bounds the schema publishes for `field`, as `(minimum, maximum)`.
fn schema_bounds(field: &str, low: &str, high: &str) -> (Option<i64>, Option<i64>) {
    let schema = CreateProductRequest::json_schema();
    let property = &schema["properties"][field];
    (property[low].as_i64(), property[high].as_i64())
}

proptest! {
    #[test]
    fn schema_and_parse_agree_on_any_name(name in "\\PC{0,25}") {
        let body = json!({"name": name, "price": 1}).to_string();
        let parsed = CreateProductRequest::parse(body.as_bytes());
        let (Some(min), Some(max)) = schema_bounds("name", "minLength", "maxLength") else { panic!("no bounds") };
        let length = i64::try_from(name.chars().count()).unwrap_or(i64::MAX);
        prop_assert_eq!(parsed.is_ok(), (min..=max).contains(&length));
        prop_assert_eq!(parsed.is_ok(), ProductName::parse(name).is_ok());
    }

    #[test]
    fn schema_and_parse_agree_on_any_integer(price in any::<i64>()) {
        let body = json!({"name": "Kettle", "price": price}).to_string();
        let parsed = CreateProductRequest::parse(body.as_bytes());
        let (Some(min), None) = schema_bounds("price", "minimum", "maximum") else { panic!("unexpected bounds") };
        prop_assert_eq!(parsed.is_ok(), price >= min);
        prop_assert_eq!(parsed.is_ok(), Price::parse(price).is_ok());
    }
}
