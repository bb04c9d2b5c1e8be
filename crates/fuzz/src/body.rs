//! The create body: any bytes give a product or a list of located problems, never a
//! panic.

use product_domain::CreateProductRequest;
use product_handlers::MAX_RESPONSE_BYTES;
use serde_json::json;

/// Parses `body` and checks what came out.
///
/// An accepted body holds a name and a price that a second parse of the product, written
/// back as JSON, accepts unchanged (so whatever the rules normalize, they normalize
/// once). A refused body lists at least one problem, each located by a JSON Pointer into
/// the body or the request, and the list is within the response bound.
pub fn check_create_body(body: &[u8]) {
    match CreateProductRequest::parse(body) {
        Ok(product) => {
            let name = product.name.as_ref();
            assert!(!name.is_empty(), "an accepted name is not empty");
            assert!(product.price.get() >= 1, "an accepted price is at least 1");
            let written = json!({"name": name, "price": product.price.get()}).to_string();
            let again = CreateProductRequest::parse(written.as_bytes());
            assert_eq!(
                again.as_ref().ok(),
                Some(&product),
                "the product written back as {written} reads the same"
            );
        }
        Err(errors) => {
            assert!(
                !errors.errors().is_empty(),
                "a refused body names at least one problem"
            );
            for error in errors.errors() {
                assert!(
                    error.pointer.is_empty() || error.pointer.starts_with('/'),
                    "{:?} is a JSON Pointer",
                    error.pointer
                );
            }
            let document = serde_json::to_string(&errors).expect("problems serialize");
            assert!(
                document.len() <= MAX_RESPONSE_BYTES,
                "the problems of a {}-byte body take {} bytes",
                body.len(),
                document.len()
            );
        }
    }
}
