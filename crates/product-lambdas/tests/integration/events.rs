//! API Gateway REST API proxy events (v1), as API Gateway sends them to a function.

use serde_json::{Map, Value, json};

/// The stage every event comes from: the functions must not see it in the path.
pub(crate) const STAGE: &str = "prod";

/// The proxy event for `method path?query` with `body`.
pub(crate) fn rest_event(
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<&str>,
) -> Value {
    let (resource, path_parameters) = match path.strip_prefix("/api/product/") {
        Some(id) => ("/api/product/{product_id}", json!({ "product_id": id })),
        None => (path, Value::Null),
    };
    let single: Map<String, Value> =
        query.iter().map(|(name, value)| ((*name).to_owned(), json!(value))).collect();
    let multi: Map<String, Value> =
        query.iter().map(|(name, value)| ((*name).to_owned(), json!([value]))).collect();
    let or_null = |map: Map<String, Value>| {
        if map.is_empty() { Value::Null } else { Value::Object(map) }
    };
    json!({
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": {"Host": "abc123.execute-api.us-east-1.amazonaws.com", "Content-Type": "application/json"},
        "multiValueHeaders": {
            "Host": ["abc123.execute-api.us-east-1.amazonaws.com"],
            "Content-Type": ["application/json"]
        },
        "queryStringParameters": or_null(single),
        "multiValueQueryStringParameters": or_null(multi),
        "pathParameters": path_parameters,
        "stageVariables": null,
        "requestContext": {
            "accountId": "123456789012",
            "resourceId": "abc123",
            "stage": STAGE,
            "requestId": uuid::Uuid::new_v4().to_string(),
            "identity": {"sourceIp": "127.0.0.1", "userAgent": "integration-test"},
            "resourcePath": resource,
            "httpMethod": method,
            "apiId": "abc123",
            "path": format!("/{STAGE}{path}"),
            "protocol": "HTTP/1.1",
            "requestTimeEpoch": 1_767_225_600_000_u64
        },
        "body": body,
        "isBase64Encoded": false
    })
}

/// A function's answer read as API Gateway reads it.
#[derive(Debug)]
pub(crate) struct ProxyResponse {
    /// The status code.
    pub(crate) status: u16,
    /// The `Content-Type` header, if any.
    pub(crate) content_type: Option<String>,
    /// The body parsed as JSON; `Null` for an empty body.
    pub(crate) body: Value,
}

impl ProxyResponse {
    /// Reads a proxy response (`{"statusCode", "headers", "multiValueHeaders", "body"}`).
    pub(crate) fn read(response: &Value) -> Self {
        let status = response["statusCode"]
            .as_u64()
            .and_then(|code| u16::try_from(code).ok())
            .unwrap_or(0);
        let header = |name: &str| {
            let find = |headers: &Value| {
                headers
                    .as_object()?
                    .iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(name))
                    .map(|(_, value)| value.clone())
            };
            match find(&response["headers"]) {
                Some(Value::String(value)) => Some(value),
                _ => find(&response["multiValueHeaders"])
                    .and_then(|values| values[0].as_str().map(str::to_owned)),
            }
        };
        let body = match response["body"].as_str() {
            None | Some("") => Value::Null,
            Some(text) => serde_json::from_str(text)
                .unwrap_or_else(|_| Value::String(text.to_owned())),
        };
        Self { status, content_type: header("content-type"), body }
    }
}
