//! `buildEvents`: models to envelopes, and envelopes to the exact PutEvents requests that
//! carry them.
//!
//! The envelopes come from `product_events::build_events` and the requests from
//! `product_events::plan_put_events`, the planning the EventBridge provider runs before
//! each call. Each event is planned under the position of its model, so every answer
//! names models.

use product_events::{
    CloudEvent, EmitOptions, EventName, EventSource, Failure, PutEventsConfig,
    PutEventsLimit, build_events, entry_size, plan_put_events,
};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::exports::{InputError, describe};

/// The event name `buildEvents` gives events when the request names none.
pub const DEFAULT_EVENT_NAME: &str = "PRODUCT_CHANGE_NOTIFICATION";

/// What `buildEvents` takes.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct BuildEventsRequest {
    source: String,
    #[serde(default)]
    event_name: Option<String>,
    models: Vec<Value>,
    #[serde(default)]
    limit_bytes: Option<usize>,
}

// ANCHOR: build_events
/// Builds one envelope per model, created now with a new correlation id each, and plans
/// the PutEvents requests that carry them; answers `{"events", "putEventsRequests",
/// "failed", "sizes", "limitBytes", "cloudEvents"}`.
pub(crate) fn plan(request: &str) -> Result<Value, InputError> {
    let request: BuildEventsRequest = serde_json::from_str(request)?;
    let source = EventSource::parse(request.source).map_err(InputError::Source)?;
    let name = request.event_name.unwrap_or_else(|| DEFAULT_EVENT_NAME.to_owned());
    let name = EventName::parse(name).map_err(InputError::EventName)?;
    let limit = match request.limit_bytes {
        Some(bytes) => PutEventsLimit::new(bytes)?,
        None => PutEventsLimit::DEFAULT,
    };
    let options =
        EmitOptions::new(crate::clock::now(), |_| Uuid::new_v4().into()).event_name(name);
    let built = build_events(&source, request.models, &options);

    // A JSON value always serializes and the name is given, so no model fails to become
    // an event; should one ever fail, it is reported at its position like an event
    // too large.
    let events: Vec<(usize, _)> = built
        .iter()
        .enumerate()
        .filter_map(|(n, b)| Some((n, b.as_ref().ok()?)))
        .collect();
    let plan = plan_put_events(
        events.iter().copied(),
        &PutEventsConfig { limit, ..PutEventsConfig::default() },
    );
    // Each model's failure, if it has one, at the model's position: listed in order with
    // no sort.
    let mut failed: Vec<Option<Failure>> =
        built.iter().map(|b| Some(b.as_ref().err()?.to_failure())).collect();
    for (index, failure) in plan.rejected {
        if let Some(slot) = failed.get_mut(index) {
            *slot = Some(failure);
        }
    }

    let failed: Vec<Value> = failed
        .into_iter()
        .enumerate()
        .filter_map(|(index, failure)| {
            let failure = failure?;
            Some(
                json!({ "index": index, "code": failure.code, "error": failure.message }),
            )
        })
        .collect();
    let sizes: Vec<Value> = plan
        .requests
        .iter()
        .map(|planned| {
            let entries: Vec<usize> =
                planned.request.entries.iter().map(entry_size).collect();
            let total = entries.iter().sum::<usize>();
            json!({ "eventIndices": planned.keys, "entries": entries, "total": total })
        })
        .collect();
    let requests: Vec<_> =
        plan.requests.into_iter().map(|planned| planned.request).collect();
    let cloud_events: Vec<Value> = events
        .iter()
        .map(|(_, event)| {
            match CloudEvent::from_event(event, Uuid::new_v4().to_string()) {
                Ok(cloud_event) => serde_json::to_value(cloud_event)
                    .unwrap_or_else(|error| json!({ "error": describe(&error) })),
                Err(error) => json!({ "error": describe(&error) }),
            }
        })
        .collect();
    let events: Vec<_> = events.into_iter().map(|(_, event)| event).collect();
    Ok(json!({
        "events": events,
        "putEventsRequests": requests,
        "failed": failed,
        "sizes": sizes,
        "limitBytes": limit.bytes(),
        "cloudEvents": cloud_events,
    }))
}
// ANCHOR_END: build_events

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::exports::build_events;

    fn call(export: fn(&str) -> String, input: Value) -> Value {
        serde_json::from_str(&export(&input.to_string())).unwrap()
    }

    fn models(count: usize) -> Vec<Value> {
        (0..count)
            .map(|n| json!({ "product_id": format!("p-{n}"), "status": "ADDED" }))
            .collect()
    }

    #[test]
    fn events_are_named_product_change_notification_unless_told_otherwise() {
        let answer =
            call(build_events, json!({ "source": "test.source", "models": models(1) }));
        assert_eq!(
            answer["events"][0]["metadata"]["event_name"],
            json!(DEFAULT_EVENT_NAME)
        );
        assert_eq!(answer["events"][0]["metadata"]["event_source"], json!("test.source"));
        assert_eq!(
            answer["events"][0]["data"],
            json!({ "product_id": "p-0", "status": "ADDED" })
        );
        let named = call(
            build_events,
            json!({ "source": "test.source", "eventName": "PRICE_CHANGED", "models": models(1) }),
        );
        assert_eq!(
            named["putEventsRequests"][0]["Entries"][0]["DetailType"],
            json!("PRICE_CHANGED")
        );
        assert_eq!(answer["cloudEvents"][0]["type"], json!(DEFAULT_EVENT_NAME));
    }

    #[test]
    fn twelve_events_take_two_requests_whose_entries_are_exactly_what_put_events_takes() {
        let answer =
            call(build_events, json!({ "source": "test.source", "models": models(12) }));
        let requests = answer["putEventsRequests"].as_array().unwrap();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0]["Entries"].as_array().unwrap().len(), 10);
        assert_eq!(requests[1]["Entries"].as_array().unwrap().len(), 2);
        let entry = requests[0]["Entries"][0].as_object().unwrap();
        assert_eq!(entry.keys().collect::<Vec<_>>(), ["Detail", "DetailType", "Source"]);
        assert_eq!(
            requests[0].as_object().unwrap().keys().collect::<Vec<_>>(),
            ["Entries"]
        );
        let detail: Value =
            serde_json::from_str(entry["Detail"].as_str().unwrap()).unwrap();
        assert_eq!(detail, answer["events"][0]);
        assert_eq!(answer["sizes"][1]["eventIndices"], json!([10, 11]));
        assert_eq!(answer["failed"], json!([]));
        assert_eq!(answer["limitBytes"], json!(262_144));
    }

    #[test]
    fn sizes_follow_the_put_events_formula_and_stay_within_the_limit() {
        let answer = call(
            build_events,
            json!({ "source": "test.source", "models": models(30), "limitBytes": 2000 }),
        );
        let requests = answer["putEventsRequests"].as_array().unwrap();
        let sizes = answer["sizes"].as_array().unwrap();
        assert_eq!(requests.len(), sizes.len());
        for (request, size) in requests.iter().zip(sizes) {
            let formula: Vec<u64> = request["Entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|entry| {
                    ["Source", "DetailType", "Detail"]
                        .iter()
                        .map(|key| entry[key].as_str().unwrap().len() as u64)
                        .sum()
                })
                .collect();
            assert_eq!(size["entries"], json!(formula));
            assert_eq!(size["total"], json!(formula.iter().sum::<u64>()));
            assert!(size["total"].as_u64().unwrap() <= 2000);
        }
    }

    #[test]
    fn an_event_too_large_for_the_limit_fails_at_its_index_and_is_not_sent() {
        let mut models = models(3);
        models[1] = json!({ "description": "x".repeat(3000) });
        let answer = call(
            build_events,
            json!({ "source": "test.source", "models": models, "limitBytes": 1024 }),
        );
        assert_eq!(answer["events"].as_array().unwrap().len(), 3);
        assert_eq!(answer["failed"].as_array().unwrap().len(), 1);
        assert_eq!(answer["failed"][0]["index"], json!(1));
        assert_eq!(answer["failed"][0]["code"], json!("EntryTooLarge"));
        assert!(answer["failed"][0]["error"].as_str().unwrap().contains("1024"));
        let sent: Vec<&Value> = answer["sizes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|size| size["eventIndices"].as_array().unwrap())
            .collect();
        assert_eq!(sent, [&json!(0), &json!(2)]);
    }

    #[test]
    fn build_requests_the_module_cannot_plan_are_answered_with_an_error_object() {
        for request in [
            "[]".to_owned(),
            json!({ "models": [] }).to_string(),
            json!({ "source": " ", "models": [] }).to_string(),
            json!({ "source": "s", "eventName": "", "models": [] }).to_string(),
            json!({ "source": "s", "models": {} }).to_string(),
            json!({ "source": "s", "models": [], "limitBytes": 0 }).to_string(),
            json!({ "source": "s", "models": [], "limitBytes": 1_048_577 }).to_string(),
            json!({ "source": "s", "models": [], "limitBytes": -1 }).to_string(),
        ] {
            let answer: Value = serde_json::from_str(&build_events(&request)).unwrap();
            assert!(answer["error"].is_string(), "{request} gave {answer}");
        }
    }

    #[test]
    fn the_largest_limit_eventbridge_allows_is_accepted() {
        let answer = call(
            build_events,
            json!({ "source": "s", "models": [], "limitBytes": 1_048_576 }),
        );
        assert_eq!(answer["limitBytes"], json!(1_048_576));
        assert_eq!(answer["putEventsRequests"], json!([]));
    }
}
