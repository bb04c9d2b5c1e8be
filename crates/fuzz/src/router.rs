//! The router: any method, path, query, headers and body, answered within the contract,
//! over the in-memory store, which never fails, so never with a 500.

use http::header::{ALLOW, CONTENT_TYPE};
use http::{HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use product_domain::{MemoryStore, ProductService};
use product_handlers::{MAX_RESPONSE_BYTES, handle_request};

use crate::block_on;

/// Every status the HTTP API's contract names, but 500: the in-memory store never fails.
pub const CONTRACT_STATUSES: [StatusCode; 7] = [
    StatusCode::OK,
    StatusCode::NO_CONTENT,
    StatusCode::BAD_REQUEST,
    StatusCode::NOT_FOUND,
    StatusCode::METHOD_NOT_ALLOWED,
    StatusCode::CONFLICT,
    StatusCode::PAYLOAD_TOO_LARGE,
];

/// The line between two requests of a session.
const SEPARATOR: &[u8] = b"\n===\n";

/// Reads `bytes` as requests in a text form close to HTTP/1.1's, separated by `===`
/// lines:
///
/// ```text
/// PUT /api/product/3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d?trace=1
/// content-type: application/json
///
/// {"name": "Kettle", "price": 25}
/// ===
/// GET /api/products?limit=1
/// ```
///
/// sends each one `http` can represent to one in-memory store, in order, and checks every
/// answer. Parts `http` refuses (a method or a URI with spaces, a header name with a
/// colon) leave the request out: API Gateway never sends them.
pub fn check_session(bytes: &[u8]) {
    let service = ProductService::new(MemoryStore::new());
    for text in split(bytes, SEPARATOR) {
        if let Some(request) = request(text) {
            let response = block_on(handle_request(&service, &request));
            check_response(&request, &response);
        }
    }
}

/// One request of a session: the request line, header lines, a blank line and the body.
fn request(text: &[u8]) -> Option<Request<Vec<u8>>> {
    let (head, body) = match find(text, b"\n\n") {
        Some(at) => (&text[..at], text[at + 2..].to_vec()),
        None => (text, Vec::new()),
    };
    let head = std::str::from_utf8(head).ok()?;
    let mut lines = head.lines();
    let (method, uri) = lines.next()?.split_once(' ')?;
    let mut request = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).ok()?)
        .uri(uri)
        .body(body)
        .ok()?;
    for line in lines {
        let (name, value) = line.split_once(':')?;
        let name = HeaderName::from_bytes(name.trim().as_bytes()).ok()?;
        request.headers_mut().append(name, HeaderValue::from_str(value.trim()).ok()?);
    }
    Some(request)
}

/// The parts of `bytes` between the occurrences of `separator`.
fn split<'a>(mut bytes: &'a [u8], separator: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    while let Some(at) = find(bytes, separator) {
        parts.push(&bytes[..at]);
        bytes = &bytes[at + separator.len()..];
    }
    parts.push(bytes);
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

// ANCHOR: check_response
/// Checks one answer: a status of the contract, a body within the bound, JSON for a
/// success with a body, a problem document for a failure, and `Allow` on a 405.
pub fn check_response(request: &Request<Vec<u8>>, response: &Response<String>) {
    let (method, uri, status, body) =
        (request.method(), request.uri(), response.status(), response.body());
    assert!(
        CONTRACT_STATUSES.contains(&status),
        "{method} {uri} answered {status}: {body}"
    );
    assert!(
        body.len() <= MAX_RESPONSE_BYTES,
        "{method} {uri} answered {} bytes",
        body.len()
    );
    if status == StatusCode::NO_CONTENT {
        assert!(body.is_empty(), "{method} {uri}: a 204 has no body");
        return;
    }
    let json: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|error| {
        panic!("{method} {uri}: the body is not JSON ({error}): {body}")
    });
    let content_type =
        response.headers().get(CONTENT_TYPE).and_then(|value| value.to_str().ok());
    if status.is_success() {
        assert_eq!(content_type, Some("application/json"), "{method} {uri}");
    } else {
        assert_eq!(content_type, Some("application/problem+json"), "{method} {uri}");
        assert_eq!(
            json["status"],
            status.as_u16(),
            "{method} {uri}: the problem names its status"
        );
    }
    if status == StatusCode::METHOD_NOT_ALLOWED {
        assert!(
            response.headers().contains_key(ALLOW),
            "{method} {uri}: a 405 says what is allowed"
        );
    }
}
// ANCHOR_END: check_response
