//! What every suite of the API tests shares: request building, and JSON checks.

use http::{HeaderMap, Method, Request, StatusCode};
use product_domain::{
    Limit, MemoryStore, PageToken, Product, ProductService, ProductStore,
};
use serde_json::Value;

use crate::common::block_on;

pub(crate) const ID: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";
pub(crate) const OTHER_ID: &str = "9d1c6f0e-2b7a-4c3d-8e5f-6a7b8c9d0e1f";
pub(crate) const KETTLE: &str = r#"{"name": "Kettle", "price": 25}"#;

/// `body` followed by spaces up to `len` bytes: still the same JSON, only longer.
pub(crate) fn padded(body: &str, len: usize) -> String {
    format!("{body}{}", " ".repeat(len.saturating_sub(body.len())))
}

/// A request as `lambda_http` hands it over: method, path with query, raw body.
pub(crate) fn request(
    method: Method,
    uri: &str,
    body: impl Into<Vec<u8>>,
) -> Request<Vec<u8>> {
    Request::builder()
        .method(method)
        .uri(uri)
        .body(body.into())
        .expect("a test request is well formed")
}

/// What a response says, with the body read as JSON (`Value::Null` for an empty body).
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) raw: String,
    pub(crate) json: Value,
}

impl Answer {
    pub(crate) fn content_type(&self) -> Option<&str> {
        self.headers.get(http::header::CONTENT_TYPE).and_then(|value| value.to_str().ok())
    }

    /// The `(pointer, code)` pairs of a 400's `errors`.
    pub(crate) fn errors(&self) -> Vec<(String, String)> {
        self.json["errors"]
            .as_array()
            .map(|errors| {
                errors.iter().map(|e| (text(&e["pointer"]), text(&e["code"]))).collect()
            })
            .unwrap_or_default()
    }
}

fn text(value: &Value) -> String {
    value.as_str().map(str::to_owned).unwrap_or_else(|| panic!("{value} is not a string"))
}

/// Sends a request through the router.
pub(crate) fn send<S: ProductStore>(
    service: &ProductService<S>,
    request: &Request<Vec<u8>>,
) -> Answer {
    answer(block_on(product_handlers::handle_request(service, request)))
}

pub(crate) fn answer(response: http::Response<String>) -> Answer {
    let (parts, raw) = response.into_parts();
    let json = if raw.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&raw).expect("every body is JSON")
    };
    Answer { status: parts.status, headers: parts.headers, raw, json }
}

/// A service over a store that holds a kettle at [`ID`].
pub(crate) fn service_with_kettle() -> ProductService<MemoryStore> {
    let service = ProductService::new(MemoryStore::new());
    let created =
        send(&service, &request(Method::PUT, &format!("/api/product/{ID}"), KETTLE));
    assert_eq!(created.status, StatusCode::OK, "{}", created.raw);
    service
}

/// Everything the store holds, read through the service, page by page.
pub(crate) fn snapshot(service: &ProductService<MemoryStore>) -> Vec<Product> {
    let mut products = Vec::new();
    let mut after: Option<PageToken> = None;
    loop {
        let limit = Limit::parse("100").expect("100 is a valid limit");
        let page =
            block_on(service.list(limit, after)).expect("the in-memory store lists");
        products.extend(page.products);
        match page.next {
            Some(next) => after = Some(next),
            None => return products,
        }
    }
}

/// Asserts that every member of `expected` is in `actual` with the same value (objects
/// are compared member by member, everything else exactly).
pub(crate) fn assert_includes(actual: &Value, expected: &Value, context: &str) {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            for (key, value) in expected {
                let found = actual.get(key).unwrap_or_else(|| {
                    panic!("{context}: no member {key} in {actual:?}")
                });
                assert_includes(found, value, &format!("{context}.{key}"));
            }
        }
        _ => assert_eq!(actual, expected, "{context}"),
    }
}
