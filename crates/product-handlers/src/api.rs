//! The product API: HTTP requests in, HTTP responses out, through [`ProductService`] only.
//!
//! Each handler parses the edge (the path id, the query, the body) into domain types, calls the
//! service, and turns the outcome into a response; the rules live in `product_domain`, and the status
//! of each failure is decided in one place (`ApiError::into_response`). Requests are `http` types, as
//! `lambda_http` hands them over (its `Body` is `AsRef<[u8]>`), and responses are
//! `http::Response<String>`, which `lambda_http` sends as they are.
//!
//! [`handle_request`] serves the whole API from one function; [`create_product`], [`get_product`],
//! [`delete_product`] and [`list_products`] each serve one route, for one Lambda function per route.

use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Request, Response, StatusCode};
use product_domain::{
    CreateProductRequest, FieldError, Limit, PageToken, Product, ProductId, ProductService, ProductStore,
    ValidationErrors,
};
use serde::Serialize;

use crate::error::{ApiError, next_token_error};
use crate::problem;
use crate::route::{Endpoint, Route};

/// The largest create body accepted, in bytes (64 KiB); a larger one is refused unread with a 413.
///
/// A valid body is under 100 bytes; the limit only keeps a client from making the handler parse
/// megabytes (API Gateway alone would pass up to 10 MB).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Where a 400 locates an invalid `{product_id}` (API Gateway's name for the path parameter).
pub const PRODUCT_ID_POINTER: &str = "/pathParameters/product_id";
/// Where a 400 locates an invalid `limit` query parameter.
pub const LIMIT_POINTER: &str = "/queryStringParameters/limit";
/// Where a 400 locates an invalid `next_token`, whether the handler or the store found it invalid.
pub const NEXT_TOKEN_POINTER: &str = "/queryStringParameters/next_token";

/// The media type of every success body.
pub const JSON: &str = "application/json";

/// Serves the whole API: 404 for a path no endpoint serves, 405 (with `Allow`) for a method it
/// does not take.
pub async fn handle_request<S, B>(service: &ProductService<S>, request: &Request<B>) -> Response<String>
where
    S: ProductStore,
    B: AsRef<[u8]>,
{
    serve(&Endpoint::ALL, service, request).await
}

/// Serves `PUT /api/product/{product_id}` only; other requests get the router's 404 or 405.
pub async fn create_product<S, B>(service: &ProductService<S>, request: &Request<B>) -> Response<String>
where
    S: ProductStore,
    B: AsRef<[u8]>,
{
    serve(&[Endpoint::CreateProduct], service, request).await
}

/// Serves `GET /api/product/{product_id}` only; other requests get the router's 404 or 405.
pub async fn get_product<S, B>(service: &ProductService<S>, request: &Request<B>) -> Response<String>
where
    S: ProductStore,
    B: AsRef<[u8]>,
{
    serve(&[Endpoint::GetProduct], service, request).await
}

/// Serves `DELETE /api/product/{product_id}` only; other requests get the router's 404 or 405.
pub async fn delete_product<S, B>(service: &ProductService<S>, request: &Request<B>) -> Response<String>
where
    S: ProductStore,
    B: AsRef<[u8]>,
{
    serve(&[Endpoint::DeleteProduct], service, request).await
}

/// Serves `GET /api/products` only; other requests get the router's 404 or 405.
pub async fn list_products<S, B>(service: &ProductService<S>, request: &Request<B>) -> Response<String>
where
    S: ProductStore,
    B: AsRef<[u8]>,
{
    serve(&[Endpoint::ListProducts], service, request).await
}

// ANCHOR: serve
/// Matches the request among `endpoints` and runs the route it names.
async fn serve<S, B>(endpoints: &[Endpoint], service: &ProductService<S>, request: &Request<B>) -> Response<String>
where
    S: ProductStore,
    B: AsRef<[u8]>,
{
    let outcome = match Route::resolve_among(endpoints, request.method(), request.uri().path()) {
        Route::CreateProduct { id } => create(service, id, request.body().as_ref()).await,
        Route::GetProduct { id } => get(service, id).await,
        Route::DeleteProduct { id } => delete(service, id).await,
        Route::ListProducts => list(service, request.uri().query()).await,
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
async fn get<S: ProductStore>(service: &ProductService<S>, id: &str) -> Result<Response<String>, ApiError> {
    let product = service.get(product_id(id)?).await?;
    Ok(json(StatusCode::OK, &product))
}
// ANCHOR_END: get

// ANCHOR: delete
/// `DELETE /api/product/{product_id}`: 204, whether or not the product existed.
async fn delete<S: ProductStore>(service: &ProductService<S>, id: &str) -> Result<Response<String>, ApiError> {
    service.delete(product_id(id)?).await?;
    let mut response = Response::new(String::new());
    *response.status_mut() = StatusCode::NO_CONTENT;
    Ok(response)
}
// ANCHOR_END: delete

// ANCHOR: list
/// `GET /api/products?limit=&next_token=`: 200 `{"products":[...],"next_token"?}`.
async fn list<S: ProductStore>(service: &ProductService<S>, query: Option<&str>) -> Result<Response<String>, ApiError> {
    let (limit, after) = page_query(query)?;
    let page = service.list(limit, after).await?;
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

/// Parses the `{product_id}` path segment, locating a problem at [`PRODUCT_ID_POINTER`].
fn product_id(raw: &str) -> Result<ProductId, ValidationErrors> {
    ProductId::parse(raw)
        .map_err(|error| ValidationErrors::one(FieldError::new(PRODUCT_ID_POINTER, "invalid", error.to_string())))
}

/// Reads `limit` and `next_token` from a query string, percent-decoded as `lambda_http` encodes them.
///
/// A repeated parameter keeps its last value, as API Gateway's `queryStringParameters` does; other
/// parameters are ignored, so a client's cache-busting parameter does no harm.
fn page_query(query: Option<&str>) -> Result<(Limit, Option<PageToken>), ValidationErrors> {
    let (mut limit, mut token) = (None, None);
    for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match &*name {
            "limit" => limit = Some(value),
            "next_token" => token = Some(value),
            _ => {}
        }
    }
    let limit = limit
        .map_or(Ok(Limit::DEFAULT), |limit| Limit::parse(&limit))
        .map_err(|error| ValidationErrors::one(FieldError::new(LIMIT_POINTER, "invalid", error.to_string())));
    let token =
        token.map(|token| PageToken::parse(&token)).transpose().map_err(|_| ValidationErrors::one(next_token_error()));
    both(limit, token)
}

/// Both values, or every problem either one had.
fn both<A, B>(a: Result<A, ValidationErrors>, b: Result<B, ValidationErrors>) -> Result<(A, B), ValidationErrors> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err(ValidationErrors(a.err().into_iter().chain(b.err()).flat_map(|errors| errors.0).collect())),
    }
}

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

    fn pointers(errors: ValidationErrors) -> Vec<String> {
        errors.0.into_iter().map(|error| error.pointer).collect()
    }

    #[test]
    fn an_absent_query_asks_for_the_first_page_of_twenty() {
        let (limit, token) = page_query(None).unwrap();
        assert_eq!((limit, token), (Limit::DEFAULT, None));
    }

    #[test]
    fn query_values_are_percent_decoded_and_the_last_repeat_wins() {
        let (limit, token) = page_query(Some("limit=5&limit=7&next_token=a%2Bb%3D&utm=x")).unwrap();
        assert_eq!(limit.get(), 7);
        assert_eq!(token.as_ref().map(PageToken::as_str), Some("a+b="));
    }

    #[test]
    fn a_bad_limit_and_a_bad_token_are_both_reported() {
        let errors = page_query(Some("limit=0&next_token=")).unwrap_err();
        assert_eq!(pointers(errors), [LIMIT_POINTER, NEXT_TOKEN_POINTER]);
    }

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
        assert_send(&create_product(&service, &request));
        assert_send(&list_products(&service, &request));
    }
}
