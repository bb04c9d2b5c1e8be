//! A local stand-in for API Gateway's REST API, for the suite's `moto` target: HTTP on
//! 127.0.0.1 in, the REST proxy event API Gateway would send, the API function of the
//! route, its answer out.
//!
//! The function is the binaries' own `api::handle`, over the DynamoDB store on moto
//! server; only the part API Gateway plays is written here. Its routes are the template's
//! four (the template suite checks that each route invokes the binary serving it); like
//! API Gateway, it answers 403 `Missing Authentication Token` to a method or path the API
//! does not declare.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use http_body_util::{BodyExt as _, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use product_aws::DynamoDbStore;
use product_domain::ProductService;
use product_handlers::{Endpoint, Route};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The stage in every URL, as in the deployed API's.
pub(crate) const STAGE: &str = "prod";

/// The gateway, serving until dropped.
pub(crate) struct Gateway {
    address: SocketAddr,
    server: JoinHandle<()>,
}

impl Gateway {
    /// Serves the API functions over `service` on a free port of 127.0.0.1.
    pub(crate) async fn start(service: ProductService<DynamoDbStore>) -> Self {
        let listener =
            TcpListener::bind("127.0.0.1:0").await.expect("a free port on 127.0.0.1");
        let address = listener.local_addr().expect("the listener's address");
        let service = Arc::new(service);
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let service = service.clone();
                tokio::spawn(async move {
                    let answer = service_fn(move |request| {
                        let service = service.clone();
                        async move { Ok::<_, Infallible>(invoke(&service, request).await) }
                    });
                    // A client that hangs up mid-request ends its connection, not the
                    // gateway.
                    let _closed = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), answer)
                        .await;
                });
            }
        });
        Self { address, server }
    }

    /// The API's base URL, as the stack's `ApiUrl` output gives it: ends with the stage
    /// and `/`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}/{STAGE}/", self.address)
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// What API Gateway does with one request: find the route, build the proxy event, invoke
/// the route's function, and return its answer.
async fn invoke(
    service: &ProductService<DynamoDbStore>,
    request: hyper::Request<Incoming>,
) -> hyper::Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map(|body| body.to_bytes()).unwrap_or_default();
    let path = parts.uri.path().strip_prefix(&format!("/{STAGE}")).unwrap_or_default();
    let Some((endpoint, resource, id)) = route(&parts.method, path) else {
        return respond(403, r#"{"message":"Missing Authentication Token"}"#.to_owned());
    };
    let query: Vec<(String, String)> =
        form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let headers: BTreeMap<&str, &str> = parts
        .headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
        .collect();
    let event = json!({
        "resource": resource,
        "path": path,
        "httpMethod": parts.method.as_str(),
        "headers": headers,
        "multiValueHeaders": headers.iter().map(|(name, value)| (*name, vec![*value])).collect::<BTreeMap<_, _>>(),
        "queryStringParameters": single_values(&query),
        "multiValueQueryStringParameters": multi_values(&query),
        "pathParameters": id.map(|id| json!({ "product_id": id })),
        "stageVariables": null,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": parts.method.as_str(),
            "stage": STAGE,
            "path": format!("/{STAGE}{path}"),
            "requestId": uuid::Uuid::new_v4().to_string(),
            "accountId": "123456789012",
            "apiId": "local",
            "protocol": "HTTP/1.1",
            "identity": { "sourceIp": "127.0.0.1" },
        },
        "body": (!body.is_empty()).then(|| String::from_utf8_lossy(&body).into_owned()),
        "isBase64Encoded": false,
    });
    let request = lambda_http::request::from_str(&event.to_string())
        .expect("the proxy event reads as a request");
    let response = product_lambdas::api::handle(endpoint, service, &request).await;
    let (parts, body) = response.into_parts();
    hyper::Response::from_parts(parts, Full::new(Bytes::from(body)))
}

/// The endpoint, the template's resource path and the id segment of a request, or `None`
/// when the API declares no such method on no such path.
fn route<'a>(
    method: &hyper::Method,
    path: &'a str,
) -> Option<(Endpoint, &'static str, Option<&'a str>)> {
    const PRODUCT: &str = "/api/product/{product_id}";
    match Route::resolve(method, path) {
        Route::CreateProduct { id } => Some((Endpoint::CreateProduct, PRODUCT, Some(id))),
        Route::GetProduct { id } => Some((Endpoint::GetProduct, PRODUCT, Some(id))),
        Route::DeleteProduct { id } => Some((Endpoint::DeleteProduct, PRODUCT, Some(id))),
        Route::ListProducts => Some((Endpoint::ListProducts, "/api/products", None)),
        Route::MethodNotAllowed { .. } | Route::NotFound => None,
    }
}

/// The query as API Gateway's `queryStringParameters`: the last value of each name, or
/// null.
fn single_values(query: &[(String, String)]) -> Value {
    if query.is_empty() {
        return Value::Null;
    }
    json!(query.iter().map(|(name, value)| (name, value)).collect::<BTreeMap<_, _>>())
}

/// The query as `multiValueQueryStringParameters`: every value of each name, or null.
fn multi_values(query: &[(String, String)]) -> Value {
    if query.is_empty() {
        return Value::Null;
    }
    let mut values: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, value) in query {
        values.entry(name).or_default().push(value);
    }
    json!(values)
}

fn respond(status: u16, body: String) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = hyper::StatusCode::from_u16(status).expect("a valid status");
    response
}
