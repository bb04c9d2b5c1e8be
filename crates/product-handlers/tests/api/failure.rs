//! Failure injection: a store that always fails gives a 500 with a generic detail, and
//! the cause reaches the log, never the body; a record that is not a product is left out
//! of a page and logged.

use std::io;

use http::{Method, StatusCode};
use product_domain::{
    CorruptRecord, Limit, MemoryStore, Page, PageToken, Product, ProductId,
    ProductService, ProductStore, PutOutcome, StoreError,
};
use product_handlers::problem::INTERNAL_ERROR_DETAIL;
use serde_json::json;

use crate::client::{ID, KETTLE, OTHER_ID, request, send};
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

        let (answer, log) =
            logged(|| send(&service, &request(method.clone(), uri, KETTLE)));

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
        assert!(
            !answer.raw.contains("10.0.3.7") && !answer.raw.contains("products-prod"),
            "{}",
            answer.raw
        );
        assert!(log.contains("ERROR"), "{log}");
        assert!(
            log.contains(&format!("the store failed or could not be reached: {SECRET}")),
            "{log}"
        );
    }
}
// ANCHOR_END: store_failure_test

#[test]
fn bad_input_is_refused_before_the_store_is_asked() {
    let service = ProductService::new(FailingStore);
    let answer =
        send(&service, &request(Method::PUT, &format!("/api/product/{ID}"), "{}"));
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let answer = send(&service, &request(Method::GET, "/api/products?limit=0", ""));
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

/// The in-memory store, with one record that is not a product in the range of every page,
/// as a table holds one after a bad migration or a hand edit.
struct StoreWithACorruptRecord(MemoryStore);

/// The raw id of the record that is not a product.
const CORRUPT_ID: &str = "not-a-uuid-written-by-hand";

impl ProductStore for StoreWithACorruptRecord {
    async fn put_if_absent(&self, product: &Product) -> Result<PutOutcome, StoreError> {
        self.0.put_if_absent(product).await
    }

    async fn get(&self, id: ProductId) -> Result<Option<Product>, StoreError> {
        self.0.get(id).await
    }

    async fn list(
        &self,
        limit: Limit,
        after: Option<PageToken>,
    ) -> Result<Page, StoreError> {
        let mut page = self.0.list(limit, after).await?;
        let source = io::Error::new(
            io::ErrorKind::InvalidData,
            "the `price` attribute is not of type N",
        );
        page.skipped
            .push(CorruptRecord { id: CORRUPT_ID.to_owned(), source: Box::new(source) });
        Ok(page)
    }

    async fn delete(&self, id: ProductId) -> Result<(), StoreError> {
        self.0.delete(id).await
    }
}

#[test]
fn a_record_that_is_not_a_product_is_left_out_of_the_page_logged_by_its_id_and_counted() {
    let service = ProductService::new(StoreWithACorruptRecord(MemoryStore::new()));
    for id in [ID, OTHER_ID] {
        let answer =
            send(&service, &request(Method::PUT, &format!("/api/product/{id}"), KETTLE));
        assert_eq!(answer.status, StatusCode::OK);
    }

    let (answer, log) =
        logged(|| send(&service, &request(Method::GET, "/api/products", "")));

    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    assert_eq!(answer.json["products"].as_array().map(Vec::len), Some(2));
    assert!(!answer.raw.contains(CORRUPT_ID), "{}", answer.raw);
    assert!(log.contains("WARN"), "{log}");
    assert!(log.contains(&format!("product_id={CORRUPT_ID}")), "{log}");
    assert!(log.contains("the `price` attribute is not of type N"), "{log}");
    assert!(log.contains("skipped_items=1 listed=2"), "{log}");
}

#[test]
fn a_page_with_nothing_skipped_logs_nothing() {
    let service = ProductService::new(MemoryStore::new());
    let (answer, log) =
        logged(|| send(&service, &request(Method::GET, "/api/products", "")));
    assert_eq!(answer.status, StatusCode::OK);
    assert!(!log.contains("skipped_items"), "{log}");
}
