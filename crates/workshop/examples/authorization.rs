//! What an API Gateway authorizer adds in front of the product API, run locally: a
//! request without a bearer token shaped like a JWT is refused with API Gateway's own 401
//! before the router sees it, and the rest reach the real router. The service's contract
//! has no authorization (the deployed stack would add it at API Gateway, not in the
//! functions), so this gate lives in an example, with the tests an end-to-end suite of a
//! deployed API would run. `cargo test -p workshop --example authorization`.

use http::{
    Request, Response, StatusCode,
    header::{AUTHORIZATION, CONTENT_TYPE},
};
use product_domain::{MemoryStore, ProductService, ProductStore};
use product_handlers::handle_request;

// ANCHOR: gate
/// What API Gateway answers, by itself, when its authorizer refuses a request: the
/// function never runs.
const UNAUTHORIZED: &str = r#"{"message":"Unauthorized"}"#;

/// Stands where API Gateway's JWT authorizer stands. Only the token's shape is checked
/// here; a real authorizer also verifies its signature against the issuer's keys, its
/// expiry and its audience, and hands the verified claims to the function in the request
/// context.
async fn authorized<S: ProductStore>(
    service: &ProductService<S>,
    request: &Request<String>,
) -> Response<String> {
    let token = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if !token.is_some_and(is_jwt_shaped) {
        return Response::builder()
            .status(StatusCode::UNAUTHORIZED)
            .header(CONTENT_TYPE, "application/json")
            .body(UNAUTHORIZED.to_owned())
            .expect("a status, a header and a body make a valid response");
    }
    handle_request(service, request).await
}

/// Three non-empty base64url segments (header, claims, signature) joined by dots.
fn is_jwt_shaped(token: &str) -> bool {
    let segments: Vec<&str> = token.split('.').collect();
    segments.len() == 3
        && segments.iter().all(|segment| {
            !segment.is_empty()
                && segment.bytes().all(|byte| {
                    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
                })
        })
}
// ANCHOR_END: gate

/// A request for the product `id`, with the given `Authorization` header if any.
fn get(id: &str, authorization: Option<&str>) -> Request<String> {
    let mut request = Request::get(format!("/api/product/{id}"));
    if let Some(value) = authorization {
        request = request.header(AUTHORIZATION, value);
    }
    request.body(String::new()).expect("a valid request")
}

/// A token of the right shape; its signature is not a real one, which only a real
/// authorizer would see.
const TOKEN: &str = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3b3Jrc2hvcCJ9.c2lnbmF0dXJl";
const ID: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let service = ProductService::new(MemoryStore::new());
    for (what, authorization) in [
        ("no token", None),
        ("a token that is not a JWT", Some("Bearer secret")),
        ("a JWT", Some(TOKEN)),
    ] {
        let response = authorized(&service, &get(ID, authorization)).await;
        println!(
            "GET /api/product/{ID} with {what}: {} {}",
            response.status(),
            response.body()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: security_tests
    #[tokio::test]
    async fn a_request_without_a_token_is_refused_before_the_router() {
        let service = ProductService::new(MemoryStore::new());

        let response = authorized(&service, &get(ID, None)).await;

        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(response.body(), UNAUTHORIZED);
    }

    #[tokio::test]
    async fn a_token_of_another_scheme_or_shape_is_refused() {
        let service = ProductService::new(MemoryStore::new());
        for authorization in [
            "Basic d29ya3Nob3A6c2VjcmV0",
            "Bearer secret",
            "Bearer a.b",
            "Bearer a..c",
            "Bearer a.b.c d",
        ] {
            let response = authorized(&service, &get(ID, Some(authorization))).await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{authorization}");
        }
    }

    #[tokio::test]
    async fn a_jwt_shaped_token_reaches_the_real_router() {
        let service = ProductService::new(MemoryStore::new());

        // The router answers: the product does not exist, and a malformed id is the
        // client's mistake.
        assert_eq!(
            authorized(&service, &get(ID, Some(TOKEN))).await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            authorized(&service, &get("kettle", Some(TOKEN))).await.status(),
            StatusCode::BAD_REQUEST
        );
    }
    // ANCHOR_END: security_tests
}
