//! Why a request did not succeed, and the one place that turns each reason into a status
//! and a body.

use display_full_error::DisplayFullError;
use http::header::HeaderValue;
use http::{Method, Response, StatusCode};
use product_domain::{FieldError, ProductError, ValidationErrors};
use thiserror::Error;

use crate::input::{MAX_BODY_BYTES, next_token_error};
use crate::problem::{
    INTERNAL_ERROR_DETAIL, PRODUCT_CONFLICT, PRODUCT_NOT_FOUND, Problem, VALIDATION,
};

/// Why a request failed, by the answer the client gets.
#[derive(Debug, Error)]
pub(crate) enum ApiError {
    /// The path id, the query or the body breaks a rule.
    #[error("the request is invalid")]
    Invalid(#[from] ValidationErrors),
    /// The body is over [`MAX_BODY_BYTES`]; it was not parsed.
    #[error("the body has {size} bytes, more than {MAX_BODY_BYTES}")]
    BodyTooLarge {
        /// The body's size in bytes.
        size: usize,
    },
    /// The product service said no, or failed.
    #[error("the product service did not complete the request")]
    Product(#[from] ProductError),
    /// No endpoint serves the path.
    #[error("no endpoint serves the path")]
    NoRoute,
    /// The path is served, with other methods.
    #[error("the path does not take this method")]
    MethodNotAllowed {
        /// The methods it takes.
        allow: Vec<Method>,
    },
}

impl ApiError {
    // ANCHOR: error_to_status
    /// The only place that decides which status a failure gets.
    pub(crate) fn into_response(self) -> Response<String> {
        let problem = match self {
            Self::Invalid(errors) => invalid(errors.0),
            Self::BodyTooLarge { size } => Problem::plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "The body has {size} bytes; at most {MAX_BODY_BYTES} are accepted."
                ),
            ),
            Self::Product(ProductError::NotFound(id)) => Problem::typed(
                StatusCode::NOT_FOUND,
                PRODUCT_NOT_FOUND,
                "Product not found",
                format!("No product has the id {id}."),
            ),
            Self::Product(ProductError::Conflict(id)) => Problem::typed(
                StatusCode::CONFLICT,
                PRODUCT_CONFLICT,
                "Product already exists",
                format!(
                    "Product {id} already exists with another name or price; \
                     use another id."
                ),
            ),
            Self::Product(ProductError::InvalidPageToken(_)) => {
                invalid(vec![next_token_error()])
            }
            Self::Product(error @ ProductError::Unexpected(_)) => {
                tracing::error!(
                    error = %DisplayFullError(&error),
                    "a request failed on the product store"
                );
                Problem::plain(StatusCode::INTERNAL_SERVER_ERROR, INTERNAL_ERROR_DETAIL)
            }
            Self::NoRoute => {
                Problem::plain(StatusCode::NOT_FOUND, "No endpoint serves this path.")
            }
            Self::MethodNotAllowed { allow } => {
                let methods =
                    allow.iter().map(Method::as_str).collect::<Vec<_>>().join(", ");
                let problem = Problem::plain(
                    StatusCode::METHOD_NOT_ALLOWED,
                    format!("This path takes {methods} only."),
                );
                match HeaderValue::from_str(&methods) {
                    Ok(allow) => problem.with_allow(allow),
                    Err(_) => problem,
                }
            }
        };
        problem.into_response()
    }
    // ANCHOR_END: error_to_status
}

/// A 400 listing the problems found, of which a list holds at most
/// [`ValidationErrors::MAX`].
fn invalid(errors: Vec<FieldError>) -> Problem {
    let detail = match errors.len() {
        1 => "The request has 1 problem, described in errors.".to_owned(),
        count if count >= ValidationErrors::MAX => {
            format!(
                "The request has {count} or more problems; errors describes the first {count}."
            )
        }
        count => format!("The request has {count} problems, each described in errors."),
    };
    Problem::typed(
        StatusCode::BAD_REQUEST,
        VALIDATION,
        "The request is not valid",
        detail,
    )
    .with_errors(errors)
}

#[cfg(test)]
mod tests {
    use product_domain::StoreError;

    use super::*;

    #[test]
    fn a_logged_failure_names_every_cause_in_order() {
        let error = ProductError::Unexpected(StoreError::unavailable("connection reset"));
        assert_eq!(
            DisplayFullError(&error).to_string(),
            "the product service could not complete the request: the store failed or could not be reached: connection reset"
        );
    }

    #[test]
    fn each_failure_gets_its_status() {
        let id = product_domain::ProductId::parse("3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d")
            .unwrap();
        let cases = [
            (
                ApiError::Invalid(ValidationErrors::one(next_token_error())),
                StatusCode::BAD_REQUEST,
            ),
            (
                ApiError::BodyTooLarge { size: MAX_BODY_BYTES + 1 },
                StatusCode::PAYLOAD_TOO_LARGE,
            ),
            (ApiError::Product(ProductError::NotFound(id)), StatusCode::NOT_FOUND),
            (ApiError::Product(ProductError::Conflict(id)), StatusCode::CONFLICT),
            (
                ApiError::Product(ProductError::InvalidPageToken(
                    StoreError::InvalidPageToken,
                )),
                StatusCode::BAD_REQUEST,
            ),
            (
                ApiError::Product(ProductError::Unexpected(StoreError::unavailable(
                    "down",
                ))),
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
            (ApiError::NoRoute, StatusCode::NOT_FOUND),
            (
                ApiError::MethodNotAllowed { allow: vec![Method::GET] },
                StatusCode::METHOD_NOT_ALLOWED,
            ),
        ];
        for (error, status) in cases {
            let name = format!("{error:?}");
            assert_eq!(error.into_response().status(), status, "{name}");
        }
    }
}
