//! Every kind of bad input gets its status and a problem document, and changes nothing in
//! the store.

use http::{Method, StatusCode};
use product_handlers::{
    LIMIT_POINTER, MAX_BODY_BYTES, NEXT_TOKEN_POINTER, PRODUCT_ID_POINTER,
};
use proptest::prelude::*;
use serde_json::json;

use crate::client::{
    Answer, ID, KETTLE, OTHER_ID, assert_includes, padded, request, send,
    service_with_kettle, snapshot,
};

const VALIDATION: &str = "https://pragmatic-serverless.dev/problems/validation";

/// A request as method, URI and body.
type Parts = (Method, String, Vec<u8>);
/// The `(pointer, code)` of each problem a 400 must list, in order.
type Located = Vec<(&'static str, &'static str)>;

fn create(id: &str, body: impl Into<Vec<u8>>) -> Parts {
    (Method::PUT, format!("/api/product/{id}"), body.into())
}

fn get(uri: &str) -> Parts {
    (Method::GET, uri.to_owned(), Vec::new())
}

/// Sends `request` to a store holding a kettle, checks the store did not change, returns
/// the answer.
fn refused(request_parts: Parts) -> Answer {
    let service = service_with_kettle();
    let before = snapshot(&service);
    let (method, uri, body) = request_parts;
    let answer = send(&service, &request(method.clone(), &uri, body));
    assert_eq!(snapshot(&service), before, "{method} {uri} changed the store");
    assert_eq!(answer.content_type(), Some("application/problem+json"), "{method} {uri}");
    answer
}

// ANCHOR: bad_input_table
#[test]
fn each_invalid_request_is_a_400_that_locates_every_problem() {
    let long_name = format!(r#"{{"name": "{}", "price": 1}}"#, "n".repeat(21));
    // 32,000 levels fit under the size limit; serde_json stops at 128 without overflowing
    // the stack.
    let nested = format!("{}{}", "[".repeat(32_000), "]".repeat(32_000));
    let cases: Vec<(&str, Parts, Located)> = vec![
        (
            "malformed JSON",
            create(OTHER_ID, r#"{"name": "#),
            vec![("", "malformed_json")],
        ),
        ("an empty body", create(OTHER_ID, ""), vec![("", "malformed_json")]),
        (
            "a body that is not UTF-8",
            create(OTHER_ID, vec![0xff, 0xfe, b'{']),
            vec![("", "malformed_json")],
        ),
        ("null", create(OTHER_ID, "null"), vec![("", "type")]),
        ("an array", create(OTHER_ID, "[]"), vec![("", "type")]),
        ("32,000 nested arrays", create(OTHER_ID, nested), vec![("", "malformed_json")]),
        (
            "a number for the name",
            create(OTHER_ID, r#"{"name": 5, "price": 1}"#),
            vec![("/name", "type")],
        ),
        (
            "a string for the price",
            create(OTHER_ID, r#"{"name": "Kettle", "price": "25"}"#),
            vec![("/price", "type")],
        ),
        (
            "a float price",
            create(OTHER_ID, r#"{"name": "Kettle", "price": 25.0}"#),
            vec![("/price", "type")],
        ),
        (
            "a null price",
            create(OTHER_ID, r#"{"name": "Kettle", "price": null}"#),
            vec![("/price", "type")],
        ),
        (
            "a price of zero",
            create(OTHER_ID, r#"{"name": "Kettle", "price": 0}"#),
            vec![("/price", "range")],
        ),
        ("an over-long name", create(OTHER_ID, long_name), vec![("/name", "length")]),
        (
            "an empty name",
            create(OTHER_ID, r#"{"name": "", "price": 1}"#),
            vec![("/name", "length")],
        ),
        (
            "a blank name",
            create(OTHER_ID, r#"{"name": " \u3000 ", "price": 1}"#),
            vec![("/name", "invalid")],
        ),
        (
            "a name holding NUL",
            create(OTHER_ID, r#"{"name": "Ket\u0000tle", "price": 1}"#),
            vec![("/name", "invalid")],
        ),
        (
            "a bidi override",
            create(OTHER_ID, r#"{"name": "abc\u202efed", "price": 1}"#),
            vec![("/name", "invalid")],
        ),
        (
            "a zero-width space",
            create(OTHER_ID, r#"{"name": "pay\u200bpal", "price": 1}"#),
            vec![("/name", "invalid")],
        ),
        (
            "a price beyond 2^53 - 1",
            create(OTHER_ID, r#"{"name": "Kettle", "price": 9007199254740992}"#),
            vec![("/price", "range")],
        ),
        (
            "a member given twice",
            create(OTHER_ID, r#"{"name": "Kettle", "price": 1, "name": "Teapot"}"#),
            vec![("/name", "duplicate_field")],
        ),
        (
            "a missing price",
            create(OTHER_ID, r#"{"name": "Kettle"}"#),
            vec![("/price", "required")],
        ),
        (
            "an unknown member",
            create(OTHER_ID, r#"{"name": "Kettle", "price": 1, "colour": "red"}"#),
            vec![("/colour", "unknown_field")],
        ),
        (
            "an id that is not a UUID",
            create("not-a-uuid", KETTLE),
            vec![(PRODUCT_ID_POINTER, "invalid")],
        ),
        (
            "a bad id and a bad body at once",
            create("42", r#"{"name": "", "price": -1}"#),
            vec![
                (PRODUCT_ID_POINTER, "invalid"),
                ("/name", "length"),
                ("/price", "range"),
            ],
        ),
        (
            "a percent-encoded id",
            create("%33f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d", KETTLE),
            vec![(PRODUCT_ID_POINTER, "invalid")],
        ),
        (
            "a read of a bad id",
            get("/api/product/not-a-uuid"),
            vec![(PRODUCT_ID_POINTER, "invalid")],
        ),
        (
            "a delete of a bad id",
            (Method::DELETE, "/api/product/not-a-uuid".to_owned(), Vec::new()),
            vec![(PRODUCT_ID_POINTER, "invalid")],
        ),
        (
            "a limit of zero",
            get("/api/products?limit=0"),
            vec![(LIMIT_POINTER, "invalid")],
        ),
        (
            "a limit over 100",
            get("/api/products?limit=101"),
            vec![(LIMIT_POINTER, "invalid")],
        ),
        (
            "a limit that is not a number",
            get("/api/products?limit=ten"),
            vec![(LIMIT_POINTER, "invalid")],
        ),
        ("an empty limit", get("/api/products?limit="), vec![(LIMIT_POINTER, "invalid")]),
        (
            "a token no store issued",
            get("/api/products?next_token=garbage"),
            vec![(NEXT_TOKEN_POINTER, "invalid")],
        ),
        (
            "an empty token",
            get("/api/products?next_token="),
            vec![(NEXT_TOKEN_POINTER, "invalid")],
        ),
        (
            "a huge token",
            get(&format!("/api/products?next_token={}", "a".repeat(2000))),
            vec![(NEXT_TOKEN_POINTER, "invalid")],
        ),
        (
            "a bad limit and a bad token",
            get("/api/products?limit=-1&next_token="),
            vec![(LIMIT_POINTER, "invalid"), (NEXT_TOKEN_POINTER, "invalid")],
        ),
    ];
    for (name, request, expected) in cases {
        let answer = refused(request);
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{name}: {}", answer.raw);
        assert_includes(&answer.json, &json!({"type": VALIDATION, "status": 400}), name);
        let expected: Vec<(String, String)> =
            expected.iter().map(|(p, c)| ((*p).to_owned(), (*c).to_owned())).collect();
        assert_eq!(answer.errors(), expected, "{name}");
    }
}
// ANCHOR_END: bad_input_table

#[test]
fn a_body_of_64_kib_of_unknown_members_gets_a_small_error_document() {
    let members: Vec<String> = (0..5_000).map(|n| format!(r#""{n:06}": 0"#)).collect();
    let body = padded(&format!("{{{}}}", members.join(",")), MAX_BODY_BYTES);
    let answer = refused(create("42", body));
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json["errors"].as_array().map(Vec::len), Some(20));
    assert_eq!(
        answer.json["detail"],
        "The request has 20 or more problems; errors describes the first 20."
    );
    assert!(answer.raw.len() < 4 * 1024, "{} bytes", answer.raw.len());
}

#[test]
fn a_member_with_a_huge_name_is_named_by_its_first_64_characters() {
    let body =
        format!(r#"{{"{}": 1, "name": "Kettle", "price": 1}}"#, "k".repeat(60_000));
    let answer = refused(create(OTHER_ID, body));
    assert_eq!(
        answer.errors(),
        [(format!("/{}…", "k".repeat(64)), "unknown_field".to_owned())]
    );
    assert!(answer.raw.len() < 1024, "{} bytes", answer.raw.len());
}

#[test]
fn a_name_is_stored_in_nfc_and_read_back_so() {
    let service = service_with_kettle();
    let body = "{\"name\": \"Pate\u{301}\", \"price\": 3}";
    assert_eq!(
        send(&service, &request(Method::PUT, &format!("/api/product/{OTHER_ID}"), body))
            .status,
        StatusCode::OK
    );
    let answer =
        send(&service, &request(Method::GET, &format!("/api/product/{OTHER_ID}"), ""));
    assert_eq!(answer.json["name"], "Pat\u{e9}");
    // The composed spelling is the same product: a repeat, not a conflict.
    let composed = "{\"name\": \"Pat\u{e9}\", \"price\": 3}";
    assert_eq!(
        send(
            &service,
            &request(Method::PUT, &format!("/api/product/{OTHER_ID}"), composed)
        )
        .status,
        StatusCode::OK
    );
}

#[test]
fn every_located_problem_has_a_message() {
    let answer = refused(create("42", r#"{"name": "", "price": "x", "extra": 1}"#));
    for error in answer.json["errors"].as_array().unwrap() {
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{error}");
        assert_eq!(error.as_object().unwrap().len(), 3, "{error}");
    }
}

// ANCHOR: too_large_test
#[test]
fn a_body_over_64_kib_is_refused_unread_with_413() {
    let body = padded(KETTLE, MAX_BODY_BYTES + 1);
    let answer = refused(create(OTHER_ID, body));
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_includes(&answer.json, &json!({"type": "about:blank", "status": 413}), "413");
    assert!(answer.json.get("errors").is_none());
}
// ANCHOR_END: too_large_test

#[test]
fn fifty_thousand_nested_arrays_are_too_large_to_read() {
    let nested = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    assert_eq!(refused(create(OTHER_ID, nested)).status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[test]
fn a_too_large_body_is_refused_even_under_a_bad_id() {
    let answer = refused(create("not-a-uuid", vec![b'x'; 10 * MAX_BODY_BYTES]));
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[test]
fn a_valid_body_under_a_bad_id_changes_nothing() {
    let answer = refused(create(&ID[..35], KETTLE));
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_body_makes_the_create_handler_panic_or_answer_outside_the_contract(body in proptest::collection::vec(any::<u8>(), 0..256)) {
        let service = service_with_kettle();
        let answer = send(&service, &request(Method::PUT, &format!("/api/product/{OTHER_ID}"), body));
        prop_assert!([StatusCode::OK, StatusCode::BAD_REQUEST].contains(&answer.status), "{}", answer.raw);
    }

    #[test]
    fn no_json_shaped_body_makes_the_create_handler_panic(
        name in proptest::option::of(".{0,30}"),
        price in proptest::option::of(any::<i64>()),
    ) {
        let service = service_with_kettle();
        let body = json!({"name": name, "price": price}).to_string();
        let answer = send(&service, &request(Method::PUT, &format!("/api/product/{OTHER_ID}"), body));
        prop_assert!([StatusCode::OK, StatusCode::BAD_REQUEST].contains(&answer.status), "{}", answer.raw);
    }

    #[test]
    fn no_path_or_query_makes_the_router_panic(path in "/[a-z/%0-9?=&-]{0,60}") {
        let service = service_with_kettle();
        let answer = send(&service, &request(Method::GET, &path, ""));
        prop_assert!(answer.status.as_u16() < 500, "{path}: {}", answer.raw);
    }
}
