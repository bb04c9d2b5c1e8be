//! Which operation a request asks for: a method and a path matched against the API's four
//! endpoints.
//!
//! The router and a function that serves one endpoint share this matcher (through
//! `api::serve`), so a request that reaches the wrong Lambda function is answered exactly
//! as the router answers a request it cannot serve: 404 for a path nobody serves, 405
//! (with `Allow`) for a method the path does not take.
//!
//! Paths are matched as API Gateway's REST API sends them in its `path` field, without
//! the stage (`/api/products`, not `/prod/api/products`).

use http::Method;

// ANCHOR: endpoint
/// One operation of the API: a method on a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `PUT /api/product/{product_id}`
    CreateProduct,
    /// `GET /api/product/{product_id}`
    GetProduct,
    /// `DELETE /api/product/{product_id}`
    DeleteProduct,
    /// `GET /api/products`
    ListProducts,
}

impl Endpoint {
    /// Every endpoint, in the order an `Allow` header lists their methods.
    pub const ALL: [Self; 4] =
        [Self::CreateProduct, Self::GetProduct, Self::DeleteProduct, Self::ListProducts];

    /// The method this endpoint answers.
    pub fn method(self) -> Method {
        match self {
            Self::CreateProduct => Method::PUT,
            Self::GetProduct | Self::ListProducts => Method::GET,
            Self::DeleteProduct => Method::DELETE,
        }
    }

    /// Whether this endpoint serves `path`, and with which product id segment.
    fn serves<'a>(self, path: &Path<'a>) -> Option<Option<&'a str>> {
        match (self, path) {
            (
                Self::CreateProduct | Self::GetProduct | Self::DeleteProduct,
                Path::Product(id),
            ) => Some(Some(id)),
            (Self::ListProducts, Path::Products) => Some(None),
            _ => None,
        }
    }
}
// ANCHOR_END: endpoint

/// The two path shapes of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Path<'a> {
    /// `/api/product/{product_id}`, with the segment exactly as it arrived.
    Product(&'a str),
    /// `/api/products`
    Products,
}

impl<'a> Path<'a> {
    /// Splits a request path; a trailing slash or an empty id segment is a path nobody
    /// serves.
    fn parse(path: &'a str) -> Option<Self> {
        let rest = path.strip_prefix("/api/")?;
        if rest == "products" {
            return Some(Self::Products);
        }
        let id = rest.strip_prefix("product/")?;
        (!id.is_empty() && !id.contains('/')).then_some(Self::Product(id))
    }
}

// ANCHOR: route
/// What a request asks for, once its method and path are matched.
///
/// The id is the raw path segment: parsing it is the handler's job, so that an invalid id
/// gets a 400 that points at `/pathParameters/product_id` instead of a 404.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route<'a> {
    /// Create the product with this id segment.
    CreateProduct {
        /// The `{product_id}` segment, unparsed.
        id: &'a str,
    },
    /// Read the product with this id segment.
    GetProduct {
        /// The `{product_id}` segment, unparsed.
        id: &'a str,
    },
    /// Delete the product with this id segment.
    DeleteProduct {
        /// The `{product_id}` segment, unparsed.
        id: &'a str,
    },
    /// List products; the query string holds the paging parameters.
    ListProducts,
    /// The path is served, but not with this method: answer 405 with these methods in
    /// `Allow`.
    MethodNotAllowed {
        /// The methods the path takes, in [`Endpoint::ALL`] order.
        allow: Vec<Method>,
    },
    /// No endpoint serves this path: answer 404.
    NotFound,
}

impl<'a> Route<'a> {
    /// Matches a request against the whole API, as the single-function router does.
    pub fn resolve(method: &Method, path: &'a str) -> Self {
        Self::resolve_among(&Endpoint::ALL, method, path)
    }

    /// Matches a request against some endpoints only, as a function that serves one route
    /// does.
    pub fn resolve_among(endpoints: &[Endpoint], method: &Method, path: &'a str) -> Self {
        let Some(path) = Path::parse(path) else {
            return Self::NotFound;
        };
        let mut allow = Vec::new();
        for &endpoint in endpoints {
            let Some(id) = endpoint.serves(&path) else {
                continue;
            };
            if endpoint.method() == method {
                return Self::of(endpoint, id);
            }
            allow.push(endpoint.method());
        }
        if allow.is_empty() { Self::NotFound } else { Self::MethodNotAllowed { allow } }
    }

    fn of(endpoint: Endpoint, id: Option<&'a str>) -> Self {
        match (endpoint, id) {
            (Endpoint::CreateProduct, Some(id)) => Self::CreateProduct { id },
            (Endpoint::GetProduct, Some(id)) => Self::GetProduct { id },
            (Endpoint::DeleteProduct, Some(id)) => Self::DeleteProduct { id },
            (Endpoint::ListProducts, None) => Self::ListProducts,
            // `Endpoint::serves` pairs every product endpoint with an id and the list
            // with none.
            _ => Self::NotFound,
        }
    }
}
// ANCHOR_END: route

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";

    // ANCHOR: route_test
    #[test]
    fn each_method_and_path_resolves_to_its_route() {
        let product = format!("/api/product/{ID}");
        let cases: [(Method, &str, Route<'_>); 12] = [
            (Method::PUT, &product, Route::CreateProduct { id: ID }),
            (Method::GET, &product, Route::GetProduct { id: ID }),
            (Method::DELETE, &product, Route::DeleteProduct { id: ID }),
            (Method::GET, "/api/products", Route::ListProducts),
            (
                Method::GET,
                "/api/product/not-a-uuid",
                Route::GetProduct { id: "not-a-uuid" },
            ),
            (
                Method::POST,
                &product,
                Route::MethodNotAllowed {
                    allow: vec![Method::PUT, Method::GET, Method::DELETE],
                },
            ),
            (
                Method::DELETE,
                "/api/products",
                Route::MethodNotAllowed { allow: vec![Method::GET] },
            ),
            (Method::GET, "/api/product/", Route::NotFound),
            (Method::GET, "/api/products/", Route::NotFound),
            (Method::GET, &format!("{product}/extra"), Route::NotFound),
            (Method::GET, "/prod/api/products", Route::NotFound),
            (Method::GET, "/", Route::NotFound),
        ];
        for (method, path, expected) in cases {
            assert_eq!(Route::resolve(&method, path), expected, "{method} {path}");
        }
    }
    // ANCHOR_END: route_test

    #[test]
    fn a_single_route_function_allows_only_its_own_method() {
        let path = format!("/api/product/{ID}");
        let create = [Endpoint::CreateProduct];
        assert_eq!(
            Route::resolve_among(&create, &Method::PUT, &path),
            Route::CreateProduct { id: ID }
        );
        assert_eq!(
            Route::resolve_among(&create, &Method::GET, &path),
            Route::MethodNotAllowed { allow: vec![Method::PUT] }
        );
        assert_eq!(
            Route::resolve_among(&create, &Method::GET, "/api/products"),
            Route::NotFound
        );
    }

    #[test]
    fn methods_are_matched_case_sensitively() {
        let lower = Method::from_bytes(b"get").unwrap();
        assert_eq!(
            Route::resolve(&lower, "/api/products"),
            Route::MethodNotAllowed { allow: vec![Method::GET] }
        );
    }
}
