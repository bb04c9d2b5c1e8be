//! The API functions: one route each, behind API Gateway's REST API.

use std::convert::Infallible;

use http::Uri;
use http::uri::PathAndQuery;
use lambda_http::request::RequestContext;
use lambda_http::{Request, RequestExt, service_fn};
use product_aws::DynamoDbStore;
use product_domain::ProductService;
use product_handlers::Endpoint;
use tracing::Instrument as _;

use crate::settings::{self, StartError, TABLE_NAME};

// ANCHOR: serve_api
/// Runs the function that serves `endpoint`, on the table named by `TABLE_NAME`.
///
/// Everything expensive (the SDK configuration, the client and its connection pool) is built here,
/// once per execution environment; each invocation only runs the handler.
pub async fn serve_api(endpoint: Endpoint) -> Result<(), StartError> {
    crate::logging::init();
    let table_name = settings::required(TABLE_NAME).inspect_err(|error| tracing::error!(%error, "cannot start"))?;
    let sdk = product_aws::config::load().await;
    let service = ProductService::new(DynamoDbStore::from_conf(&sdk, table_name));
    let service = &service;
    lambda_http::run(service_fn(move |request: Request| async move {
        Ok::<_, Infallible>(handle(endpoint, service, request).await)
    }))
    .await
    .map_err(StartError::Runtime)
}
// ANCHOR_END: serve_api

/// Answers one API Gateway request with the per-route entry point of `endpoint`.
pub async fn handle(
    endpoint: Endpoint,
    service: &ProductService<DynamoDbStore>,
    request: Request,
) -> http::Response<String> {
    let request = without_stage(request);
    let span = tracing::info_span!(
        "api",
        api_request_id = api_request_id(&request).unwrap_or_default(),
        method = %request.method(),
        path = request.uri().path(),
    );
    async move {
        let response = match endpoint {
            Endpoint::CreateProduct => product_handlers::create_product(service, &request).await,
            Endpoint::GetProduct => product_handlers::get_product(service, &request).await,
            Endpoint::DeleteProduct => product_handlers::delete_product(service, &request).await,
            Endpoint::ListProducts => product_handlers::list_products(service, &request).await,
        };
        tracing::info!(status = response.status().as_u16(), "answered");
        response
    }
    .instrument(span)
    .await
}

// ANCHOR: without_stage
/// The request with the path the client asked for, as the handlers match it.
///
/// For a REST API, `lambda_http` puts the stage in front of the path (`/prod/api/products`);
/// `raw_http_path` is the path as API Gateway received it, without the stage. The query is kept.
pub fn without_stage(mut request: Request) -> Request {
    let raw = request.raw_http_path();
    if raw.is_empty() || raw == request.uri().path() {
        return request;
    }
    let path = encode_path(raw);
    let path_and_query = match request.uri().query() {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    let mut parts = request.uri().clone().into_parts();
    // Both cannot fail once the path is encoded; if they ever do, the request keeps its path and
    // gets the router's 404, which is still an answer.
    parts.path_and_query = PathAndQuery::try_from(path_and_query).ok();
    if let Ok(uri) = Uri::from_parts(parts) {
        *request.uri_mut() = uri;
    }
    request
}
// ANCHOR_END: without_stage

/// Percent-encodes the bytes a URI path may not hold, leaving `/` and existing escapes alone.
fn encode_path(raw: &str) -> String {
    let mut encoded = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b'%' => {
                encoded.push(char::from(byte));
            }
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b':' | b'@' => {
                encoded.push(char::from(byte));
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// API Gateway's id of the request, which its access logs carry too.
fn api_request_id(request: &Request) -> Option<String> {
    match request.request_context_ref()? {
        RequestContext::ApiGatewayV1(context) => context.request_id.clone(),
        // Other event sources, when `lambda_http` is built with them, have their own ids.
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rest_event(path: &str, stage: &str, query: &str) -> Request {
        let event = serde_json::json!({
            "resource": "/api/product/{product_id}",
            "path": path,
            "httpMethod": "GET",
            "headers": {"Host": "abc123.execute-api.us-east-1.amazonaws.com"},
            "multiValueHeaders": {"Host": ["abc123.execute-api.us-east-1.amazonaws.com"]},
            "queryStringParameters": if query.is_empty() { serde_json::Value::Null } else { serde_json::json!({"limit": query}) },
            "multiValueQueryStringParameters": if query.is_empty() { serde_json::Value::Null } else { serde_json::json!({"limit": [query]}) },
            "pathParameters": null,
            "stageVariables": null,
            "requestContext": {
                "accountId": "123456789012", "resourceId": "abc", "stage": stage, "requestId": "req-1",
                "identity": {"sourceIp": "127.0.0.1"}, "resourcePath": "/api/product/{product_id}",
                "httpMethod": "GET", "apiId": "abc123", "path": format!("/{stage}{path}"),
                "protocol": "HTTP/1.1", "requestTimeEpoch": 0
            },
            "body": null,
            "isBase64Encoded": false
        });
        lambda_http::request::from_str(&event.to_string()).unwrap()
    }

    #[test]
    fn the_stage_lambda_http_adds_is_taken_off_the_path() {
        let request = rest_event("/api/products", "prod", "5");
        assert_eq!(request.uri().path(), "/prod/api/products");
        let request = without_stage(request);
        assert_eq!(request.uri().path(), "/api/products");
        assert_eq!(request.uri().query(), Some("limit=5"));
        assert_eq!(api_request_id(&request).as_deref(), Some("req-1"));
    }

    #[test]
    fn characters_a_path_may_not_hold_are_escaped() {
        assert_eq!(encode_path("/api/product/a b\"ü"), "/api/product/a%20b%22%C3%BC");
        assert_eq!(encode_path("/api/product/3f2b8c1e-4d5a"), "/api/product/3f2b8c1e-4d5a");
    }
}
