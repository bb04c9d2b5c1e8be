//! An exhibit: the whole product API in one function, the way a first Lambda handler
//! often looks.
//!
//! It works, and for one route it is even readable. The chapter on layers uses it to show
//! what stops scaling: routing, parsing, validation, the business rule and the store are
//! one block, so no rule can be tested without an HTTP request, the store cannot be
//! swapped, every error has its own shape, and a second entry point (a stream processor,
//! a page in the book) would have to copy it all. The real handlers in `src/api.rs` do
//! the same job through `ProductService`.
//!
//! Run it with `cargo run -p product-handlers --example all_in_one`.

use std::collections::HashMap;

use serde_json::{Value, json};

// ANCHOR: all_in_one
/// Every route, every rule and the store, in one place.
fn handle(
    store: &mut HashMap<String, Value>,
    method: &str,
    path: &str,
    body: &str,
) -> (u16, String) {
    let Some(id) = path.strip_prefix("/api/product/") else {
        return (404, json!({"error": "not found"}).to_string());
    };
    if id.len() != 36 {
        return (400, json!({"error": "invalid input"}).to_string());
    }
    match method {
        "PUT" => {
            let Ok(input) = serde_json::from_str::<Value>(body) else {
                return (400, json!({"error": "invalid input"}).to_string());
            };
            let name = input["name"].as_str().unwrap_or_default();
            let price = input["price"].as_i64().unwrap_or(0);
            if name.is_empty() || name.chars().count() > 20 || price < 1 {
                return (400, json!({"error": "invalid input"}).to_string());
            }
            let product = json!({"id": id, "name": name, "price": price});
            match store.get(id) {
                Some(existing) if *existing != product => {
                    (400, json!({"error": "product already exists"}).to_string())
                }
                _ => {
                    store.insert(id.to_owned(), product);
                    (200, json!({"id": id}).to_string())
                }
            }
        }
        "GET" => match store.get(id) {
            Some(product) => (200, product.to_string()),
            None => (404, json!({"error": "product was not found"}).to_string()),
        },
        "DELETE" => {
            store.remove(id);
            (204, String::new())
        }
        _ => (400, json!({"error": "invalid input"}).to_string()),
    }
}
// ANCHOR_END: all_in_one

fn main() {
    let mut store = HashMap::new();
    let path = "/api/product/3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";
    for (method, body) in [
        ("PUT", r#"{"name": "Kettle", "price": 25}"#),
        ("PUT", r#"{"name": "Kettle", "price": 30}"#),
        ("GET", ""),
        ("DELETE", ""),
        ("GET", ""),
    ] {
        let (status, response) = handle(&mut store, method, path, body);
        println!("{method:6} {status} {response}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "/api/product/3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";

    #[test]
    fn the_all_in_one_handler_creates_reads_and_deletes() {
        let mut store = HashMap::new();
        assert_eq!(
            handle(&mut store, "PUT", PATH, r#"{"name": "Kettle", "price": 25}"#).0,
            200
        );
        assert_eq!(handle(&mut store, "GET", PATH, "").0, 200);
        assert_eq!(handle(&mut store, "DELETE", PATH, "").0, 204);
        assert_eq!(handle(&mut store, "GET", PATH, "").0, 404);
    }

    // ANCHOR: all_in_one_flaw
    #[test]
    fn the_all_in_one_handler_keeps_rules_nobody_wrote_down() {
        let mut store = HashMap::new();
        // An unknown member is dropped without a word (the stored product has only the
        // members the code happens to read): nothing lists the members of the
        // body, so a misspelt one goes unseen.
        let body = r#"{"name": "Kettle", "price": 25, "colour": "red"}"#;
        assert_eq!(handle(&mut store, "PUT", PATH, body).0, 200);
        assert!(!handle(&mut store, "GET", PATH, "").1.contains("colour"));
        // A conflict is a 400 like any typo, so the client cannot tell which mistake it
        // made.
        assert_eq!(
            handle(&mut store, "PUT", PATH, r#"{"name": "Kettle", "price": 30}"#).0,
            400
        );
        // Any 36 characters pass for an id, so a malformed id looks like an absent
        // product.
        let not_a_uuid = format!("/api/product/{}", "x".repeat(36));
        assert_eq!(handle(&mut store, "GET", &not_a_uuid, "").0, 404);
    }
    // ANCHOR_END: all_in_one_flaw
}
