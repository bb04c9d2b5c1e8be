//! Error bodies as RFC 9457 problem documents (`application/problem+json`).
//!
//! The document itself is the `problem_details` crate's `ProblemDetails`: it follows RFC
//! 9457, its extension members are a typed struct flattened into the document (so
//! `errors` is a list of [`FieldError`], not an untyped map), it needs nothing but `http`
//! and serde, and it builds for wasm32. `http-api-problem` was the other candidate; its
//! extra members are an untyped map and it follows the older RFC 7807, so it bought
//! nothing here.
//!
//! # Problem types
//!
//! Problems that only this API can have get a stable URI of their own; the others are
//! plain HTTP failures and use `about:blank`, whose title is, as RFC 9457 asks, the
//! status's reason phrase.
//!
//! | status | `type` | when |
//! |---|---|---|
//! | 400 | [`VALIDATION`] | the path id, the query or the body is invalid; `errors` says where |
//! | 404 | [`PRODUCT_NOT_FOUND`] | no product has the id |
//! | 409 | [`PRODUCT_CONFLICT`] | the id is taken by a product with another name or price |
//! | 404 | `about:blank` | no endpoint serves the path |
//! | 405 | `about:blank` | the path is served, but not with this method (see `Allow`) |
//! | 413 | `about:blank` | the body is over [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES) |
//! | 500 | `about:blank` | the store failed; the detail is always [`INTERNAL_ERROR_DETAIL`] |

use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Response, StatusCode, Uri};
use problem_details::{ProblemDetails, ProblemType};
#[cfg(test)]
use product_domain::ErrorCode;
use product_domain::FieldError;
use serde::Serialize;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The type of a 400: the request breaks a rule; `errors` lists each problem with a JSON
/// Pointer.
pub const VALIDATION: &str = "https://pragmatic-serverless.dev/problems/validation";
/// The type of a 404 for a product id that no product has.
pub const PRODUCT_NOT_FOUND: &str =
    "https://pragmatic-serverless.dev/problems/product-not-found";
/// The type of a 409: the id is taken by a product with another name or price.
pub const PRODUCT_CONFLICT: &str =
    "https://pragmatic-serverless.dev/problems/product-conflict";
/// The type of problems that mean no more than their status.
pub const ABOUT_BLANK: &str = "about:blank";

/// The detail of every 500: whatever failed stays in the log.
pub const INTERNAL_ERROR_DETAIL: &str = "The request could not be completed.";

// Served whenever the document itself cannot be written, which `serde_json` only does for
// maps with non-string keys: there are none here, but a response must be sent whatever
// happens.
const FALLBACK_500: &str = r#"{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"The request could not be completed."}"#;

// ANCHOR: problem
/// The members this API adds to RFC 9457's: the located problems of a 400, left out when
/// empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Extensions {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<FieldError>,
}

/// An error response on its way out: a problem document and the headers that go with it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    document: ProblemDetails<Extensions>,
    allow: Option<HeaderValue>,
}

impl Problem {
    /// A problem of a type this API defines, with its own title.
    pub(crate) fn typed(
        status: StatusCode,
        r#type: &'static str,
        title: &str,
        detail: impl Into<String>,
    ) -> Self {
        Self::new(
            status,
            Uri::from_static(r#type).into(),
            Some(title.to_owned()),
            detail.into(),
        )
    }

    /// An `about:blank` problem: the status says it all, so the title is its reason
    /// phrase.
    pub(crate) fn plain(status: StatusCode, detail: impl Into<String>) -> Self {
        Self::new(
            status,
            ProblemType::default(),
            status.canonical_reason().map(str::to_owned),
            detail.into(),
        )
    }

    fn new(
        status: StatusCode,
        r#type: ProblemType,
        title: Option<String>,
        detail: String,
    ) -> Self {
        let mut document = ProblemDetails::new()
            .with_type(r#type)
            .with_status(status)
            .with_detail(detail);
        document.title = title;
        Self { document: document.with_extensions(Extensions::default()), allow: None }
    }

    /// Adds the located problems of a 400.
    pub(crate) fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.document.extensions.errors = errors;
        self
    }

    /// Adds the `Allow` header of a 405.
    pub(crate) fn with_allow(mut self, allow: HeaderValue) -> Self {
        self.allow = Some(allow);
        self
    }

    /// The response: the status, `content-type: application/problem+json`, and the
    /// document.
    pub(crate) fn into_response(self) -> Response<String> {
        let status = self.document.status.unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let (status, body) = match serde_json::to_string(&self.document) {
            Ok(body) => (status, body),
            Err(error) => {
                tracing::error!(
                    error = %error,
                    "a problem document could not be written"
                );
                (StatusCode::INTERNAL_SERVER_ERROR, FALLBACK_500.to_owned())
            }
        };
        let mut response = Response::new(body);
        *response.status_mut() = status;
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(allow) = self.allow {
            response.headers_mut().insert(http::header::ALLOW, allow);
        }
        response
    }
}
// ANCHOR_END: problem

/// The 500 sent when even a success body could not be written.
pub(crate) fn internal_error() -> Response<String> {
    Problem::plain(StatusCode::INTERNAL_SERVER_ERROR, INTERNAL_ERROR_DETAIL)
        .into_response()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn body_of(response: &Response<String>) -> Value {
        serde_json::from_str(response.body()).unwrap()
    }

    #[test]
    fn a_validation_problem_has_exactly_the_members_of_the_contract() {
        let problem = Problem::typed(
            StatusCode::BAD_REQUEST,
            VALIDATION,
            "The request is not valid",
            "1 problem",
        )
        .with_errors(vec![FieldError::new(
            "/name",
            ErrorCode::Length,
            "name must have 1 to 20 characters",
        )]);
        let response = problem.into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(response.headers()[CONTENT_TYPE], PROBLEM_JSON);
        assert_eq!(
            body_of(&response),
            json!({
                "type": VALIDATION,
                "title": "The request is not valid",
                "status": 400,
                "detail": "1 problem",
                "errors": [{"pointer": "/name", "code": "length", "message": "name must have 1 to 20 characters"}]
            })
        );
    }

    #[test]
    fn a_plain_problem_is_about_blank_titled_by_its_status_and_has_no_errors_member() {
        let response =
            Problem::plain(StatusCode::INTERNAL_SERVER_ERROR, INTERNAL_ERROR_DETAIL)
                .into_response();
        assert_eq!(
            body_of(&response),
            json!({
                "type": "about:blank",
                "title": "Internal Server Error",
                "status": 500,
                "detail": INTERNAL_ERROR_DETAIL
            })
        );
    }

    #[test]
    fn the_fallback_body_is_the_document_a_500_would_have() {
        let fallback: Value = serde_json::from_str(FALLBACK_500).unwrap();
        assert_eq!(fallback, body_of(&internal_error()));
    }

    #[test]
    fn every_problem_type_is_a_valid_uri() {
        for r#type in [VALIDATION, PRODUCT_NOT_FOUND, PRODUCT_CONFLICT, ABOUT_BLANK] {
            assert_eq!(
                r#type.parse::<Uri>().map(|uri| uri.to_string()).ok().as_deref(),
                Some(r#type)
            );
        }
    }
}
