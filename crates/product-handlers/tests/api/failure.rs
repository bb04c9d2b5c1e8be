//! Failure injection: a store that always fails gives a 500 with a generic detail, and the cause
//! reaches the log, never the body.

use std::io;

use http::{Method, StatusCode};
use product_domain::{
    Limit, Page, PageToken, Product, ProductId, ProductService, ProductStore, PutOutcome, StoreError,
};
use product_handlers::problem::INTERNAL_ERROR_DETAIL;
use serde_json::json;

use crate::client::{ID, KETTLE, request, send};
use crate::common::logged;

/// What the injected failure says: internal facts that must stay out of every response.
const SECRET: &str = "connection to 10.0.3.7:8000 refused for table products-prod";

// ANCHOR: failing_store
/// A store whose every call fails, as a store does when its database cannot be reached.
struct FailingStore;

fn unavailable() -> StoreError {
    StoreError::unavailable(io::Error::new(io::ErrorKind::ConnectionRefused, SECRET))
}

impl ProductStore for FailingStore {
    async fn put_if_absent(&self, _: &Product) -> Result<PutOutcome, StoreError> {
        Err(unavailable())
    }

    async fn get(&self, _: ProductId) -> Result<Option<Product>, StoreError> {
        Err(unavailable())
    }

    async fn list(&self, _: Limit, _: Option<PageToken>) -> Result<Page, StoreError> {
        Err(unavailable())
    }

    async fn delete(&self, _: ProductId) -> Result<(), StoreError> {
        Err(unavailable())
    }
}
// ANCHOR_END: failing_store

// ANCHOR: store_failure_test
#[test]
fn a_store_failure_is_a_generic_500_and_its_cause_goes_to_the_log() {
    let product = format!("/api/product/{ID}");
    for (method, uri) in [
        (Method::PUT, product.as_str()),
        (Method::GET, product.as_str()),
        (Method::DELETE, product.as_str()),
        (Method::GET, "/api/products"),
    ] {
        let service = ProductService::new(FailingStore);

        let (answer, log) = logged(|| send(&service, &request(method.clone(), uri, KETTLE)));

        assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR, "{method} {uri}");
        assert_eq!(answer.content_type(), Some("application/problem+json"));
        assert_eq!(
            answer.json,
            json!({
                "type": "about:blank",
                "title": "Internal Server Error",
                "status": 500,
                "detail": INTERNAL_ERROR_DETAIL
            })
        );
        assert!(!answer.raw.contains("10.0.3.7") && !answer.raw.contains("products-prod"), "{}", answer.raw);
        assert!(log.contains("ERROR"), "{log}");
        assert!(log.contains(&format!("the store failed or could not be reached: {SECRET}")), "{log}");
    }
}
// ANCHOR_END: store_failure_test

#[test]
fn bad_input_is_refused_before_the_store_is_asked() {
    let service = ProductService::new(FailingStore);
    let answer = send(&service, &request(Method::PUT, &format!("/api/product/{ID}"), "{}"));
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let answer = send(&service, &request(Method::GET, "/api/products?limit=0", ""));
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}
