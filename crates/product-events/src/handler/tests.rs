//! Tests of building events from models and sending them through a provider.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use futures_util::FutureExt as _;

use super::*;
use crate::RecordingProvider;
use crate::testing::options;

#[derive(Serialize)]
struct ProductChangeNotification {
    product_id: String,
    status: &'static str,
}

fn notification(id: &str) -> ProductChangeNotification {
    ProductChangeNotification { product_id: id.to_owned(), status: "ADDED" }
}

fn handler() -> EventHandler<RecordingProvider> {
    EventHandler::new(
        EventSource::parse("myorg.product.product_notification").unwrap(),
        RecordingProvider::new(),
    )
}

// ANCHOR: emit_test
#[test]
fn emitting_a_model_sends_one_standard_event_named_after_its_type() {
    let handler = handler();

    let receipts =
        handler.emit([notification("p-1")], &options()).now_or_never().unwrap();

    assert!(receipts.all_delivered());
    let events = handler.provider().events();
    assert_eq!(events.len(), 1);
    let metadata = &events[0].metadata;
    assert_eq!(metadata.event_name().as_str(), "PRODUCT_CHANGE_NOTIFICATION");
    assert_eq!(metadata.event_source().as_str(), "myorg.product.product_notification");
    assert_eq!(metadata.event_version().as_str(), "v1");
    assert_eq!(events[0].data, json!({"product_id": "p-1", "status": "ADDED"}));
}
// ANCHOR_END: emit_test

#[test]
fn each_event_gets_its_own_correlation_id_unless_one_is_given() {
    let handler = handler();
    let models = [notification("p-1"), notification("p-2")];

    let receipts = handler.emit(&models, &options()).now_or_never().unwrap();
    let ids: Vec<_> = receipts.iter().map(|r| r.correlation_id.clone()).collect();
    assert_ne!(ids[0], ids[1]);

    let given = CorrelationId::parse("request-42").unwrap();
    let options = options().correlation_id(given.clone());
    let receipts = handler.emit(&models, &options).now_or_never().unwrap();
    assert!(receipts.iter().all(|r| r.correlation_id.as_ref() == Some(&given)));
}

#[test]
fn options_override_name_version_time_and_add_extra_metadata() {
    let handler = handler();
    let options = options()
        .event_name(EventName::parse("PRODUCT_ADDED").unwrap())
        .event_version(EventVersion::parse("v2").unwrap())
        .extra("tenant", json!("acme"))
        .unwrap();

    handler.emit([notification("p-1")], &options).now_or_never().unwrap();

    let event = serde_json::to_value(&handler.provider().events()[0]).unwrap();
    assert_eq!(event["metadata"]["event_name"], "PRODUCT_ADDED");
    assert_eq!(event["metadata"]["event_version"], "v2");
    assert_eq!(event["metadata"]["created_at"], "2026-01-01T00:00:00Z");
    assert_eq!(event["metadata"]["tenant"], "acme");
}

#[test]
fn an_extra_option_named_like_a_standard_key_is_rejected() {
    let error = options().extra("correlation_id", json!("x")).unwrap_err();
    assert_eq!(error.key, "correlation_id");
}

#[test]
fn a_model_that_fails_to_serialize_gets_a_failure_receipt_and_the_rest_are_sent() {
    let handler = handler();
    let mut bad = BTreeMap::new();
    bad.insert((1, 2), "tuple keys are not JSON");
    let models = vec![BTreeMap::new(), bad, BTreeMap::new()];

    let receipts = handler
        .emit(&models, &options().event_name(EventName::parse("X").unwrap()))
        .now_or_never()
        .unwrap();

    assert_eq!(receipts.len(), 3);
    assert_eq!(receipts.failed_indices(), [1]);
    let failure = receipts.get(1).and_then(Receipt::failure).unwrap();
    assert_eq!(failure.code, codes::SERIALIZATION_FAILED);
    assert!(receipts.get(2).unwrap().is_delivered());
    assert_eq!(handler.provider().len(), 2);
}

#[test]
fn receipts_of_refused_events_keep_the_models_positions() {
    let handler = handler();
    handler
        .provider()
        .fail_when(codes::INJECTED_FAILURE, |e| e.data["product_id"] == "p-3");
    let models = ["p-1", "p-2", "p-3"].map(notification);

    let receipts = handler.emit(models, &options()).now_or_never().unwrap();

    assert_eq!(receipts.failed_indices(), [2]);
}

#[test]
fn building_events_sends_nothing() {
    let handler = handler();
    let built = handler.build([notification("p-1")], &options());
    assert_eq!(built.len(), 1);
    assert!(built[0].is_ok());
    assert!(handler.provider().is_empty());
}

#[test]
fn json_models_need_a_name_given_or_are_named_after_value() {
    let source = EventSource::parse("s").unwrap();
    let built = build_events(&source, [json!({"a": 1})], &options());
    assert_eq!(built[0].as_ref().unwrap().metadata.event_name().as_str(), "VALUE");
}

#[test]
fn the_future_of_emit_is_send_and_does_not_borrow_the_options() {
    fn assert_send<T: Send>(value: T) -> T {
        value
    }
    let handler = handler();
    let future = {
        let options = options();
        handler.emit(vec![notification("p-1")], &options)
    };
    let receipts = assert_send(future).now_or_never().unwrap();
    assert!(receipts.all_delivered());
}

#[test]
fn emitting_nothing_calls_no_provider() {
    let handler = handler();
    let receipts = handler
        .emit(Vec::<ProductChangeNotification>::new(), &options())
        .now_or_never()
        .unwrap();
    assert!(receipts.is_empty());
    assert_eq!(handler.provider().calls(), 0);
}

#[test]
fn changing_one_built_events_metadata_leaves_the_others_as_built() {
    let mut built: Vec<JsonEvent> = handler()
        .build([notification("p-1"), notification("p-2")], &options())
        .into_iter()
        .map(Result::unwrap)
        .collect();
    built[0].metadata.insert_extra("tenant", json!("acme")).unwrap();
    let first = built[0].metadata.clone();
    built[0].metadata = first.with_version(EventVersion::parse("v2").unwrap());

    assert_eq!(built[0].metadata.extra()["tenant"], "acme");
    assert_eq!(built[0].metadata.event_version().as_str(), "v2");
    assert!(built[1].metadata.extra().is_empty());
    assert_eq!(built[1].metadata.event_version().as_str(), "v1");
    let envelope: serde_json::Value = serde_json::from_str(&built[1].to_json()).unwrap();
    assert_eq!(envelope["metadata"]["event_version"], "v1");
    assert_eq!(envelope["metadata"].get("tenant"), None);
}
