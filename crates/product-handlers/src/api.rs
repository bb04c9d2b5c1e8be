//! The product API: HTTP requests in, HTTP responses out, through [`ProductService`]
//! only.
//!
//! Each handler parses the edge (the path id, the query, the body) into domain types,
//! calls the service, and turns the outcome into a response; the rules live in
//! `product_domain`, and the status of each failure is decided in one place
//! (`ApiError::into_response`). Responses are `http::Response<String>`, which
//! `lambda_http` sends as they are.
//!
//! [`serve`] is the one entry point: it matches a request among the endpoints it is given
//! and runs the route. A Lambda function gives it the one endpoint it is deployed for;
//! [`handle_request`] gives it all four, as a single function (and the book's pages)
//! would.

use display_full_error::DisplayFullError;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Method, Request, Response, StatusCode};
use product_domain::{
    CreateProductRequest, PageToken, Product, ProductId, ProductService, ProductStore,
};
use serde::Serialize;

use crate::error::ApiError;
use crate::input::{MAX_BODY_BYTES, both, page_query, product_id};
use crate::problem;
use crate::route::{Endpoint, Route};

/// The media type of every success body.
pub const JSON: &str = "application/json";

/// What the API reads from a request: its method, the path it matches, the query and the
/// body.
///
/// The path is a field of its own because callers differ on where it comes from:
/// [`handle_request`] takes the URI's path, while a function behind API Gateway's REST
/// API takes the path API Gateway matched (its `path` field, without the stage that
/// `lambda_http` puts in front of the URI's).
#[derive(Debug, Clone, Copy)]
pub struct ApiRequest<'a> {
    /// The request's method.
    pub method: &'a Method,
    /// The path to match, such as `/api/product/3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d`.
    pub path: &'a str,
    /// The raw query string, percent-encoded, without the `?`.
    pub query: Option<&'a str>,
    /// The raw body.
    pub body: &'a [u8],
}

impl<'a, B: AsRef<[u8]>> From<&'a Request<B>> for ApiRequest<'a> {
    fn from(request: &'a Request<B>) -> Self {
        Self {
            method: request.method(),
            path: request.uri().path(),
            query: request.uri().query(),
            body: request.body().as_ref(),
        }
    }
}

/// Serves the whole API: 404 for a path no endpoint serves, 405 (with `Allow`) for a
/// method it does not take.
pub async fn handle_request<S, B>(
    service: &ProductService<S>,
    request: &Request<B>,
) -> Response<String>
where
    S: ProductStore,
    B: AsRef<[u8]>,
{
    serve(&Endpoint::ALL, service, request.into()).await
}

// ANCHOR: serve
/// Matches the request among `endpoints` and runs the route it names.
///
/// A request that no endpoint of `endpoints` serves gets the answer the whole API would
/// give a request it cannot serve: 404 for the path, or 405 with the methods `endpoints`
/// take on it.
pub async fn serve<S: ProductStore>(
    endpoints: &[Endpoint],
    service: &ProductService<S>,
    request: ApiRequest<'_>,
) -> Response<String> {
    let outcome = match Route::resolve_among(endpoints, request.method, request.path) {
        Route::CreateProduct { id } => create(service, id, request.body).await,
        Route::GetProduct { id } => get(service, id).await,
        Route::DeleteProduct { id } => delete(service, id).await,
        Route::ListProducts => list(service, request.query).await,
        Route::MethodNotAllowed { allow } => Err(ApiError::MethodNotAllowed { allow }),
        Route::NotFound => Err(ApiError::NoRoute),
    };
    outcome.unwrap_or_else(ApiError::into_response)
}
// ANCHOR_END: serve

// ANCHOR: create
/// `PUT /api/product/{product_id}`: 200 `{"id"}` when stored or already stored the same.
async fn create<S: ProductStore>(
    service: &ProductService<S>,
    id: &str,
    body: &[u8],
) -> Result<Response<String>, ApiError> {
    let body = within_limit(body)?;
    let (id, product) = both(product_id(id), CreateProductRequest::parse(body))?;
    service.create(id, product).await?;
    Ok(json(StatusCode::OK, &Created { id }))
}

/// The body of a successful create.
#[derive(Serialize)]
struct Created {
    id: ProductId,
}
// ANCHOR_END: create

// ANCHOR: get
/// `GET /api/product/{product_id}`: 200 `{"id","name","price"}`.
async fn get<S: ProductStore>(
    service: &ProductService<S>,
    id: &str,
) -> Result<Response<String>, ApiError> {
    let product = service.get(product_id(id)?).await?;
    Ok(json(StatusCode::OK, &product))
}
// ANCHOR_END: get

// ANCHOR: delete
/// `DELETE /api/product/{product_id}`: 204, whether or not the product existed.
async fn delete<S: ProductStore>(
    service: &ProductService<S>,
    id: &str,
) -> Result<Response<String>, ApiError> {
    service.delete(product_id(id)?).await?;
    let mut response = Response::new(String::new());
    *response.status_mut() = StatusCode::NO_CONTENT;
    Ok(response)
}
// ANCHOR_END: delete

// ANCHOR: list
/// `GET /api/products?limit=&next_token=`: 200 `{"products":[...],"next_token"?}`.
///
/// A stored record that is not a product is left out of the page and logged with its id,
/// and the page's log line counts them (`skipped_items`), so that a metric filter can
/// alarm on it.
async fn list<S: ProductStore>(
    service: &ProductService<S>,
    query: Option<&str>,
) -> Result<Response<String>, ApiError> {
    let (limit, after) = page_query(query)?;
    let page = service.list(limit, after).await?;
    for record in &page.skipped {
        tracing::warn!(
            product_id = %record.id,
            error = %DisplayFullError(record),
            "a stored item is not a valid product; it was left out of the page"
        );
    }
    if !page.skipped.is_empty() {
        tracing::warn!(
            skipped_items = page.skipped.len(),
            listed = page.products.len(),
            "a page was listed without the items it could not read"
        );
    }
    let next_token = page.next.as_ref().map(PageToken::as_str);
    Ok(json(StatusCode::OK, &Products { products: &page.products, next_token }))
}

/// The body of a listing; `next_token` is left out on the last page.
#[derive(Serialize)]
struct Products<'a> {
    products: &'a [Product],
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<&'a str>,
}
// ANCHOR_END: list

// ANCHOR: body_limit
/// Refuses a body over [`MAX_BODY_BYTES`] before anything reads it.
fn within_limit(body: &[u8]) -> Result<&[u8], ApiError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiError::BodyTooLarge { size: body.len() });
    }
    Ok(body)
}
// ANCHOR_END: body_limit

/// A JSON success response.
fn json<T: Serialize>(status: StatusCode, body: &T) -> Response<String> {
    match serde_json::to_string(body) {
        Ok(body) => {
            let mut response = Response::new(body);
            *response.status_mut() = status;
            response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(JSON));
            response
        }
        Err(error) => {
            tracing::error!(error = %error, "a response body could not be written");
            problem::internal_error()
        }
    }
}

#[cfg(test)]
mod tests {
    use product_domain::MemoryStore;

    use super::*;

    #[test]
    fn a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_not() {
        assert!(within_limit(&[b' '; MAX_BODY_BYTES]).is_ok());
        assert!(matches!(
            within_limit(&[b' '; MAX_BODY_BYTES + 1]),
            Err(ApiError::BodyTooLarge { size }) if size == MAX_BODY_BYTES + 1
        ));
    }

    #[test]
    fn the_handlers_futures_can_move_between_threads() {
        fn assert_send<T: Send>(_: &T) {}
        let service = ProductService::new(MemoryStore::new());
        let request = Request::new(Vec::<u8>::new());
        assert_send(&handle_request(&service, &request));
        assert_send(&serve(&[Endpoint::CreateProduct], &service, (&request).into()));
        assert_send(&serve(&[Endpoint::ListProducts], &service, (&request).into()));
    }
}
