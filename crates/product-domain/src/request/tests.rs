//! The create body's parsing: every problem at its place, and the schema stating the same
//! rules.

mod edges;
mod hostile;

use proptest::prelude::*;
use serde_json::json;

use super::*;

fn errors_of(body: &str) -> Vec<(String, String)> {
    match CreateProductRequest::parse(body.as_bytes()) {
        Ok(product) => panic!("{body} was accepted as {product:?}"),
        Err(errors) => errors
            .0
            .into_iter()
            .map(|error| (error.pointer.into_owned(), code_name(error.code)))
            .collect(),
    }
}

/// A code as it is written in an error document.
fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|code| code.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The whole error document of `body`, as a 400 or the page shows it.
fn document_of(body: &str) -> serde_json::Value {
    serde_json::to_value(
        CreateProductRequest::parse(body.as_bytes()).err().unwrap_or_default(),
    )
    .unwrap_or_default()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(pointer, code)| ((*pointer).to_owned(), (*code).to_owned()))
        .collect()
}

#[test]
fn a_valid_body_becomes_a_new_product() {
    let product =
        CreateProductRequest::parse(br#"{"name": "Kettle", "price": 25}"#).unwrap();
    assert_eq!(product.name.as_ref(), "Kettle");
    assert_eq!(product.price.get(), 25);
}

#[test]
fn every_problem_is_reported_at_its_field() {
    assert_eq!(
        errors_of(r#"{"name": "", "price": 0}"#),
        pairs(&[("/name", "length"), ("/price", "range")])
    );
}

#[test]
fn a_price_must_be_a_json_integer() {
    for price in
        [r#""5""#, "5.0", "5.5", "true", "null", "[]", "1e3", "18446744073709551616"]
    {
        let body = format!(r#"{{"name": "Kettle", "price": {price}}}"#);
        assert_eq!(errors_of(&body), pairs(&[("/price", "type")]), "{body}");
    }
}

#[test]
fn unknown_and_missing_members_are_both_reported() {
    assert_eq!(
        errors_of(r#"{"nmae": "Kettle", "a/b": 1}"#),
        pairs(&[
            ("/a~1b", "unknown_field"),
            ("/nmae", "unknown_field"),
            ("/name", "required"),
            ("/price", "required")
        ])
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
    assert_eq!(
        schema["properties"]["price"]["maximum"],
        json!(9_007_199_254_740_991_i64)
    );
    assert_eq!(schema["properties"]["name"]["pattern"], json!(name_pattern()));
    let properties: Vec<&String> =
        schema["properties"].as_object().unwrap().keys().collect();
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
            {"pointer": "/price", "code": "range", "message": "price must be a whole number from 1 to 9007199254740991"},
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
fn a_member_given_twice_is_refused_by_name_and_an_escaped_name_is_read() {
    assert_eq!(
        document_of(r#"{"price": "5", "name": "K\u00e9", "price": 5}"#),
        json!([{"pointer": "/price", "code": "duplicate_field", "message": "price is given more than once"}])
    );
    // The same key spelled with an escape is the same key.
    assert_eq!(
        errors_of(r#"{"name": "a", "n\u0061me": "b", "price": 1}"#),
        pairs(&[("/name", "duplicate_field")])
    );
    assert_eq!(
        errors_of(r#"{"x": 1, "x": 2, "name": "K", "price": 1}"#),
        pairs(&[("/x", "unknown_field")])
    );
    let product =
        CreateProductRequest::parse(br#"{"name": "K\u00e9", "price": 5}"#).unwrap();
    assert_eq!((product.name.as_ref(), product.price.get()), ("K\u{e9}", 5));
}

#[test]
fn a_name_breaking_the_character_rules_is_refused_in_words_taken_from_the_rule() {
    assert_eq!(
        document_of(r#"{"name": "abc\u202efed", "price": 1}"#),
        json!([{"pointer": "/name", "code": "invalid", "message": "name must not contain format characters; found U+202E at character 4"}])
    );
    assert_eq!(
        document_of(r#"{"name": "Ket\u0000tle", "price": 1}"#),
        json!([{"pointer": "/name", "code": "invalid", "message": "name must not contain control characters; found U+0000 at character 4"}])
    );
    assert_eq!(
        document_of(r#"{"name": " \u3000 ", "price": 1}"#),
        json!([{"pointer": "/name", "code": "invalid", "message": "name must not be blank"}])
    );
    let product = CreateProductRequest::parse(
        "{\"name\": \"Pate\u{301}\", \"price\": 1}".as_bytes(),
    )
    .unwrap();
    assert_eq!(product.name.as_ref(), "Pat\u{e9}");
}

#[test]
fn an_error_document_lists_at_most_twenty_problems_whatever_the_body() {
    let members: Vec<String> = (0..5_000).map(|n| format!(r#""k{n:05}": 0"#)).collect();
    let body = format!("{{{}}}", members.join(","));
    let errors = CreateProductRequest::parse(body.as_bytes()).unwrap_err();
    assert_eq!(errors.errors().len(), ValidationErrors::MAX);
    assert_eq!(errors.errors()[0].pointer, "/k00000");
    let document = serde_json::to_string(&errors).unwrap();
    assert!(
        document.len() < body.len() / 10,
        "{} bytes of errors for {} bytes of body",
        document.len(),
        body.len()
    );
}

#[test]
fn a_pointer_repeats_at_most_64_characters_of_a_members_name() {
    let key = "~/".repeat(30_000);
    let errors = errors_of(&format!(r#"{{"{key}": 1, "name": "K", "price": 1}}"#));
    let expected = format!("/{}…", "~0~1".repeat(32));
    assert_eq!(errors, vec![(expected, "unknown_field".to_owned())]);
    let short = "a".repeat(FieldError::MAX_KEY_CHARS);
    assert_eq!(
        errors_of(&format!(r#"{{"{short}": 1, "name": "K", "price": 1}}"#))[0].0,
        format!("/{short}")
    );
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
                    "description": "The product's name: 1 to 20 characters once normalized to NFC, not blank, with no control, format, line separator or paragraph separator characters; stored in NFC.",
                    "maxLength": 20,
                    "minLength": 1,
                    "pattern": "^[^\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]*[^\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{White_Space}][^\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]*$",
                    "type": "string"
                },
                "price": {
                    "description": "The price in the smallest currency unit: a JSON integer from 1 to 9007199254740991 (2^53 - 1, which a JavaScript number holds exactly).",
                    "format": "int64",
                    "maximum": 9_007_199_254_740_991_i64,
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

/// The schema's `pattern` for names, as a JSON Schema validator would run it.
fn schema_pattern() -> regex::Regex {
    let schema = CreateProductRequest::json_schema();
    let pattern =
        schema["properties"]["name"]["pattern"].as_str().unwrap_or_default().to_owned();
    regex::Regex::new(&pattern)
        .unwrap_or_else(|error| panic!("the schema's pattern is not a regex: {error}"))
}

proptest! {
    // Lengths are compared on names already in NFC, as the schema says they are counted.
    #[test]
    fn schema_and_parse_agree_on_any_name(name in "\\PC{0,25}|[\\x00-\\x20\\u{200b}-\\u{202e}\\u{3000}a\\u{301}]{0,25}") {
        use unicode_normalization::UnicodeNormalization as _;
        let name: String = name.nfc().collect();
        let body = json!({"name": name, "price": 1}).to_string();
        let parsed = CreateProductRequest::parse(body.as_bytes());
        let (Some(min), Some(max)) = schema_bounds("name", "minLength", "maxLength") else { panic!("no bounds") };
        let length = i64::try_from(name.chars().count()).unwrap_or(i64::MAX);
        let by_schema = (min..=max).contains(&length) && schema_pattern().is_match(&name);
        prop_assert_eq!(parsed.is_ok(), by_schema, "{:?}", name);
        prop_assert_eq!(parsed.is_ok(), ProductName::parse(name).is_ok());
    }

    #[test]
    fn schema_and_parse_agree_on_any_integer(price in prop_oneof![any::<i64>(), Price::MAX - 3..Price::MAX + 3, -3..3_i64]) {
        let body = json!({"name": "Kettle", "price": price}).to_string();
        let parsed = CreateProductRequest::parse(body.as_bytes());
        let (Some(min), Some(max)) = schema_bounds("price", "minimum", "maximum") else { panic!("no bounds") };
        prop_assert_eq!(parsed.is_ok(), (min..=max).contains(&price));
        prop_assert_eq!(parsed.is_ok(), Price::parse(price).is_ok());
    }
}
