//! Real API Gateway REST proxy events, read by `lambda_http` and answered by [`handle`].

use product_domain::MemoryStore;
use serde_json::{Value, json};

use super::*;

const ID: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";
const STAGE: &str = "prod";

/// A REST API proxy event as API Gateway sends it: `path` without the stage, the stage in
/// `requestContext`, the id in `pathParameters` decoded, the query in both parameter
/// maps.
fn rest_event(
    method: &str,
    path: &str,
    limit: Option<&str>,
    body: Option<&str>,
) -> Request {
    let (resource, path_parameters) = match path.strip_prefix("/api/product/") {
        Some(id) => ("/api/product/{product_id}", json!({ "product_id": id })),
        None => (path, Value::Null),
    };
    let event = json!({
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": {"Host": "abc123.execute-api.us-east-1.amazonaws.com"},
        "multiValueHeaders": {"Host": ["abc123.execute-api.us-east-1.amazonaws.com"]},
        "queryStringParameters": limit.map(|limit| json!({ "limit": limit })),
        "multiValueQueryStringParameters": limit.map(|limit| json!({ "limit": [limit] })),
        "pathParameters": path_parameters,
        "stageVariables": null,
        "requestContext": {
            "accountId": "123456789012", "resourceId": "abc", "stage": STAGE, "requestId": "req-1",
            "identity": {"sourceIp": "127.0.0.1"}, "resourcePath": resource,
            "httpMethod": method, "apiId": "abc123", "path": format!("/{STAGE}{path}"),
            "protocol": "HTTP/1.1", "requestTimeEpoch": 0
        },
        "body": body,
        "isBase64Encoded": false
    });
    lambda_http::request::from_str(&event.to_string())
        .expect("lambda_http reads a REST proxy event")
}

/// The status and the JSON body of what the function for `endpoint` answers.
async fn answer(
    endpoint: Endpoint,
    service: &ProductService<MemoryStore>,
    request: &Request,
) -> (u16, Value) {
    let response = handle(endpoint, service, request).await;
    let body = if response.body().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(response.body()).unwrap()
    };
    (response.status().as_u16(), body)
}

fn pointers(problem: &Value) -> Vec<&str> {
    problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|error| error["pointer"].as_str())
        .collect()
}

#[tokio::test]
async fn a_rest_event_is_served_on_its_path_without_the_stage() {
    let service = ProductService::new(MemoryStore::new());
    let product = format!("/api/product/{ID}");

    let create =
        rest_event("PUT", &product, None, Some(r#"{"name": "Kettle", "price": 25}"#));
    // `lambda_http` puts the stage in front of the URI's path; the function matches API
    // Gateway's path.
    assert_eq!(create.uri().path(), format!("/{STAGE}{product}"));
    assert_eq!(api_request_id(&create).as_deref(), Some("req-1"));
    assert_eq!(
        answer(Endpoint::CreateProduct, &service, &create).await,
        (200, json!({ "id": ID }))
    );

    let list = rest_event("GET", "/api/products", Some("1"), None);
    assert_eq!(list.uri().query(), Some("limit=1"));
    let (status, page) = answer(Endpoint::ListProducts, &service, &list).await;
    assert_eq!(
        (status, page),
        (200, json!({"products": [{"id": ID, "name": "Kettle", "price": 25}]}))
    );

    let refused = rest_event("GET", "/api/products", Some("0"), None);
    let (status, problem) = answer(Endpoint::ListProducts, &service, &refused).await;
    assert_eq!((status, pointers(&problem)), (400, vec!["/queryStringParameters/limit"]));
}

#[tokio::test]
async fn an_id_a_uri_could_not_hold_as_it_is_is_a_400_at_the_path_parameter() {
    let service = ProductService::new(MemoryStore::new());
    for id in [
        "a b",
        "k\u{fc}hl",
        "3f2b8c1e 4d5a-4f6b-9c7d-2e1f0a9b8c7d",
        "a%20b",
        "\"quoted\"",
    ] {
        let request = rest_event("GET", &format!("/api/product/{id}"), None, None);
        let (status, problem) = answer(Endpoint::GetProduct, &service, &request).await;
        assert_eq!(
            (status, pointers(&problem)),
            (400, vec!["/pathParameters/product_id"]),
            "{id}"
        );
    }
}

#[tokio::test]
async fn a_request_for_another_endpoint_gets_the_routers_404_or_405() {
    let service = ProductService::new(MemoryStore::new());
    let product = format!("/api/product/{ID}");

    let wrong_method = rest_event("POST", &product, None, Some("{}"));
    let response = handle(Endpoint::CreateProduct, &service, &wrong_method).await;
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(
        response.headers().get(http::header::ALLOW).and_then(|allow| allow.to_str().ok()),
        Some("PUT")
    );

    let other_path = rest_event("GET", "/api/products", None, None);
    assert_eq!(answer(Endpoint::GetProduct, &service, &other_path).await.0, 404);
}
