//! Each export with good and bad input, as the page's JavaScript calls it.

use serde_json::{Value, json};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::json;

#[wasm_bindgen_test]
fn a_valid_body_validates_and_an_invalid_one_is_located() {
    assert_eq!(
        json(&playground::validate_create_product(r#"{"name":"Kettle","price":25}"#)),
        json!({"valid": true, "errors": []})
    );
    let answer = json(&playground::validate_create_product(r#"{"name":"","price":0}"#));
    assert_eq!(answer["valid"], json!(false));
    assert_eq!(answer["errors"][0]["pointer"], json!("/name"));
    assert_eq!(answer["errors"][1]["pointer"], json!("/price"));
}

#[wasm_bindgen_test]
fn the_schema_describes_the_create_body() {
    let schema = json(&playground::create_product_schema());
    assert_eq!(schema["properties"]["name"]["maxLength"], json!(20));
    assert_eq!(schema["additionalProperties"], json!(false));
}

#[wasm_bindgen_test]
fn requests_share_one_store_for_the_life_of_the_module() {
    let path = "/api/product/7d2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";
    let put =
        json!({"method": "PUT", "path": path, "body": r#"{"name":"Teapot","price":18}"#});
    assert_eq!(
        json(&playground::handle_request(&put.to_string()))["statusCode"],
        json!(200)
    );
    let get = json(&playground::handle_request(
        &json!({"method": "GET", "path": path}).to_string(),
    ));
    assert_eq!(get["statusCode"], json!(200));
    assert_eq!(json(get["body"].as_str().unwrap())["name"], json!("Teapot"));
}

#[wasm_bindgen_test]
fn a_request_that_is_not_json_is_an_error_object() {
    assert!(json(&playground::handle_request("{")).get("error").is_some());
    assert!(
        json(&playground::handle_request(r#"{"method":"GET"}"#)).get("error").is_some()
    );
}

#[wasm_bindgen_test]
fn events_get_a_uuid_v4_correlation_id_and_the_browsers_clock() {
    let answer = json(&playground::build_events(
        &json!({"source": "web.test", "models": [{"n": 1}, {"n": 2}]}).to_string(),
    ));
    let events = answer["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    let id = events[0]["metadata"]["correlation_id"].as_str().unwrap();
    assert_eq!((id.len(), id.as_bytes()[14]), (36, b'4'));
    assert_ne!(
        events[0]["metadata"]["correlation_id"],
        events[1]["metadata"]["correlation_id"]
    );
    let created_at = events[0]["metadata"]["created_at"].as_str().unwrap();
    assert!(created_at > "2025-01-01T00:00:00Z", "{created_at} is the browser's time");
    assert_eq!(answer["putEventsRequests"][0]["Entries"].as_array().unwrap().len(), 2);
}

#[wasm_bindgen_test]
fn a_build_request_of_the_wrong_shape_is_an_error_object() {
    for request in ["", "[]", r#"{"source":"s","models":[],"limitBytes":2000000}"#] {
        assert!(
            json(&playground::build_events(request))["error"].is_string(),
            "{request}"
        );
    }
}

#[wasm_bindgen_test]
fn a_stream_batch_becomes_notifications_events_and_a_batch_response() {
    let event =
        include_str!("../../../crates/product-handlers/tests/fixtures/batch.json");
    let answer = json(&playground::process_stream(event, None));
    let statuses: Vec<&Value> = answer["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| &n["status"])
        .collect();
    assert_eq!(
        statuses,
        [
            &json!("ADDED"),
            &json!("UPDATED"),
            &json!("REMOVED"),
            &json!("ADDED"),
            &json!("ADDED")
        ]
    );
    assert_eq!(answer["events"].as_array().unwrap().len(), 5);
    assert_eq!(answer["batchResponse"], json!({"batchItemFailures": []}));
}

#[wasm_bindgen_test]
fn a_refused_delivery_names_only_its_record_for_retry() {
    let event =
        include_str!("../../../crates/product-handlers/tests/fixtures/batch.json");
    let options =
        json!({"failProductIds": ["9d1c6f0e-2b7a-4c3d-8e5f-6a7b8c9d0e1f"]}).to_string();
    let answer = json(&playground::process_stream(event, Some(options)));
    assert_eq!(
        answer["batchResponse"]["batchItemFailures"],
        json!([{"itemIdentifier": "4421584500000000017450439094"}])
    );
    assert_eq!(answer["events"].as_array().unwrap().len(), 4);
}

#[wasm_bindgen_test]
fn a_stream_event_that_is_not_json_is_an_error_object() {
    assert!(json(&playground::process_stream("nope", None))["error"].is_string());
    let event =
        include_str!("../../../crates/product-handlers/tests/fixtures/batch.json");
    assert!(
        json(&playground::process_stream(event, Some("[".to_owned())))["error"]
            .is_string()
    );
}
