//! What the API reads from a request besides the body: the path id and the paging query,
//! each problem located by a JSON Pointer, and the limit on the body's size.
//!
//! The pointers live here, beside the code that finds the problems, and the answers built
//! from them (`error.rs`) read them from here: nothing here knows how a problem becomes a
//! response.

use product_domain::{
    ErrorCode, FieldError, Limit, PageToken, ProductId, ValidationErrors,
};

/// The largest create body accepted, in bytes (64 KiB); a larger one is refused unread
/// with a 413.
///
/// A valid body is under 100 bytes; the limit only keeps a client from making the handler
/// parse megabytes (API Gateway alone would pass up to 10 MB).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The most bytes a response body of this API holds, whatever the request: a bound that
/// the tests and the fuzz targets check (`crates/fuzz`), not a limit the handlers apply.
///
/// Generous on purpose: an error document lists every problem it found, so it grows with
/// the body it answers (a body of thousands of unknown members under [`MAX_BODY_BYTES`]
/// gives hundreds of KiB), yet it must stay far below the 6 MB a Lambda function may
/// answer.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// Where a 400 locates an invalid `{product_id}` (API Gateway's name for the path
/// parameter).
pub const PRODUCT_ID_POINTER: &str = "/pathParameters/product_id";
/// Where a 400 locates an invalid `limit` query parameter.
pub const LIMIT_POINTER: &str = "/queryStringParameters/limit";
/// Where a 400 locates an invalid `next_token`, whether the handler or the store found it
/// invalid.
pub const NEXT_TOKEN_POINTER: &str = "/queryStringParameters/next_token";

/// Parses the `{product_id}` path segment, locating a problem at [`PRODUCT_ID_POINTER`].
pub(crate) fn product_id(raw: &str) -> Result<ProductId, ValidationErrors> {
    ProductId::parse(raw).map_err(|error| {
        ValidationErrors::one(FieldError::new(
            PRODUCT_ID_POINTER,
            ErrorCode::Invalid,
            error.to_string(),
        ))
    })
}

/// Reads `limit` and `next_token` from a query string, percent-decoded as `lambda_http`
/// encodes them.
///
/// A repeated parameter keeps its last value, as API Gateway's `queryStringParameters`
/// does; other parameters are ignored, so a client's cache-busting parameter does no
/// harm.
pub(crate) fn page_query(
    query: Option<&str>,
) -> Result<(Limit, Option<PageToken>), ValidationErrors> {
    let (mut limit, mut token) = (None, None);
    for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match &*name {
            "limit" => limit = Some(value),
            "next_token" => token = Some(value),
            _ => {}
        }
    }
    let limit =
        limit.map_or(Ok(Limit::DEFAULT), |limit| Limit::parse(&limit)).map_err(|error| {
            ValidationErrors::one(FieldError::new(
                LIMIT_POINTER,
                ErrorCode::Invalid,
                error.to_string(),
            ))
        });
    let token = token
        .map(|token| PageToken::parse(&token))
        .transpose()
        .map_err(|_| ValidationErrors::one(next_token_error()));
    both(limit, token)
}

/// The problem of a `next_token` that no store issued, whether the handler or the store
/// noticed.
pub(crate) fn next_token_error() -> FieldError {
    FieldError::new(
        NEXT_TOKEN_POINTER,
        ErrorCode::Invalid,
        "next_token must be a token from a previous page; start the listing again without it",
    )
}

/// Both values, or the problems either one had (at most [`ValidationErrors::MAX`]).
pub(crate) fn both<A, B>(
    a: Result<A, ValidationErrors>,
    b: Result<B, ValidationErrors>,
) -> Result<(A, B), ValidationErrors> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err(ValidationErrors::capped(
            a.err().into_iter().chain(b.err()).flat_map(|errors| errors.0).collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointers(errors: ValidationErrors) -> Vec<String> {
        errors.0.into_iter().map(|error| error.pointer.into_owned()).collect()
    }

    #[test]
    fn an_absent_query_asks_for_the_first_page_of_twenty() {
        let (limit, token) = page_query(None).unwrap();
        assert_eq!((limit, token), (Limit::DEFAULT, None));
    }

    #[test]
    fn query_values_are_percent_decoded_and_the_last_repeat_wins() {
        let (limit, token) =
            page_query(Some("limit=5&limit=7&next_token=a%2Bb%3D&utm=x")).unwrap();
        assert_eq!(limit.get(), 7);
        assert_eq!(token.as_ref().map(PageToken::as_str), Some("a+b="));
    }

    #[test]
    fn a_bad_limit_and_a_bad_token_are_both_reported() {
        let errors = page_query(Some("limit=0&next_token=")).unwrap_err();
        assert_eq!(pointers(errors), [LIMIT_POINTER, NEXT_TOKEN_POINTER]);
    }
}
