//! The service end to end, as the talk tests it, against a stack: HTTP requests to the
//! API URL for every route, and the asynchronous flow, where a product written through
//! the API comes back as standardized events on the bus, caught by a rule the test owns.
//!
//! One suite, two targets ([`stack`]): a stack of its own on moto server (`cargo xtask
//! test`), or a deployed one (`PSR_E2E_TARGET=aws`, with the stack's outputs; the deploy
//! workflow runs it so).

mod gateway;
mod stack;
mod stream;

use std::time::Duration;

use product_aws::testing::run_then_clean_up;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::stack::Stack;

/// How long a test waits for what arrives asynchronously: stream records, events on the
/// bus.
const DEADLINE: Duration = Duration::from_secs(30);

/// Sends one request to the stack's API and returns the status and the body as JSON
/// (`null` when there is none).
async fn call(
    stack: &Stack,
    method: Method,
    path: &str,
    body: Option<&str>,
) -> (StatusCode, Value) {
    let url = format!("{}{}", stack.api_url, path.trim_start_matches('/'));
    let mut request = reqwest::Client::new().request(method, &url);
    if let Some(body) = body {
        request =
            request.header("content-type", "application/json").body(body.to_owned());
    }
    let response =
        request.send().await.unwrap_or_else(|error| panic!("{url} answers: {error}"));
    let status = response.status();
    let text = response.text().await.expect("the answer has a body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    (status, body)
}

// ANCHOR: routes
#[tokio::test]
async fn every_route_answers_through_the_api_as_the_contract_says() {
    let stack = Stack::start("e2e-routes").await;
    let body_stack = stack.clone();
    run_then_clean_up(
        async move {
            let stack = &body_stack;
            let id = Uuid::new_v4();
            let path = format!("api/product/{id}");
            let kettle = r#"{"name": "Kettle", "price": 25}"#;

            assert_eq!(
                call(stack, Method::PUT, &path, Some(kettle)).await,
                (StatusCode::OK, json!({"id": id}))
            );
            let again = call(stack, Method::PUT, &path, Some(kettle)).await;
            assert_eq!(again.0, StatusCode::OK, "the same body again: {again:?}");
            let other = call(
                stack,
                Method::PUT,
                &path,
                Some(r#"{"name": "Teapot", "price": 30}"#),
            )
            .await;
            assert_eq!(other.0, StatusCode::CONFLICT, "{other:?}");
            assert_eq!(
                call(stack, Method::GET, &path, None).await,
                (StatusCode::OK, json!({"id": id, "name": "Kettle", "price": 25}))
            );

            let (status, problem) =
                call(stack, Method::PUT, &path, Some(r#"{"name": "", "price": 25}"#))
                    .await;
            assert_eq!(status, StatusCode::BAD_REQUEST);
            let pointers: Vec<&Value> = problem["errors"]
                .as_array()
                .expect("an errors list")
                .iter()
                .map(|e| &e["pointer"])
                .collect();
            assert_eq!(pointers, ["/name"], "{problem}");
            let (status, problem) =
                call(stack, Method::GET, "api/product/not-a-uuid", None).await;
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert_eq!(
                problem["errors"][0]["pointer"], "/pathParameters/product_id",
                "{problem}"
            );

            assert_eq!(
                call(stack, Method::DELETE, &path, None).await,
                (StatusCode::NO_CONTENT, Value::Null)
            );
            assert_eq!(
                call(stack, Method::DELETE, &path, None).await.0,
                StatusCode::NO_CONTENT,
                "absent: still 204"
            );
            assert_eq!(
                call(stack, Method::GET, &path, None).await.0,
                StatusCode::NOT_FOUND
            );
        },
        async { stack.delete().await },
    )
    .await;
}
// ANCHOR_END: routes

#[tokio::test]
async fn the_list_pages_through_every_product_once() {
    let stack = Stack::start("e2e-list").await;
    let body_stack = stack.clone();
    run_then_clean_up(
        async move {
            let stack = &body_stack;
            let mut ids: Vec<String> =
                (0..5).map(|_| Uuid::new_v4().to_string()).collect();
            for (n, id) in ids.iter().enumerate() {
                let body =
                    json!({"name": format!("Item {n}"), "price": n + 1}).to_string();
                assert_eq!(
                    call(stack, Method::PUT, &format!("api/product/{id}"), Some(&body))
                        .await
                        .0,
                    StatusCode::OK
                );
            }

            // A deployed table may hold other products too: follow every page, then look
            // for ours.
            let mut listed = Vec::new();
            let mut next_token: Option<String> = None;
            for _ in 0..1_000 {
                let query = next_token
                    .as_ref()
                    .map(|token| format!("&next_token={token}"))
                    .unwrap_or_default();
                let (status, page) = call(
                    stack,
                    Method::GET,
                    &format!("api/products?limit=2{query}"),
                    None,
                )
                .await;
                assert_eq!(status, StatusCode::OK, "{page}");
                let products = page["products"].as_array().expect("a products list");
                assert!(products.len() <= 2, "{page}");
                listed.extend(
                    products
                        .iter()
                        .map(|product| product["id"].as_str().expect("an id").to_owned()),
                );
                next_token = page["next_token"].as_str().map(str::to_owned);
                if next_token.is_none() {
                    break;
                }
            }
            let mut ours: Vec<String> =
                listed.iter().filter(|id| ids.contains(id)).cloned().collect();
            ours.sort();
            ids.sort();
            assert_eq!(ours, ids, "each product listed exactly once");

            let (status, problem) =
                call(stack, Method::GET, "api/products?limit=0", None).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
            for id in &ids {
                call(stack, Method::DELETE, &format!("api/product/{id}"), None).await;
            }
        },
        async { stack.delete().await },
    )
    .await;
}

// ANCHOR: e2e
#[tokio::test]
async fn a_product_created_and_deleted_via_the_api_arrives_as_two_standardized_events() {
    let stack = Stack::start("e2e-events").await;
    let id = Uuid::new_v4();
    // The test's own rule: the stack's events about this test's product only.
    let pattern = json!({
        "source": [stack.event_source],
        "detail": {"data": {"product_id": [id.to_string()]}}
    });
    let capture = stack.capture("e2e-events", pattern).await;
    let (body_stack, body_capture) = (stack.clone(), capture.clone());
    run_then_clean_up(
        async move {
            let (stack, capture) = (&body_stack, &body_capture);
            // The synchronous side: HTTP to the API, as a client calls it.
            let path = format!("api/product/{id}");
            let create = call(
                stack,
                Method::PUT,
                &path,
                Some(r#"{"name": "Kettle", "price": 25}"#),
            )
            .await;
            assert_eq!(create.0, StatusCode::OK, "{create:?}");
            assert_eq!(
                call(stack, Method::DELETE, &path, None).await.0,
                StatusCode::NO_CONTENT
            );

            // The asynchronous side: the table's stream, the stream processor, the bus
            // (on moto the test plays the event source mapping; on AWS,
            // Lambda runs it).
            stack.run_event_source_mapping(2).await;

            // The consumer's view: what the rule delivered, polled for until the
            // deadline.
            let delivered =
                capture.poll(2, DEADLINE).await.expect("the test's queue is readable");
            let mut statuses: Vec<&str> = delivered
                .iter()
                .map(|event| {
                    event["detail"]["data"]["status"].as_str().unwrap_or_default()
                })
                .collect();
            statuses.sort_unstable();
            assert_eq!(statuses, ["ADDED", "REMOVED"], "{delivered:#?}");
            for event in &delivered {
                assert_envelope(event, &stack.event_source, &id.to_string());
            }
        },
        async {
            capture.delete().await;
            stack.delete().await;
        },
    )
    .await;
}
// ANCHOR_END: e2e

/// The standardized event, as EventBridge delivered it.
fn assert_envelope(event: &Value, source: &str, product_id: &str) {
    assert_eq!(event["source"], source);
    assert_eq!(event["detail-type"], "PRODUCT_CHANGE_NOTIFICATION");
    let (data, metadata) = (&event["detail"]["data"], &event["detail"]["metadata"]);
    assert_eq!(data["product_id"], product_id);
    let changed_at: jiff::Timestamp = data["created_at"]
        .as_str()
        .and_then(|time| time.parse().ok())
        .expect("the envelope has a well-formed time");
    assert!(
        jiff::Timestamp::now().duration_since(changed_at).as_secs().abs() < 600,
        "{data}"
    );
    assert_eq!(metadata["event_name"], "PRODUCT_CHANGE_NOTIFICATION");
    assert_eq!(metadata["event_source"], source);
    assert_eq!(metadata["event_version"], "v1");
    // Derived from the stream record's eventID, so a replayed record's event has the same
    // id.
    let correlation_id =
        metadata["correlation_id"].as_str().and_then(|id| Uuid::parse_str(id).ok());
    assert_eq!(correlation_id.map(|id| id.get_version_num()), Some(5), "{metadata}");
    assert!(
        metadata["created_at"]
            .as_str()
            .is_some_and(|time| time.parse::<jiff::Timestamp>().is_ok()),
        "{metadata}"
    );
}
