//! The page token: any text a client sends as `next_token` is a position in the listing
//! or a client error, never a store failure or a panic.

use product_domain::{
    Limit, MemoryStore, PageToken, ProductError, ProductService, ProductStore as _,
    StoreError,
};
use product_handlers::handle_request;

use crate::block_on;

/// The store's products, ids in order: enough for three pages of two.
const IDS: [&str; 5] = [
    "10000000-0000-4000-8000-000000000000",
    "20000000-0000-4000-8000-000000000000",
    "30000000-0000-4000-8000-000000000000",
    "40000000-0000-4000-8000-000000000000",
    "50000000-0000-4000-8000-000000000000",
];

/// Lists a store of five products after the token `text` (as the query decoded it), and
/// checks the answer: a page of at most the limit, or `InvalidPageToken`; through the
/// router, a 200 or a 400.
pub fn check_token(text: &str) {
    let service = service();
    let limit = Limit::parse("2").expect("2 is a valid limit");
    match PageToken::parse(text) {
        Err(StoreError::InvalidPageToken) => {
            assert!(
                text.is_empty() || text.len() > PageToken::MAX_LEN,
                "{text:?} is refused only for its length"
            );
        }
        Err(other) => panic!("{text:?}: parsing a token failed with {other}"),
        Ok(token) => match block_on(service.list(limit, Some(token))) {
            Ok(page) => {
                assert!(
                    page.products.len() <= 2,
                    "{text:?}: a page holds at most its limit"
                );
                if let Some(next) = page.next {
                    let after = block_on(service.store().list(limit, Some(next)));
                    assert!(after.is_ok(), "{text:?}: a token the store issued is valid");
                }
            }
            Err(ProductError::InvalidPageToken(_)) => {}
            Err(other) => {
                panic!("{text:?}: listing after a client's token failed with {other}")
            }
        },
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("next_token", text)
        .finish();
    let request = http::Request::builder()
        .uri(format!("/api/products?limit=2&{query}"))
        .body(Vec::new())
        .expect("a percent-encoded query is a valid URI");
    let status = block_on(handle_request(&service, &request)).status();
    assert!(
        [200, 400].contains(&status.as_u16()),
        "next_token={text:?} answered {status}"
    );
}

fn service() -> ProductService<MemoryStore> {
    let service = ProductService::new(MemoryStore::new());
    for (n, id) in IDS.iter().enumerate() {
        let body = format!(r#"{{"name": "Product {n}", "price": {}}}"#, n + 1);
        let product = product_domain::CreateProductRequest::parse(body.as_bytes())
            .expect("a valid body");
        let id = product_domain::ProductId::parse(id).expect("a valid id");
        block_on(service.create(id, product)).expect("the in-memory store creates");
    }
    service
}
