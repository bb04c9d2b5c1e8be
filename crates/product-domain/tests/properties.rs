//! The invariants the fuzz targets `create_body` and `page_token` check (`crates/fuzz`),
//! as properties that run with the ordinary tests: no input makes the body parser or the
//! page token panic, an accepted body reads back the same, and a client's token is a
//! position or a client error, never a store failure.

use futures_util::FutureExt as _;
use product_domain::{
    CreateProductRequest, Limit, MemoryStore, PageToken, ProductError, ProductId,
    ProductService, StoreError,
};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Checks what the parser made of `body`: an accepted product writes back to a body that
/// reads the same; a refused body names at least one problem, each at a JSON Pointer.
fn parses_consistently(body: &[u8]) -> Result<(), TestCaseError> {
    match CreateProductRequest::parse(body) {
        Ok(product) => {
            prop_assert!(!product.name.as_ref().is_empty());
            prop_assert!(product.price.get() >= 1);
            let written =
                json!({"name": product.name.as_ref(), "price": product.price.get()})
                    .to_string();
            prop_assert_eq!(
                CreateProductRequest::parse(written.as_bytes()).ok(),
                Some(product)
            );
        }
        Err(errors) => {
            prop_assert!(!errors.errors().is_empty());
            for error in errors.errors() {
                prop_assert!(
                    error.pointer.is_empty() || error.pointer.starts_with('/'),
                    "{:?}",
                    error.pointer
                );
            }
        }
    }
    Ok(())
}

/// Any JSON value, up to a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,25}".prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("\\PC{0,6}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_bytes_make_the_body_parser_panic_and_an_accepted_body_reads_back_the_same(
        body in prop::collection::vec(any::<u8>(), 0..128),
    ) {
        parses_consistently(&body)?;
    }

    #[test]
    fn no_object_of_any_members_makes_the_body_parser_panic_or_answer_inconsistently(
        name in json_value(),
        price in json_value(),
        others in prop::collection::btree_map("\\PC{0,8}", json_value(), 0..3),
    ) {
        let mut body = serde_json::Map::from_iter(others);
        body.insert("name".to_owned(), name);
        body.insert("price".to_owned(), price);
        parses_consistently(Value::Object(body).to_string().as_bytes())?;
    }

    #[test]
    fn no_client_token_makes_the_in_memory_listing_fail_other_than_as_an_invalid_token(text in "\\PC{0,80}") {
        let service = ProductService::new(MemoryStore::new());
        for n in 0..3_u8 {
            let id = ProductId::parse(&format!("{n}0000000-0000-4000-8000-000000000000")).expect("a valid id");
            let body = format!(r#"{{"name": "Product {n}", "price": 1}}"#);
            let product = CreateProductRequest::parse(body.as_bytes()).expect("a valid body");
            service.create(id, product).now_or_never().expect("never waits").expect("created");
        }
        let limit = Limit::parse("2").expect("a valid limit");
        match PageToken::parse(&text) {
            Err(error) => prop_assert!(matches!(error, StoreError::InvalidPageToken) && text.is_empty()),
            Ok(token) => match service.list(limit, Some(token)).now_or_never().expect("never waits") {
                Ok(page) => prop_assert!(page.products.len() <= 2),
                Err(error) => prop_assert!(matches!(error, ProductError::InvalidPageToken(_)), "{error}"),
            },
        }
    }
}
