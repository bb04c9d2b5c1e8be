//! The four API functions, as binaries under the emulator, against every row of the HTTP
//! contract.

use std::collections::HashSet;

use product_aws::DynamoDbStore;
use product_aws::testing::{TestEnv, TestTable, run_then_clean_up};
use product_domain::{Price, Product, ProductId, ProductName, ProductStore};
use serde_json::{Value, json};

use crate::emulator::{Answer, RuntimeApi};
use crate::events::{ProxyResponse, rest_event};
use crate::function::{Function, command};

const ID: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";
const PROBLEM: &str = "application/problem+json";

/// One API function running under its own emulator, on a table of the test's own.
struct Harness {
    runtime: RuntimeApi,
    function: Function,
    store: DynamoDbStore,
}

impl Harness {
    async fn call(
        &self,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&str>,
    ) -> ProxyResponse {
        match self.runtime.invoke(&rest_event(method, path, query, body)).await {
            Answer::Response(response) => ProxyResponse::read(&response),
            Answer::Error(error) => {
                panic!("{method} {path}: the function failed: {error}")
            }
        }
    }
}

/// Starts `binary` on a fresh table, runs `test`, then stops the function and deletes the
/// table.
async fn with_function<F, Fut>(binary: &str, test_name: &str, test: F)
where
    F: FnOnce(Harness) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let env = TestEnv::require().await;
    let table = TestTable::create(&env, test_name, false)
        .await
        .expect("the test table is created");
    let runtime = RuntimeApi::start().await;
    let mut function = command(binary, test_name, Some(&runtime));
    function.env("TABLE_NAME", table.name());
    let harness =
        Harness { function: Function::spawn(function), runtime, store: table.store() };
    run_then_clean_up(test(harness), table.delete()).await;
}

fn product(id: &str, name: &str, price: i64) -> Product {
    Product {
        id: ProductId::parse(id).expect("a valid id"),
        name: ProductName::parse(name).expect("a valid name"),
        price: Price::parse(price).expect("a valid price"),
    }
}

fn pointers(problem: &Value) -> Vec<&str> {
    problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|error| error["pointer"].as_str())
        .collect()
}

// ANCHOR: create_contract
#[tokio::test]
async fn the_create_function_answers_every_row_of_the_put_contract() {
    with_function(
        env!("CARGO_BIN_EXE_create-product"),
        "create-product",
        |api| async move {
            let path = format!("/api/product/{ID}");
            let kettle = r#"{"name": "Kettle", "price": 25}"#;

            let created = api.call("PUT", &path, &[], Some(kettle)).await;
            assert_eq!((created.status, created.body), (200, json!({ "id": ID })));
            let repeated = api.call("PUT", &path, &[], Some(kettle)).await;
            assert_eq!((repeated.status, repeated.body), (200, json!({ "id": ID })));

            let conflict = api
                .call("PUT", &path, &[], Some(r#"{"name": "Kettle", "price": 30}"#))
                .await;
            assert_eq!(
                (conflict.status, conflict.content_type.as_deref()),
                (409, Some(PROBLEM))
            );
            assert_eq!(conflict.body["status"], 409);

            let invalid =
                api.call("PUT", &path, &[], Some(r#"{"name": "", "price": 0}"#)).await;
            assert_eq!(
                (invalid.status, invalid.content_type.as_deref()),
                (400, Some(PROBLEM))
            );
            let found = pointers(&invalid.body);
            assert!(
                found.contains(&"/name") && found.contains(&"/price"),
                "{}",
                invalid.body
            );

            let bad_id =
                api.call("PUT", "/api/product/not-a-uuid", &[], Some(kettle)).await;
            assert_eq!(
                (bad_id.status, pointers(&bad_id.body)),
                (400, vec!["/pathParameters/product_id"])
            );

            let huge = format!(
                r#"{{"name": "Kettle", "price": 25, "pad": "{}"}}"#,
                "x".repeat(65 * 1024)
            );
            let too_large = api.call("PUT", &path, &[], Some(&huge)).await;
            assert_eq!(
                (too_large.status, too_large.content_type.as_deref()),
                (413, Some(PROBLEM))
            );

            let wrong_method = api.call("POST", &path, &[], Some(kettle)).await;
            assert_eq!(
                (wrong_method.status, wrong_method.content_type.as_deref()),
                (405, Some(PROBLEM))
            );
            let unknown_path = api.call("PUT", "/api/unknown", &[], Some(kettle)).await;
            assert_eq!(
                (unknown_path.status, unknown_path.content_type.as_deref()),
                (404, Some(PROBLEM))
            );

            let stored = api.store.get(ProductId::parse(ID).unwrap()).await.unwrap();
            assert_eq!(stored, Some(product(ID, "Kettle", 25)));
            assert_eq!(api.runtime.init_errors(), Vec::<Value>::new());
            api.function.stop().await;
        },
    )
    .await;
}
// ANCHOR_END: create_contract

#[tokio::test]
async fn the_get_function_answers_200_404_and_400() {
    with_function(env!("CARGO_BIN_EXE_get-product"), "get-product", |api| async move {
        api.store.put_if_absent(&product(ID, "Kettle", 25)).await.unwrap();

        let found = api.call("GET", &format!("/api/product/{ID}"), &[], None).await;
        assert_eq!(found.status, 200);
        assert_eq!(found.content_type.as_deref(), Some("application/json"));
        assert_eq!(found.body, json!({"id": ID, "name": "Kettle", "price": 25}));

        let absent = api
            .call("GET", "/api/product/00000000-0000-4000-8000-000000000000", &[], None)
            .await;
        assert_eq!((absent.status, absent.content_type.as_deref()), (404, Some(PROBLEM)));

        let invalid = api.call("GET", "/api/product/123", &[], None).await;
        assert_eq!(
            (invalid.status, pointers(&invalid.body)),
            (400, vec!["/pathParameters/product_id"])
        );

        let wrong_method =
            api.call("PATCH", &format!("/api/product/{ID}"), &[], None).await;
        assert_eq!(wrong_method.status, 405);
        api.function.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_delete_function_answers_204_whether_or_not_the_product_exists() {
    with_function(
        env!("CARGO_BIN_EXE_delete-product"),
        "delete-product",
        |api| async move {
            api.store.put_if_absent(&product(ID, "Kettle", 25)).await.unwrap();
            let path = format!("/api/product/{ID}");

            let deleted = api.call("DELETE", &path, &[], None).await;
            assert_eq!((deleted.status, deleted.body), (204, Value::Null));
            assert_eq!(api.store.get(ProductId::parse(ID).unwrap()).await.unwrap(), None);
            let again = api.call("DELETE", &path, &[], None).await;
            assert_eq!(again.status, 204);

            let invalid = api.call("DELETE", "/api/product/not-a-uuid", &[], None).await;
            assert_eq!(
                (invalid.status, pointers(&invalid.body)),
                (400, vec!["/pathParameters/product_id"])
            );
            api.function.stop().await;
        },
    )
    .await;
}

#[tokio::test]
async fn the_list_function_pages_with_next_token_and_refuses_bad_limits_and_tokens() {
    with_function(
        env!("CARGO_BIN_EXE_list-products"),
        "list-products",
        |api| async move {
            let ids: HashSet<String> =
                (0..5).map(|n| format!("00000000-0000-4000-8000-{n:012}")).collect();
            for id in &ids {
                api.store.put_if_absent(&product(id, "Kettle", 25)).await.unwrap();
            }

            let (mut seen, mut token) = (HashSet::new(), None::<String>);
            let mut pages = 0;
            loop {
                let mut query = vec![("limit", "2")];
                if let Some(token) = &token {
                    query.push(("next_token", token));
                }
                let page = api.call("GET", "/api/products", &query, None).await;
                assert_eq!(page.status, 200, "{}", page.body);
                for listed in page.body["products"].as_array().unwrap() {
                    assert!(
                        seen.insert(listed["id"].as_str().unwrap().to_owned()),
                        "listed twice: {listed}"
                    );
                }
                pages += 1;
                match page.body["next_token"].as_str() {
                    Some(next) => token = Some(next.to_owned()),
                    None => break,
                }
            }
            assert_eq!((seen, pages), (ids, 3));

            for limit in ["0", "101", "abc"] {
                let refused =
                    api.call("GET", "/api/products", &[("limit", limit)], None).await;
                assert_eq!(refused.status, 400, "limit={limit}");
                assert_eq!(pointers(&refused.body), ["/queryStringParameters/limit"]);
            }
            let forged = api
                .call("GET", "/api/products", &[("next_token", "Zm9yZ2Vk")], None)
                .await;
            assert_eq!(
                (forged.status, pointers(&forged.body)),
                (400, vec!["/queryStringParameters/next_token"])
            );
            api.function.stop().await;
        },
    )
    .await;
}

// ANCHOR: store_failure
#[tokio::test]
async fn a_store_failure_is_a_bare_500_and_its_cause_is_logged_with_the_request_id() {
    let env = TestEnv::require().await;
    let runtime = RuntimeApi::start().await;
    let missing_table = env.unique_name("no-such-table");
    let mut function =
        command(env!("CARGO_BIN_EXE_get-product"), "get-product", Some(&runtime));
    function.env("TABLE_NAME", &missing_table);
    let function = Function::spawn(function);

    let event = rest_event("GET", &format!("/api/product/{ID}"), &[], None);
    let Answer::Response(response) = runtime.invoke(&event).await else {
        panic!("the function failed")
    };
    let response = ProxyResponse::read(&response);
    assert_eq!((response.status, response.content_type.as_deref()), (500, Some(PROBLEM)));
    let body = response.body.to_string();
    for secret in [missing_table.as_str(), "ResourceNotFound", "DynamoDB", "dispatch"] {
        assert!(!body.contains(secret), "the body leaks {secret:?}: {body}");
    }

    let log = function.log();
    let failure = log
        .iter()
        .find(|line| line["level"] == "ERROR")
        .unwrap_or_else(|| panic!("no error was logged: {:#?}", function.lines()));
    assert!(failure.to_string().contains("ResourceNotFoundException"), "{failure}");
    // The runtime's span carries Lambda's request id and the trace id, ours API Gateway's
    // request id.
    let spans = failure["spans"].as_array().expect("the log line lists its spans");
    let field = |name: &str| spans.iter().find_map(|span| span[name].as_str());
    assert!(field("requestId").is_some_and(|id| !id.is_empty()), "{failure}");
    assert!(
        field("xrayTraceId").is_some_and(|id| id.starts_with("Root=1-")),
        "{failure}"
    );
    assert_eq!(
        field("api_request_id"),
        event["requestContext"]["requestId"].as_str(),
        "{failure}"
    );
    function.stop().await;
}
// ANCHOR_END: store_failure

#[tokio::test]
async fn a_function_started_without_table_name_exits_with_a_clear_message() {
    let mut function =
        command(env!("CARGO_BIN_EXE_create-product"), "create-product", None);
    function.env_remove("TABLE_NAME");
    let output =
        tokio::time::timeout(std::time::Duration::from_secs(30), function.output())
            .await
            .expect("the function exits at once")
            .expect("the function runs");
    assert!(!output.status.success());
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text.contains("TABLE_NAME is not set"), "{text}");
}
