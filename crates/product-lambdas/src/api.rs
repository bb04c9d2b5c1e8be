//! The API functions: one endpoint each, behind API Gateway's REST API.

use std::convert::Infallible;

use lambda_http::request::RequestContext;
use lambda_http::{Request, RequestExt, service_fn};
use product_aws::DynamoDbStore;
use product_domain::{ProductService, ProductStore};
use product_handlers::{ApiRequest, Endpoint};
use tracing::Instrument as _;

use crate::settings::{self, ApiEnv, StartError};

// ANCHOR: serve_api
/// Runs the function that serves `endpoint`, on the table named by `TABLE_NAME`.
///
/// Everything expensive (the SDK configuration, the client and its connection pool) is
/// built here, once per execution environment; each invocation only runs the handler.
pub async fn serve_api(endpoint: Endpoint) -> Result<(), StartError> {
    crate::logging::init();
    let ApiEnv { table_name } = ApiEnv::read(settings::process_env)
        .inspect_err(|error| tracing::error!(%error, "cannot start"))?;
    let sdk = product_aws::config::from_env();
    let service = ProductService::new(DynamoDbStore::from_conf(&sdk, table_name));
    let service = &service;
    lambda_http::run(service_fn(move |request: Request| async move {
        Ok::<_, Infallible>(handle(endpoint, service, &request).await)
    }))
    .await
    .map_err(StartError::Runtime)
}
// ANCHOR_END: serve_api

// ANCHOR: handle
/// Answers one API Gateway request as the function deployed for `endpoint`.
///
/// The path the handlers match is API Gateway's `path` field, which `lambda_http` keeps
/// as `raw_http_path`: the path the client asked for, without the stage. The request's
/// URI is not used for it, because for a REST API `lambda_http` builds the URI as
/// `/{stage}{path}` unless the variable `AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH` is set,
/// which it reads on every request. Setting that variable here is not possible
/// (`std::env::set_var` is unsafe in edition 2024, and the workspace forbids unsafe
/// code), and leaving it to the deployment would turn every request into a 404 wherever
/// it is forgotten. The handlers match the path as a string, so nothing is re-encoded.
pub async fn handle<S: ProductStore>(
    endpoint: Endpoint,
    service: &ProductService<S>,
    request: &Request,
) -> http::Response<String> {
    let request_id = api_request_id(request).unwrap_or_default();
    let request =
        ApiRequest { path: request.raw_http_path(), ..ApiRequest::from(request) };
    let span = tracing::info_span!(
        "api",
        api_request_id = request_id,
        method = %request.method,
        path = request.path
    );
    async move {
        let response = product_handlers::serve(&[endpoint], service, request).await;
        tracing::info!(status = response.status().as_u16(), "answered");
        response
    }
    .instrument(span)
    .await
}
// ANCHOR_END: handle

/// API Gateway's id of the request, which its access logs carry too.
fn api_request_id(request: &Request) -> Option<String> {
    match request.request_context_ref()? {
        RequestContext::ApiGatewayV1(context) => context.request_id.clone(),
        // Other event sources, when `lambda_http` is built with them, have their own ids.
        _ => None,
    }
}

#[cfg(test)]
mod tests;
