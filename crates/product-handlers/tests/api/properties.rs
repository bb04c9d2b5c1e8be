//! The invariants the `router` fuzz target checks (`crates/fuzz`), as properties: any
//! method, path, query, headers and body get a status of the contract, never a 500 over
//! the in-memory store, and a body within [`MAX_RESPONSE_BYTES`].

use http::header::CONTENT_TYPE;
use http::{HeaderName, HeaderValue, Method, Request, StatusCode};
use product_handlers::{MAX_BODY_BYTES, MAX_RESPONSE_BYTES};
use proptest::prelude::*;

use crate::client::{ID, OTHER_ID, answer, service_with_kettle};
use crate::common::block_on;

/// Every status of the HTTP API's contract but 500, which only a failing store causes.
const CONTRACT_STATUSES: [u16; 7] = [200, 204, 400, 404, 405, 409, 413];

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::GET),
        Just(Method::PUT),
        Just(Method::DELETE),
        Just(Method::POST),
        Just(Method::PATCH),
        "[A-Za-z]{1,8}"
            .prop_map(|name| Method::from_bytes(name.as_bytes())
                .expect("letters make a method")),
    ]
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(format!("/api/product/{ID}")),
        Just(format!("/api/product/{OTHER_ID}")),
        Just("/api/products".to_owned()),
        "[a-zA-Z0-9%{}._~-]{0,40}".prop_map(|segment| format!("/api/product/{segment}")),
        "/[a-z/%0-9._-]{0,40}",
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        ("\\PC{0,25}", any::<i64>()).prop_map(|(name, price)| {
            serde_json::json!({"name": name, "price": price}).to_string().into_bytes()
        }),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

/// Sends a request to a store holding a kettle and checks the answer against the
/// contract.
fn answers_within_the_contract(request: &Request<Vec<u8>>) -> Result<(), TestCaseError> {
    let service = service_with_kettle();
    let response = block_on(product_handlers::handle_request(&service, request));
    let status = response.status();
    let size = response.body().len();
    let content_type = response.headers().get(CONTENT_TYPE).cloned();
    let answer = answer(response);
    prop_assert!(
        CONTRACT_STATUSES.contains(&status.as_u16()),
        "{} {}: {}",
        request.method(),
        request.uri(),
        answer.raw
    );
    prop_assert!(size <= MAX_RESPONSE_BYTES);
    if status.is_client_error() {
        prop_assert_eq!(
            content_type,
            Some(HeaderValue::from_static("application/problem+json"))
        );
        prop_assert_eq!(&answer.json["status"], status.as_u16());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_method_path_query_headers_or_body_get_an_answer_outside_the_contract(
        method in method(),
        path in path(),
        query in proptest::option::of("[a-z_=&%0-9A-Z-]{0,40}"),
        headers in prop::collection::vec(("[a-z-]{1,12}", "[ -~]{0,20}"), 0..4),
        body in body(),
    ) {
        let uri = match query {
            Some(query) => format!("{path}?{query}"),
            None => path,
        };
        let Ok(mut request) = Request::builder().method(method).uri(&uri).body(body) else {
            // A URI `http` refuses never reaches a handler.
            return Ok(());
        };
        for (name, value) in headers {
            let name = HeaderName::from_bytes(name.as_bytes()).expect("lowercase letters make a header name");
            request.headers_mut().append(name, HeaderValue::from_str(&value).expect("printable ASCII"));
        }
        answers_within_the_contract(&request)?;
    }
}

#[test]
fn a_body_of_as_many_unknown_members_as_fit_is_answered_within_the_response_bound() {
    let mut body = String::from("{");
    let mut n = 0_u32;
    while body.len() + 16 < MAX_BODY_BYTES {
        body.push_str(&format!("\"{n:x}\":0,"));
        n += 1;
    }
    body.push_str("\"x\":0}");
    let request = Request::builder()
        .method(Method::PUT)
        .uri(format!("/api/product/{OTHER_ID}"))
        .body(body.into_bytes())
        .expect("a valid request");
    let service = service_with_kettle();
    let response = block_on(product_handlers::handle_request(&service, &request));
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        response.body().len() <= MAX_RESPONSE_BYTES,
        "{} bytes",
        response.body().len()
    );
}
