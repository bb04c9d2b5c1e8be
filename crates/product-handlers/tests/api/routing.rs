//! 404 and 405 from the router and from a function that serves one route, and the `Allow`
//! header.

use http::{Method, StatusCode};
use product_domain::{MemoryStore, ProductService};
use product_handlers::{Endpoint, serve};
use serde_json::json;

use crate::client::{
    Answer, ID, KETTLE, answer, request, send, service_with_kettle, snapshot,
};
use crate::common::block_on;

fn allow(answer: &Answer) -> Option<&str> {
    answer.headers.get(http::header::ALLOW).and_then(|value| value.to_str().ok())
}

// ANCHOR: router_test
#[test]
fn the_router_answers_404_for_a_path_and_405_with_allow_for_a_method() {
    let product = format!("/api/product/{ID}");
    let cases = [
        (Method::GET, "/api/unknown", StatusCode::NOT_FOUND, None),
        (Method::GET, "/api/product/", StatusCode::NOT_FOUND, None),
        (Method::GET, "/api/products/", StatusCode::NOT_FOUND, None),
        (Method::GET, "/prod/api/products", StatusCode::NOT_FOUND, None),
        (
            Method::POST,
            product.as_str(),
            StatusCode::METHOD_NOT_ALLOWED,
            Some("PUT, GET, DELETE"),
        ),
        (
            Method::PATCH,
            product.as_str(),
            StatusCode::METHOD_NOT_ALLOWED,
            Some("PUT, GET, DELETE"),
        ),
        (Method::HEAD, "/api/products", StatusCode::METHOD_NOT_ALLOWED, Some("GET")),
        (Method::PUT, "/api/products", StatusCode::METHOD_NOT_ALLOWED, Some("GET")),
    ];
    for (method, path, status, allowed) in cases {
        let service = service_with_kettle();
        let before = snapshot(&service);
        let answer = send(&service, &request(method.clone(), path, KETTLE));
        assert_eq!(answer.status, status, "{method} {path}");
        assert_eq!(allow(&answer), allowed, "{method} {path}");
        assert_eq!(answer.content_type(), Some("application/problem+json"));
        assert_eq!(answer.json["type"], json!("about:blank"));
        assert_eq!(answer.json["status"], json!(status.as_u16()));
        assert_eq!(snapshot(&service), before, "{method} {path}");
    }
}
// ANCHOR_END: router_test

#[test]
fn the_404_and_405_titles_are_the_reason_phrases() {
    let service = service_with_kettle();
    let not_found = send(&service, &request(Method::GET, "/nowhere", ""));
    assert_eq!(not_found.json["title"], json!("Not Found"));
    let not_allowed = send(&service, &request(Method::POST, "/api/products", ""));
    assert_eq!(not_allowed.json["title"], json!("Method Not Allowed"));
}

/// What a function deployed for `endpoint` alone answers.
fn serve_only(
    endpoint: Endpoint,
    service: &ProductService<MemoryStore>,
    request: &http::Request<Vec<u8>>,
) -> Answer {
    answer(block_on(serve(&[endpoint], service, request.into())))
}

fn routes() -> [(Endpoint, Method, String); 4] {
    let product = format!("/api/product/{ID}");
    [
        (Endpoint::CreateProduct, Method::PUT, product.clone()),
        (Endpoint::GetProduct, Method::GET, product.clone()),
        (Endpoint::DeleteProduct, Method::DELETE, product),
        (Endpoint::ListProducts, Method::GET, "/api/products".to_owned()),
    ]
}

#[test]
fn each_route_function_serves_its_own_route() {
    for (endpoint, method, path) in routes() {
        let service = service_with_kettle();
        let answer = serve_only(endpoint, &service, &request(method, &path, KETTLE));
        assert!(answer.status.is_success(), "{endpoint:?}: {}", answer.raw);
    }
}

#[test]
fn a_route_function_refuses_other_routes_as_the_router_would() {
    let product = format!("/api/product/{ID}");
    for (endpoint, own_method, own_path) in routes() {
        for (_, method, path) in routes() {
            if (&method, &path) == (&own_method, &own_path) {
                continue;
            }
            let service = service_with_kettle();
            let before = snapshot(&service);
            let answer =
                serve_only(endpoint, &service, &request(method.clone(), &path, KETTLE));
            if path == own_path {
                assert_eq!(
                    answer.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{endpoint:?}: {method} {path}"
                );
                assert_eq!(
                    allow(&answer),
                    Some(own_method.as_str()),
                    "{endpoint:?}: {method} {path}"
                );
            } else {
                assert_eq!(
                    answer.status,
                    StatusCode::NOT_FOUND,
                    "{endpoint:?}: {method} {path}"
                );
                assert_eq!(allow(&answer), None);
            }
            assert_eq!(snapshot(&service), before, "{endpoint:?}: {method} {path}");
        }
        let service = service_with_kettle();
        let unknown = serve_only(
            endpoint,
            &service,
            &request(Method::GET, &format!("{product}/x"), ""),
        );
        assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{endpoint:?}");
    }
}
