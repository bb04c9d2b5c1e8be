//! Module 2's tests: the real `ProductService` over your `CappedStore` keeps the
//! service's rules, a full store is an unexpected error that keeps its cause, and the
//! real router answers it with a 500.
//!
//! `cargo test -p workshop --test capped_store` runs them against your work; they fail on
//! the starter.

use http::{Request, StatusCode};
use product_domain::{
    CreateOutcome, Limit, NewProduct, Price, ProductError, ProductId, ProductName,
    ProductService, StoreError,
};
use product_handlers::handle_request;
use product_handlers::problem::{INTERNAL_ERROR_DETAIL, PROBLEM_JSON};
use workshop::{CappedStore, StoreFull};

fn id(n: u32) -> ProductId {
    ProductId::parse(&format!("00000000-0000-4000-8000-{n:012}")).expect("a UUID")
}

fn kettle(price: i64) -> NewProduct {
    NewProduct {
        name: ProductName::parse("Kettle").expect("a valid name"),
        price: Price::parse(price).expect("a valid price"),
    }
}

#[tokio::test]
async fn the_service_over_a_capped_store_keeps_and_returns_products() {
    let service = ProductService::new(CappedStore::new(2));

    assert_eq!(service.create(id(1), kettle(25)).await.unwrap(), CreateOutcome::Created);

    let product = service.get(id(1)).await.unwrap();
    assert_eq!(
        (product.id, product.name.as_ref(), product.price.get()),
        (id(1), "Kettle", 25)
    );
    assert_eq!(service.store().len(), 1);
}

#[tokio::test]
async fn creating_past_the_capacity_is_an_unexpected_error_that_keeps_its_cause() {
    let service = ProductService::new(CappedStore::new(2));
    service.create(id(1), kettle(25)).await.unwrap();
    service.create(id(2), kettle(25)).await.unwrap();

    let error = service.create(id(3), kettle(25)).await.unwrap_err();

    let ProductError::Unexpected(StoreError::Unavailable(cause)) = &error else {
        panic!("a full store is the store's failure, not the caller's: got {error:?}");
    };
    assert_eq!(cause.downcast_ref::<StoreFull>(), Some(&StoreFull { capacity: 2 }));
    assert!(matches!(service.get(id(3)).await, Err(ProductError::NotFound(_))));
    assert_eq!(service.store().len(), 2);
}

#[tokio::test]
async fn repeating_a_create_succeeds_even_when_the_store_is_full() {
    let service = ProductService::new(CappedStore::new(1));
    service.create(id(1), kettle(25)).await.unwrap();

    assert_eq!(
        service.create(id(1), kettle(25)).await.unwrap(),
        CreateOutcome::AlreadyExisted
    );
    assert!(matches!(
        service.create(id(1), kettle(30)).await,
        Err(ProductError::Conflict(_))
    ));
}

#[tokio::test]
async fn deleting_a_product_makes_room_for_another() {
    let service = ProductService::new(CappedStore::new(1));
    service.create(id(1), kettle(25)).await.unwrap();

    service.delete(id(1)).await.unwrap();

    assert!(matches!(service.get(id(1)).await, Err(ProductError::NotFound(_))));
    assert_eq!(service.create(id(2), kettle(25)).await.unwrap(), CreateOutcome::Created);
}

#[tokio::test]
async fn listing_pages_through_every_stored_product() {
    let service = ProductService::new(CappedStore::new(5));
    for n in [3, 1, 2] {
        service.create(id(n), kettle(25)).await.unwrap();
    }
    let limit = Limit::parse("2").unwrap();

    let first = service.list(limit, None).await.unwrap();
    let second = service.list(limit, first.next.clone()).await.unwrap();

    let ids: Vec<ProductId> =
        first.products.iter().chain(&second.products).map(|product| product.id).collect();
    assert_eq!(ids, [id(1), id(2), id(3)]);
    assert!(first.next.is_some());
    assert_eq!(second.next, None);
}

#[tokio::test]
async fn the_real_router_answers_a_full_store_with_a_500_that_keeps_the_cause_to_itself()
{
    let service = ProductService::new(CappedStore::new(1));
    let put = |id: ProductId| {
        Request::put(format!("/api/product/{id}"))
            .header("content-type", "application/json")
            .body(r#"{"name": "Kettle", "price": 25}"#)
            .expect("a valid request")
    };

    assert_eq!(handle_request(&service, &put(id(1))).await.status(), StatusCode::OK);
    let response = handle_request(&service, &put(id(2))).await;

    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(response.headers()["content-type"], PROBLEM_JSON);
    let problem: serde_json::Value = serde_json::from_str(response.body()).unwrap();
    assert_eq!(problem["detail"], INTERNAL_ERROR_DETAIL);
}
