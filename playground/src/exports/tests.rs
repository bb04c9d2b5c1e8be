//! Tests of the exports: JSON in, JSON out, and an error object for input they cannot
//! take.

use serde_json::json;

use super::*;

fn call(export: fn(&str) -> String, input: Value) -> Value {
    serde_json::from_str(&export(&input.to_string())).unwrap()
}

fn send(method: &str, path: &str, body: Option<&str>) -> Value {
    let mut request = json!({ "method": method, "path": path });
    if let Some(body) = body {
        request["body"] = json!(body);
    }
    call(handle_request, request)
}

const PRODUCT: &str = "/api/product/3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";

#[test]
fn a_valid_body_is_valid_with_no_errors() {
    let answer: Value =
        serde_json::from_str(&validate_create_product(r#"{"name":"Kettle","price":25}"#))
            .unwrap();
    assert_eq!(answer, json!({ "valid": true, "errors": [] }));
}

#[test]
fn each_problem_of_a_body_is_located_at_its_field() {
    let answer =
        validate_create_product_value(r#"{"name":"","price":"25","colour":"red"}"#);
    assert_eq!(answer["valid"], json!(false));
    let found: Vec<(&str, &str)> = answer["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| {
            (error["pointer"].as_str().unwrap(), error["code"].as_str().unwrap())
        })
        .collect();
    assert_eq!(found, [("/colour", "unknown_field"), ("/price", "type")]);
    assert!(answer["errors"][0]["message"].is_string());
}

#[test]
fn text_that_is_not_json_is_an_invalid_body_not_an_error() {
    let answer = validate_create_product_value("<img src=x onerror=alert(1)>");
    assert_eq!(answer["valid"], json!(false));
    assert_eq!(answer["errors"][0]["code"], json!("malformed_json"));
}

#[test]
fn the_schema_is_the_one_the_domain_generates() {
    let schema: Value = serde_json::from_str(&create_product_schema()).unwrap();
    assert_eq!(schema, CreateProductRequest::json_schema());
    assert_eq!(schema["required"], json!(["name", "price"]));
    // Byte for byte: the text is the domain's, written when the crate was built.
    assert_eq!(create_product_schema(), CreateProductRequest::json_schema().to_string());
}

#[test]
fn a_product_created_through_the_module_is_there_for_the_next_request() {
    let created = send("PUT", PRODUCT, Some(r#"{"name":"Kettle","price":25}"#));
    assert_eq!(created["statusCode"], json!(200));
    assert_eq!(created["headers"]["content-type"], json!("application/json"));
    let read = send("GET", PRODUCT, None);
    assert_eq!(read["statusCode"], json!(200));
    let product: Value = serde_json::from_str(read["body"].as_str().unwrap()).unwrap();
    assert_eq!(product["name"], json!("Kettle"));
    assert_eq!(
        send("PUT", PRODUCT, Some(r#"{"name":"Kettle","price":30}"#))["statusCode"],
        json!(409)
    );
    assert_eq!(send("DELETE", PRODUCT, None)["statusCode"], json!(204));
    assert_eq!(send("GET", PRODUCT, None)["statusCode"], json!(404));
}

#[test]
fn an_invalid_body_is_a_problem_document_with_located_errors() {
    let answer = send("PUT", PRODUCT, Some(r#"{"name":"","price":0}"#));
    assert_eq!(answer["statusCode"], json!(400));
    assert_eq!(answer["headers"]["content-type"], json!("application/problem+json"));
    let problem: Value = serde_json::from_str(answer["body"].as_str().unwrap()).unwrap();
    assert_eq!(problem["errors"][0]["pointer"], json!("/name"));
    assert_eq!(problem["errors"][1]["pointer"], json!("/price"));
}

#[test]
fn query_parameters_reach_the_handler_encoded() {
    for n in 1..=3 {
        let path = format!("/api/product/00000000-0000-4000-8000-00000000000{n}");
        assert_eq!(
            send("PUT", &path, Some(r#"{"name":"Cup","price":3}"#))["statusCode"],
            json!(200)
        );
    }
    let first = call(
        handle_request,
        json!({ "method": "GET", "path": "/api/products", "query": { "limit": 2 } }),
    );
    let page: Value = serde_json::from_str(first["body"].as_str().unwrap()).unwrap();
    assert_eq!(page["products"].as_array().unwrap().len(), 2);
    let token = page["next_token"].as_str().unwrap();
    let second = call(
        handle_request,
        json!({ "method": "GET", "path": "/api/products", "query": { "limit": "2", "next_token": token } }),
    );
    let page: Value = serde_json::from_str(second["body"].as_str().unwrap()).unwrap();
    assert_eq!(page["products"].as_array().unwrap().len(), 1);
    let bad = call(
        handle_request,
        json!({ "method": "GET", "path": "/api/products", "query": { "limit": "0" } }),
    );
    assert_eq!(bad["statusCode"], json!(400));
}

#[test]
fn requests_the_module_cannot_send_are_answered_with_an_error_object() {
    for request in [
        "not json".to_owned(),
        json!({ "path": "/api/products" }).to_string(),
        json!({ "method": "GET", "path": "/api/products", "extra": 1 }).to_string(),
        json!({ "method": "GET", "path": "api/products" }).to_string(),
        json!({ "method": "GET", "path": "/api/product/a b" }).to_string(),
        json!({ "method": "G E T", "path": "/api/products" }).to_string(),
        json!({ "method": "GET", "path": "/api/products", "query": { "limit": [1] } })
            .to_string(),
        json!({ "method": "GET", "path": "/api/products", "headers": ["accept"] })
            .to_string(),
    ] {
        let answer: Value = serde_json::from_str(&handle_request(&request)).unwrap();
        assert!(answer["error"].is_string(), "{request} gave {answer}");
        assert!(answer.get("statusCode").is_none());
    }
}

#[test]
fn a_request_written_with_headers_is_accepted() {
    let answer = call(
        handle_request,
        json!({ "method": "GET", "path": "/api/products", "headers": { "accept": "application/json" } }),
    );
    assert_eq!(answer["statusCode"], json!(200));
}

#[test]
fn wrong_methods_and_unknown_paths_are_answered_by_the_router() {
    let answer = send("POST", PRODUCT, Some("{}"));
    assert_eq!(answer["statusCode"], json!(405));
    assert_eq!(answer["headers"]["allow"], json!("PUT, GET, DELETE"));
    assert_eq!(send("GET", "/api/orders", None)["statusCode"], json!(404));
}
