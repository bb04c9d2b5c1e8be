//! The contract's answers to good requests: statuses, bodies and content types, case by
//! case.

use http::{Method, StatusCode};
use product_handlers::MAX_BODY_BYTES;
use serde_json::{Value, json};

use crate::client::{
    ID, KETTLE, OTHER_ID, assert_includes, padded, request, send, service_with_kettle,
    snapshot,
};

// ANCHOR: contract_table
/// One request against a store holding a kettle at `ID`, and what must come back.
struct Case {
    name: &'static str,
    method: Method,
    uri: String,
    body: String,
    status: StatusCode,
    /// Members the body must have (`Value::Null`: no body at all).
    expected: Value,
}

fn product(id: &str) -> String {
    format!("/api/product/{id}")
}

fn cases() -> Vec<Case> {
    let case = |name, method, uri: String, body: &str, status, expected| Case {
        name,
        method,
        uri,
        body: body.to_owned(),
        status,
        expected,
    };
    vec![
        case(
            "a new product is created",
            Method::PUT,
            product(OTHER_ID),
            KETTLE,
            StatusCode::OK,
            json!({"id": OTHER_ID}),
        ),
        case(
            "the same create again succeeds",
            Method::PUT,
            product(ID),
            KETTLE,
            StatusCode::OK,
            json!({"id": ID}),
        ),
        case(
            "another body under a taken id conflicts",
            Method::PUT,
            product(ID),
            r#"{"name": "Kettle", "price": 30}"#,
            StatusCode::CONFLICT,
            json!({
                "type": "https://pragmatic-serverless.dev/problems/product-conflict",
                "status": 409
            }),
        ),
        case(
            "an upper-case id names the same product",
            Method::PUT,
            product(&ID.to_uppercase()),
            KETTLE,
            StatusCode::OK,
            json!({"id": ID}),
        ),
        case(
            "a stored product is read",
            Method::GET,
            product(ID),
            "",
            StatusCode::OK,
            json!({"id": ID, "name": "Kettle", "price": 25}),
        ),
        case(
            "an absent product is not found",
            Method::GET,
            product(OTHER_ID),
            "",
            StatusCode::NOT_FOUND,
            json!({
                "type": "https://pragmatic-serverless.dev/problems/product-not-found",
                "status": 404
            }),
        ),
        case(
            "a stored product is deleted",
            Method::DELETE,
            product(ID),
            "",
            StatusCode::NO_CONTENT,
            Value::Null,
        ),
        case(
            "an absent product is deleted too",
            Method::DELETE,
            product(OTHER_ID),
            "",
            StatusCode::NO_CONTENT,
            Value::Null,
        ),
        case(
            "the list holds the stored product and no next token",
            Method::GET,
            "/api/products".to_owned(),
            "",
            StatusCode::OK,
            json!({"products": [{"id": ID, "name": "Kettle", "price": 25}]}),
        ),
        case(
            "a page of exactly the remaining products has no next token",
            Method::GET,
            "/api/products?limit=1".to_owned(),
            "",
            StatusCode::OK,
            json!({"products": [{"id": ID, "name": "Kettle", "price": 25}]}),
        ),
    ]
}

#[test]
fn each_request_gets_the_status_and_body_of_the_contract() {
    for case in cases() {
        let service = service_with_kettle();
        let answer = send(&service, &request(case.method, &case.uri, case.body));
        assert_eq!(answer.status, case.status, "{}: {}", case.name, answer.raw);
        assert_includes(&answer.json, &case.expected, case.name);
        let content_type = match answer.status {
            StatusCode::NO_CONTENT => None,
            status if status.is_success() => Some("application/json"),
            _ => Some("application/problem+json"),
        };
        assert_eq!(answer.content_type(), content_type, "{}", case.name);
    }
}
// ANCHOR_END: contract_table

#[test]
fn a_read_returns_exactly_the_stored_members() {
    let service = service_with_kettle();
    let answer = send(&service, &request(Method::GET, &product(ID), ""));
    assert_eq!(answer.json, json!({"id": ID, "name": "Kettle", "price": 25}));
}

#[test]
fn a_list_without_more_pages_has_no_next_token_member() {
    let service = service_with_kettle();
    let answer = send(&service, &request(Method::GET, "/api/products", ""));
    assert_eq!(
        answer.json.as_object().map(|members| members.len()),
        Some(1),
        "{}",
        answer.raw
    );
}

#[test]
fn a_deleted_product_is_gone() {
    let service = service_with_kettle();
    assert_eq!(send(&service, &request(Method::DELETE, &product(ID), "")).raw, "");
    assert_eq!(
        send(&service, &request(Method::GET, &product(ID), "")).status,
        StatusCode::NOT_FOUND
    );
    assert!(snapshot(&service).is_empty());
}

#[test]
fn a_conflict_leaves_the_first_product_in_place() {
    let service = service_with_kettle();
    let before = snapshot(&service);
    let answer = send(
        &service,
        &request(Method::PUT, &product(ID), r#"{"name": "Teapot", "price": 25}"#),
    );
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(snapshot(&service), before);
}

#[test]
fn a_body_of_exactly_64_kib_is_read() {
    let service = service_with_kettle();
    let body = padded(KETTLE, MAX_BODY_BYTES);
    assert_eq!(body.len(), MAX_BODY_BYTES);
    let answer = send(&service, &request(Method::PUT, &product(OTHER_ID), body));
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
}

// ANCHOR: pagination_test
#[test]
fn following_next_tokens_lists_every_product_once() {
    let service = service_with_kettle();
    let ids: Vec<String> =
        (1..=4).map(|n| format!("00000000-0000-4000-8000-{n:012}")).collect();
    for id in &ids {
        assert_eq!(
            send(&service, &request(Method::PUT, &product(id), KETTLE)).status,
            StatusCode::OK
        );
    }

    let mut seen = Vec::new();
    let mut uri = "/api/products?limit=2".to_owned();
    loop {
        let answer = send(&service, &request(Method::GET, &uri, ""));
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
        let page = answer.json["products"].as_array().unwrap();
        assert!(page.len() <= 2);
        seen.extend(page.iter().map(|p| p["id"].as_str().unwrap().to_owned()));
        let Some(token) = answer.json["next_token"].as_str() else { break };
        let token: String = form_urlencoded::byte_serialize(token.as_bytes()).collect();
        uri = format!("/api/products?limit=2&next_token={token}");
    }

    let mut expected = ids;
    expected.push(ID.to_owned());
    expected.sort();
    assert_eq!(seen, expected);
}
// ANCHOR_END: pagination_test
