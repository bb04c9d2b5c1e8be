//! The DynamoDB store: each test on a table of its own, created and deleted by the test.

mod endpoint;

use std::collections::HashSet;

use aws_sdk_dynamodb::types::AttributeValue;
use product_aws::DynamoDbStore;
use product_aws::dynamodb::item::{Item, ProductItem};
use product_aws::testing::{TestEnv, TestTable, run_then_clean_up};
use product_domain::{
    CorruptRecord, CreateOutcome, Limit, NewProduct, PageToken, Price, Product,
    ProductError, ProductId, ProductName, ProductService, ProductStore, PutOutcome,
    StoreError,
};

use self::endpoint::Endpoint;

fn product(n: u32, price: i64) -> Product {
    Product {
        id: ProductId::parse(&format!("00000000-0000-4000-8000-{n:012}"))
            .expect("a valid id"),
        name: ProductName::parse(format!("product {n}")).expect("a valid name"),
        price: Price::parse(price).expect("a valid price"),
    }
}

/// Runs `test` with a store on a fresh table, and deletes the table afterwards.
async fn with_store<F, Fut>(name: &str, test: F)
where
    F: FnOnce(DynamoDbStore) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let env = TestEnv::require().await;
    let table =
        TestTable::create(&env, name, false).await.expect("the test table is created");
    run_then_clean_up(test(table.store()), table.delete()).await;
}

#[tokio::test]
async fn a_created_product_is_read_back_and_deleted() {
    with_store("created-read-deleted", |store| async move {
        let kettle = product(1, 25);
        assert_eq!(store.put_if_absent(&kettle).await.unwrap(), PutOutcome::Created);
        assert_eq!(store.get(kettle.id).await.unwrap(), Some(kettle.clone()));
        store.delete(kettle.id).await.unwrap();
        assert_eq!(store.get(kettle.id).await.unwrap(), None);
        // Deleting what is absent is not an error.
        store.delete(kettle.id).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_create_on_a_taken_id_returns_the_stored_product_and_changes_nothing() {
    with_store("conditional-create", |store| async move {
        let stored = product(1, 25);
        store.put_if_absent(&stored).await.unwrap();
        assert_eq!(
            store.put_if_absent(&stored).await.unwrap(),
            PutOutcome::AlreadyExists(stored.clone())
        );
        assert_eq!(
            store.put_if_absent(&product(1, 99)).await.unwrap(),
            PutOutcome::AlreadyExists(stored.clone())
        );
        assert_eq!(store.get(stored.id).await.unwrap(), Some(stored));
    })
    .await;
}

#[tokio::test]
async fn a_create_on_a_taken_id_learns_the_stored_product_from_the_failed_put_alone() {
    with_store("conflict-one-request", |store| async move {
        let stored = product(1, 25);
        store.put_if_absent(&stored).await.unwrap();
        let (observed, endpoint) = Endpoint::faithful().store(&store);
        assert_eq!(
            observed.put_if_absent(&product(1, 99)).await.unwrap(),
            PutOutcome::AlreadyExists(stored)
        );
        assert_eq!(
            endpoint.sent(),
            ["PutItem"],
            "the stored item came with the failed condition"
        );
    })
    .await;
}

#[tokio::test]
async fn when_a_failed_put_comes_back_without_the_stored_item_the_create_reads_it_back() {
    with_store("conflict-read-back", |store| async move {
        let stored = product(1, 25);
        store.put_if_absent(&stored).await.unwrap();
        let (observed, endpoint) = Endpoint::dropping_old_items().store(&store);
        assert_eq!(
            observed.put_if_absent(&stored).await.unwrap(),
            PutOutcome::AlreadyExists(stored.clone())
        );
        assert_eq!(
            observed.put_if_absent(&product(1, 99)).await.unwrap(),
            PutOutcome::AlreadyExists(stored.clone())
        );
        assert_eq!(endpoint.sent(), ["PutItem", "GetItem", "PutItem", "GetItem"]);
        assert_eq!(store.get(stored.id).await.unwrap(), Some(stored));
    })
    .await;
}

#[tokio::test]
async fn a_create_over_an_item_that_is_not_a_product_reports_it_as_corrupt_and_changes_nothing()
 {
    with_store("conflict-corrupt", |store| async move {
        let id = product(1, 10).id;
        let corrupt = Item::from([
            ("id".to_owned(), AttributeValue::S(id.to_string())),
            ("name".to_owned(), AttributeValue::S("Kettle".into())),
            ("price".to_owned(), AttributeValue::S("cheap".into())),
        ]);
        store.client().put_item().table_name(store.table_name()).set_item(Some(corrupt.clone())).send().await.unwrap();
        // From the item the failed put returns, and from the read-back when it returns none.
        for (endpoint, sent) in
            [(Endpoint::faithful(), &["PutItem"][..]), (Endpoint::dropping_old_items(), &["PutItem", "GetItem"][..])]
        {
            let (observed, endpoint) = endpoint.store(&store);
            let result = observed.put_if_absent(&product(1, 10)).await;
            assert!(
                matches!(&result, Err(StoreError::Corrupt(CorruptRecord { id: found, .. })) if *found == id.to_string()),
                "{result:?}"
            );
            assert_eq!(endpoint.sent(), sent);
        }
        let item = store
            .client()
            .get_item()
            .table_name(store.table_name())
            .key("id", AttributeValue::S(id.to_string()))
            .consistent_read(true)
            .send()
            .await
            .unwrap();
        assert_eq!(item.item(), Some(&corrupt));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_whose_conflicting_product_is_deleted_before_the_read_back_is_unavailable_and_may_be_sent_again()
 {
    with_store("conflict-vanished", |store| async move {
        let stored = product(1, 25);
        store.put_if_absent(&stored).await.unwrap();
        let (observed, endpoint) =
            Endpoint::dropping_old_items_and_racing_a_delete(&store).store(&store);
        let result = observed.put_if_absent(&product(1, 99)).await;
        let Err(StoreError::Unavailable(cause)) = result else {
            panic!("expected Unavailable, got {result:?}")
        };
        assert_eq!(
            cause.to_string(),
            format!(
                "product {} was taken when created but absent when read back",
                stored.id
            )
        );
        assert_eq!(endpoint.sent(), ["PutItem", "GetItem"]);
        assert_eq!(
            store.get(stored.id).await.unwrap(),
            None,
            "the racing delete went through"
        );
        assert_eq!(
            store.put_if_absent(&product(1, 99)).await.unwrap(),
            PutOutcome::Created
        );
    })
    .await;
}

#[tokio::test]
async fn the_service_on_dynamodb_treats_a_repeat_as_success_and_a_change_as_a_conflict() {
    with_store("service-rules", |store| async move {
        let service = ProductService::new(store);
        let kettle = |price| NewProduct {
            name: ProductName::parse("Kettle").unwrap(),
            price: Price::parse(price).unwrap(),
        };
        let id = product(1, 1).id;
        assert_eq!(service.create(id, kettle(25)).await.unwrap(), CreateOutcome::Created);
        assert_eq!(
            service.create(id, kettle(25)).await.unwrap(),
            CreateOutcome::AlreadyExisted
        );
        assert!(matches!(
            service.create(id, kettle(30)).await,
            Err(ProductError::Conflict(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn the_creation_time_is_stored_beside_the_product() {
    with_store("created-at", |store| async move {
        let kettle = product(1, 25);
        store.put_if_absent(&kettle).await.unwrap();
        let item = store
            .client()
            .get_item()
            .table_name(store.table_name())
            .key("id", AttributeValue::S(kettle.id.to_string()))
            .send()
            .await
            .unwrap();
        let created_at: u64 =
            item.item().unwrap()["created_at"].as_n().unwrap().parse().unwrap();
        let now = jiff::Timestamp::now().as_second().unsigned_abs();
        assert!(now.abs_diff(created_at) < 300, "created_at {created_at}, now {now}");
    })
    .await;
}

// ANCHOR: pagination_test
#[tokio::test]
async fn pages_cover_every_product_exactly_once() {
    with_store("pagination", |store| async move {
        let count = 23;
        for n in 0..count {
            store.put_if_absent(&product(n, 10)).await.unwrap();
        }
        let limit = Limit::parse("5").unwrap();
        let (mut seen, mut sizes, mut token) = (HashSet::new(), Vec::new(), None);
        loop {
            let page = store.list(limit, token).await.unwrap();
            sizes.push(page.products.len());
            for listed in page.products {
                assert!(seen.insert(listed.id), "{} listed twice", listed.id);
            }
            token = page.next;
            if token.is_none() {
                break;
            }
        }
        assert_eq!(sizes, [5, 5, 5, 5, 3]);
        assert_eq!(seen, (0..count).map(|n| product(n, 10).id).collect());
    })
    .await;
}
// ANCHOR_END: pagination_test

#[tokio::test]
async fn pages_over_corrupt_items_list_every_product_once_and_report_every_corrupt_item_once()
 {
    with_store("pagination-corrupt", |store| async move {
        let (count, corrupt) = (11, [100, 101, 102, 103, 104, 105]);
        for n in 0..count {
            store.put_if_absent(&product(n, 10)).await.unwrap();
        }
        for n in corrupt {
            // A name that breaks the rules: as a record written before they tightened
            // would be.
            let mut item =
                Item::from(ProductItem { product: product(n, 10), created_at: None });
            item.insert("name".to_owned(), AttributeValue::S("   ".into()));
            store
                .client()
                .put_item()
                .table_name(store.table_name())
                .set_item(Some(item))
                .send()
                .await
                .unwrap();
        }
        for limit in ["1", "2", "3", "100"] {
            let limit = Limit::parse(limit).unwrap();
            let (mut listed, mut skipped, mut token) = (Vec::new(), Vec::new(), None);
            loop {
                let page = store.list(limit, token).await.unwrap();
                assert!(page.products.len() <= usize::from(limit.get()));
                listed.extend(page.products.iter().map(|listed| listed.id.to_string()));
                skipped.extend(page.skipped.iter().map(|record| record.id.clone()));
                token = page.next;
                if token.is_none() {
                    break;
                }
            }
            let expected_listed: Vec<String> =
                (0..count).map(|n| product(n, 10).id.to_string()).collect();
            let expected_skipped: Vec<String> =
                corrupt.iter().map(|&n| product(n, 10).id.to_string()).collect();
            listed.sort();
            skipped.sort();
            assert_eq!(
                (listed, skipped),
                (expected_listed, expected_skipped),
                "limit {}",
                limit.get()
            );
        }
    })
    .await;
}

/// Bytes of padding on each item of the 1 MB test: four items exceed one Scan response's
/// 1 MB, while one stays well under DynamoDB's 400 KB item limit.
const PADDING: usize = 300_000;

/// Writes `product` as its item plus a large attribute that is not part of a product.
async fn put_padded(store: &DynamoDbStore, product: &Product) {
    let mut item = Item::from(ProductItem { product: product.clone(), created_at: None });
    item.insert("padding".to_owned(), AttributeValue::S("x".repeat(PADDING)));
    let put = store
        .client()
        .put_item()
        .table_name(store.table_name())
        .set_item(Some(item))
        .send()
        .await;
    put.expect("the padded item is written");
}

/// The ids in the order of the table's Scan, read page by page with the SDK.
async fn scan_order(store: &DynamoDbStore) -> Vec<ProductId> {
    let (mut ids, mut start) = (Vec::new(), None);
    loop {
        let output = store
            .client()
            .scan()
            .table_name(store.table_name())
            .projection_expression("id")
            .set_exclusive_start_key(start)
            .consistent_read(true)
            .send()
            .await
            .expect("the table is scanned");
        ids.extend(output.items().iter().map(|item| {
            let id = item.get("id").and_then(|id| id.as_s().ok()).expect("a string id");
            ProductId::parse(id).expect("a product id")
        }));
        start = output.last_evaluated_key().filter(|key| !key.is_empty()).cloned();
        if start.is_none() {
            return ids;
        }
    }
}

#[tokio::test]
async fn a_page_is_filled_from_several_scans_when_each_stops_at_one_megabyte() {
    with_store("one-megabyte-pages", |store| async move {
        let count = 11;
        for n in 0..count {
            put_padded(&store, &product(n, 10)).await;
        }
        // The premise: one Scan asked for a page and one more item stops early at 1 MB,
        // with more to read.
        let single = store
            .client()
            .scan()
            .table_name(store.table_name())
            .limit(6)
            .consistent_read(true)
            .send()
            .await;
        let single = single.unwrap();
        assert!(
            single.items().len() < 6,
            "one Scan returned {} items of {PADDING} bytes",
            single.items().len()
        );
        assert!(
            single.last_evaluated_key().is_some(),
            "a Scan cut at 1 MB says where to go on"
        );

        let (observed, endpoint) = Endpoint::faithful().store(&store);
        let limit = Limit::parse("5").unwrap();
        let (mut listed, mut sizes, mut token) = (Vec::new(), Vec::new(), None);
        loop {
            let page = observed.list(limit, token).await.unwrap();
            sizes.push(page.products.len());
            listed.extend(page.products.iter().map(|listed| listed.id));
            token = page.next;
            if token.is_none() {
                break;
            }
        }
        assert_eq!(sizes, [5, 5, 1]);
        let scans = endpoint.sent().len();
        assert!(
            scans > sizes.len(),
            "{scans} Scans for {} pages: no page needed a second Scan",
            sizes.len()
        );
        let unique: HashSet<ProductId> = listed.iter().copied().collect();
        assert_eq!(unique.len(), listed.len(), "a product was listed twice: {listed:?}");
        assert_eq!(unique, (0..count).map(|n| product(n, 10).id).collect());
        // Each token resumed right after the last product of its page.
        assert_eq!(listed, scan_order(&store).await);
    })
    .await;
}

#[tokio::test]
async fn a_full_last_page_has_no_next_token() {
    with_store("full-last-page", |store| async move {
        for n in 0..4 {
            store.put_if_absent(&product(n, 10)).await.unwrap();
        }
        let first = store.list(Limit::parse("2").unwrap(), None).await.unwrap();
        assert_eq!(first.products.len(), 2);
        let second = store.list(Limit::parse("2").unwrap(), first.next).await.unwrap();
        assert_eq!((second.products.len(), second.next), (2, None));
        let all = store.list(Limit::parse("4").unwrap(), None).await.unwrap();
        assert_eq!((all.products.len(), all.next), (4, None));
    })
    .await;
}

#[tokio::test]
async fn an_empty_table_lists_an_empty_last_page() {
    with_store("empty-table", |store| async move {
        let page = store.list(Limit::DEFAULT, None).await.unwrap();
        assert_eq!((page.products, page.next), (vec![], None));
    })
    .await;
}

#[tokio::test]
async fn a_forged_or_damaged_page_token_is_the_callers_mistake() {
    with_store("forged-token", |store| async move {
        store.put_if_absent(&product(1, 10)).await.unwrap();
        store.put_if_absent(&product(2, 10)).await.unwrap();
        let issued =
            store.list(Limit::parse("1").unwrap(), None).await.unwrap().next.unwrap();
        let damaged = &issued.as_str()[..issued.as_str().len() / 2];
        for token in ["garbage", "eyJpZCI6IDd9", "e30", damaged] {
            let result =
                store.list(Limit::DEFAULT, Some(PageToken::parse(token).unwrap())).await;
            assert!(
                matches!(result, Err(StoreError::InvalidPageToken)),
                "{token}: {result:?}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn an_item_that_is_not_a_product_is_corrupt_when_read_and_skipped_when_listed() {
    with_store("corrupt-item", |store| async move {
        let id = product(1, 10).id;
        store
            .client()
            .put_item()
            .table_name(store.table_name())
            .item("id", AttributeValue::S(id.to_string()))
            .item("name", AttributeValue::S("Kettle".into()))
            .item("price", AttributeValue::S("cheap".into()))
            .send()
            .await
            .unwrap();
        let get = store.get(id).await;
        assert!(
            matches!(&get, Err(StoreError::Corrupt(CorruptRecord { id: found, .. })) if *found == id.to_string()),
            "{get:?}"
        );
        store.put_if_absent(&product(2, 10)).await.unwrap();
        let page = store.list(Limit::DEFAULT, None).await.unwrap();
        assert_eq!(page.products, [product(2, 10)]);
        let skipped: Vec<&str> = page.skipped.iter().map(|record| record.id.as_str()).collect();
        assert_eq!(skipped, [id.to_string()]);
        assert_eq!(page.skipped[0].source.to_string(), "the `price` attribute is not of type N");
    })
    .await;
}

// ANCHOR: missing_table_test
#[tokio::test]
async fn a_missing_table_makes_every_call_unavailable_with_the_sdk_error_as_cause() {
    let env = TestEnv::require().await;
    let store = DynamoDbStore::new(
        aws_sdk_dynamodb::Client::new(env.config()),
        env.unique_name("no-such-table"),
    );
    let kettle = product(1, 25);
    let failures = [
        store.put_if_absent(&kettle).await.err(),
        store.get(kettle.id).await.err(),
        store.list(Limit::DEFAULT, None).await.err(),
        store.delete(kettle.id).await.err(),
    ];
    for failure in failures {
        let Some(StoreError::Unavailable(cause)) = failure else {
            panic!("expected Unavailable, got {failure:?}")
        };
        let report = aws_sdk_dynamodb::error::DisplayErrorContext(&*cause).to_string();
        assert!(report.contains("ResourceNotFoundException"), "{report}");
        assert!(cause.source().is_some(), "the SDK error keeps its own cause");
    }
}
// ANCHOR_END: missing_table_test

#[tokio::test]
async fn through_the_router_a_missing_table_is_a_500_that_names_no_internal_detail() {
    let env = TestEnv::require().await;
    let table_name = env.unique_name("no-such-table");
    let service = ProductService::new(DynamoDbStore::new(
        aws_sdk_dynamodb::Client::new(env.config()),
        &table_name,
    ));
    let path = format!("/api/product/{}", product(1, 1).id);
    for (method, path, body) in [
        ("PUT", path.as_str(), r#"{"name": "Kettle", "price": 25}"#),
        ("GET", path.as_str(), ""),
        ("DELETE", path.as_str(), ""),
        ("GET", "/api/products", ""),
    ] {
        let request = http::Request::builder()
            .method(method)
            .uri(path)
            .body(body)
            .expect("a valid request");
        let response = product_handlers::handle_request(&service, &request).await;
        assert_eq!(response.status(), 500, "{method} {path}");
        let body = response.body();
        for secret in
            [table_name.as_str(), "ResourceNotFound", "dispatch", "service error"]
        {
            assert!(!body.contains(secret), "{method} {path} leaks {secret:?}: {body}");
        }
    }
}
