//! 404 and 405 from the router and from the per-route functions, and the `Allow` header.

use http::{Method, StatusCode};
use product_domain::{MemoryStore, ProductService};
use product_handlers::{create_product, delete_product, get_product, list_products};
use serde_json::json;

use crate::common::block_on;
use crate::support::{Answer, ID, KETTLE, answer, request, send, service_with_kettle, snapshot};

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
        (Method::POST, product.as_str(), StatusCode::METHOD_NOT_ALLOWED, Some("PUT, GET, DELETE")),
        (Method::PATCH, product.as_str(), StatusCode::METHOD_NOT_ALLOWED, Some("PUT, GET, DELETE")),
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

type RouteFn = fn(&ProductService<MemoryStore>, &http::Request<Vec<u8>>) -> Answer;

fn routes() -> [(&'static str, RouteFn, Method, String); 4] {
    let product = format!("/api/product/{ID}");
    [
        ("create_product", |s, r| answer(block_on(create_product(s, r))), Method::PUT, product.clone()),
        ("get_product", |s, r| answer(block_on(get_product(s, r))), Method::GET, product.clone()),
        ("delete_product", |s, r| answer(block_on(delete_product(s, r))), Method::DELETE, product),
        ("list_products", |s, r| answer(block_on(list_products(s, r))), Method::GET, "/api/products".to_owned()),
    ]
}

#[test]
fn each_route_function_serves_its_own_route() {
    for (name, route, method, path) in routes() {
        let service = service_with_kettle();
        let answer = route(&service, &request(method, &path, KETTLE));
        assert!(answer.status.is_success(), "{name}: {}", answer.raw);
    }
}

#[test]
fn a_route_function_refuses_other_routes_as_the_router_would() {
    let product = format!("/api/product/{ID}");
    for (name, route, own_method, own_path) in routes() {
        for (_, _, method, path) in routes() {
            if (&method, &path) == (&own_method, &own_path) {
                continue;
            }
            let service = service_with_kettle();
            let before = snapshot(&service);
            let answer = route(&service, &request(method.clone(), &path, KETTLE));
            if path == own_path {
                assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{name}: {method} {path}");
                assert_eq!(allow(&answer), Some(own_method.as_str()), "{name}: {method} {path}");
            } else {
                assert_eq!(answer.status, StatusCode::NOT_FOUND, "{name}: {method} {path}");
                assert_eq!(allow(&answer), None);
            }
            assert_eq!(snapshot(&service), before, "{name}: {method} {path}");
        }
        let service = service_with_kettle();
        let unknown = route(&service, &request(Method::GET, &format!("{product}/x"), ""));
        assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{name}");
    }
}
