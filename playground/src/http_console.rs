//! `handleRequest`: a request written as JSON, sent through the real router to an
//! in-memory store.
//!
//! The store lives as long as the loaded module, so a product created with one request is
//! there for the next, until the page is closed or reloaded: the same rules as the Lambda
//! functions, with [`MemoryStore`] in place of DynamoDB.

use std::collections::BTreeMap;
use std::fmt;

use futures_util::FutureExt as _;
use http::method::InvalidMethod;
use http::uri::InvalidUri;
use http::{Method, Request, Uri};
use product_domain::{MemoryStore, ProductService};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value, json};
use thiserror::Error;

use crate::poll::StillPending;

// ANCHOR: store
thread_local! {
    /// The one service of this module: every request of the page reaches the same
    /// store. A page runs the module on one thread, so this is one store per loaded
    /// module.
    static SERVICE: ProductService<MemoryStore> = ProductService::new(MemoryStore::new());
}
// ANCHOR_END: store

/// Why a request written as JSON could not be sent.
#[derive(Debug, Error)]
pub enum ConsoleError {
    /// Not JSON, or not `{"method", "path", "query"?, "headers"?, "body"?}`.
    #[error(
        "the request is not {{\"method\", \"path\", \"query\"?, \"headers\"?, \"body\"?}}"
    )]
    Json(#[from] serde_json::Error),
    /// The method is not an HTTP token.
    #[error("`method` is not an HTTP method")]
    Method(#[from] InvalidMethod),
    /// The path does not start with `/`.
    #[error("`path` must start with `/`, as in `/api/products`")]
    RelativePath,
    /// A query value is an object, an array or null.
    #[error("the query parameter `{0}` must be a string, a number or a boolean")]
    QueryValue(String),
    /// The path and query do not form a URI (spaces, quotes and other characters need
    /// escaping).
    #[error("`path` is not a valid URI path")]
    Uri(#[from] InvalidUri),
    /// The request could not be put together.
    #[error("the request could not be built")]
    Request(#[from] http::Error),
    /// The router waited for something.
    #[error(transparent)]
    Pending(#[from] StillPending),
}

/// A request as a script writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonRequest {
    method: String,
    path: String,
    #[serde(default)]
    query: Option<BTreeMap<String, Value>>,
    /// Read so that a request written with headers is accepted, and not passed on: the
    /// handlers read no request header, so no answer changes, and parsing header
    /// names would add http's table of standard names to the page (about 6 KiB
    /// gzipped).
    #[serde(default, rename = "headers")]
    _headers: Option<Headers>,
    #[serde(default)]
    body: Option<String>,
}

// ANCHOR: handle
/// Sends the request written as JSON through [`product_handlers::handle_request`] and
/// writes the response as `{"statusCode", "headers", "body"}`.
pub(crate) fn handle(request: &str) -> Result<Value, ConsoleError> {
    let request = to_http(serde_json::from_str(request)?)?;
    let response = SERVICE.with(|service| {
        product_handlers::handle_request(service, &request)
            .now_or_never()
            .ok_or(StillPending)
    })?;
    // A JSON object, in name order as any map of the answer: no map of another type is
    // compiled into the module for it.
    let mut headers = Map::new();
    for (name, value) in response.headers() {
        let value = String::from_utf8_lossy(value.as_bytes());
        match headers.get_mut(name.as_str()) {
            Some(Value::String(joined)) => {
                joined.push_str(", ");
                joined.push_str(&value);
            }
            _ => {
                headers
                    .insert(name.as_str().to_owned(), Value::String(value.into_owned()));
            }
        }
    }
    Ok(json!({
        "statusCode": response.status().as_u16(),
        "headers": headers,
        "body": response.body(),
    }))
}
// ANCHOR_END: handle

/// A request's `headers`: a map of strings, checked as one and dropped.
#[derive(Debug)]
struct Headers;

impl<'de> Deserialize<'de> for Headers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Strings;

        impl<'de> Visitor<'de> for Strings {
            type Value = Headers;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Headers, A::Error> {
                while map.next_entry::<String, String>()?.is_some() {}
                Ok(Headers)
            }
        }

        deserializer.deserialize_map(Strings)
    }
}

/// The `http` request the router takes, as `lambda_http` would hand it over.
fn to_http(request: JsonRequest) -> Result<Request<String>, ConsoleError> {
    let method = Method::from_bytes(request.method.as_bytes())?;
    if !request.path.starts_with('/') {
        return Err(ConsoleError::RelativePath);
    }
    let mut target = request.path;
    if let Some(query) = request.query.filter(|query| !query.is_empty()) {
        let mut pairs = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &query {
            let value = match value {
                Value::String(text) => text.clone(),
                Value::Number(number) => number.to_string(),
                Value::Bool(flag) => flag.to_string(),
                _ => return Err(ConsoleError::QueryValue(name.clone())),
            };
            pairs.append_pair(name, &value);
        }
        target.push('?');
        target.push_str(&pairs.finish());
    }
    Ok(Request::builder()
        .method(method)
        .uri(Uri::try_from(target)?)
        .body(request.body.unwrap_or_default())?)
}
