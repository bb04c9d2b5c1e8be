//! The event handler: turns models into standardized events and sends them through a provider.

use std::collections::BTreeMap;
use std::future::Future;

use jiff::Timestamp;
use serde::Serialize;

use crate::envelope::{CorrelationId, Event, EventVersion, JsonEvent, Metadata, ReservedMetadataKey};
use crate::name::{EventName, EventSource, InvalidEventName};
use crate::provider::EventProvider;
use crate::receipt::{Failure, Receipt, Receipts, codes};

/// How to build the events of one [`EventHandler::emit`] or [`build_events`] call.
///
/// Left at its default, each event is named after the model's type, has version `v1`, a new
/// correlation id of its own, the time of the call, and no extra metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EmitOptions {
    event_name: Option<EventName>,
    event_version: Option<EventVersion>,
    correlation_id: Option<CorrelationId>,
    created_at: Option<Timestamp>,
    extra: BTreeMap<String, serde_json::Value>,
}

impl EmitOptions {
    /// The default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Names every event `name` instead of deriving the name from the model's type.
    #[must_use]
    pub fn event_name(mut self, name: EventName) -> Self {
        self.event_name = Some(name);
        self
    }

    /// Gives every event this version instead of `v1`.
    #[must_use]
    pub fn event_version(mut self, version: EventVersion) -> Self {
        self.event_version = Some(version);
        self
    }

    /// Gives every event this correlation id (the id of the request that caused them) instead of a
    /// new one each.
    #[must_use]
    pub fn correlation_id(mut self, correlation_id: CorrelationId) -> Self {
        self.correlation_id = Some(correlation_id);
        self
    }

    /// Gives every event this creation time instead of the time of the call.
    #[must_use]
    pub fn created_at(mut self, created_at: Timestamp) -> Self {
        self.created_at = Some(created_at);
        self
    }

    /// Adds an extra metadata key to every event, unless the key is a standard one.
    pub fn extra(mut self, key: impl Into<String>, value: serde_json::Value) -> Result<Self, ReservedMetadataKey> {
        let key = key.into();
        if crate::envelope::is_standard_key(&key) {
            return Err(ReservedMetadataKey { key });
        }
        self.extra.insert(key, value);
        Ok(self)
    }
}

/// Why a model did not become an event.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// No name was given and none could be derived from the model's type.
    #[error("no event name could be derived from the model's type")]
    EventName(#[source] InvalidEventName),
    /// The model could not be turned into JSON (a map with non-string keys, a failing `Serialize`).
    #[error("the model could not be serialized to JSON")]
    Serialize(#[source] serde_json::Error),
}

impl BuildError {
    /// The failure receipt content for this error: a code and a message that includes the cause.
    pub fn to_failure(&self) -> Failure {
        match self {
            Self::EventName(source) => Failure::new(codes::INVALID_EVENT_NAME, format!("{self}: {source}")),
            Self::Serialize(source) => Failure::new(codes::SERIALIZATION_FAILED, format!("{self}: {source}")),
        }
    }
}

/// Builds one event per model without sending anything, in the order of `models`.
///
/// A model that cannot become an event is an `Err` at its position, so the positions of the others
/// do not move.
pub fn build_events<M, I>(source: &EventSource, models: I, options: &EmitOptions) -> Vec<Result<JsonEvent, BuildError>>
where
    M: Serialize,
    I: IntoIterator<Item = M>,
{
    let name = match &options.event_name {
        Some(name) => Ok(name.clone()),
        None => EventName::from_type_name::<M>(),
    };
    let created_at = options.created_at.unwrap_or_else(Timestamp::now);
    models
        .into_iter()
        .map(|model| {
            let name = name.clone().map_err(BuildError::EventName)?;
            let data = serde_json::to_value(&model).map_err(BuildError::Serialize)?;
            let metadata = Metadata::from_parts(
                name,
                source.clone(),
                options.event_version.clone().unwrap_or_default(),
                options.correlation_id.clone().unwrap_or_else(CorrelationId::new_v4),
                created_at,
                options.extra.clone(),
            );
            Ok(Event::new(data, metadata))
        })
        .collect()
}

/// Turns models into events and sends them through its provider.
#[derive(Debug)]
pub struct EventHandler<P> {
    source: EventSource,
    provider: P,
}

impl<P> EventHandler<P> {
    /// A handler that publishes as `source` through `provider`.
    pub fn new(source: EventSource, provider: P) -> Self {
        Self { source, provider }
    }

    /// The source of every event this handler builds.
    pub fn source(&self) -> &EventSource {
        &self.source
    }

    /// The provider, for instance to read what a [`RecordingProvider`](crate::RecordingProvider)
    /// recorded.
    pub fn provider(&self) -> &P {
        &self.provider
    }

    /// Builds the events [`emit`](Self::emit) would send, without sending them.
    pub fn build<M, I>(&self, models: I, options: &EmitOptions) -> Vec<Result<JsonEvent, BuildError>>
    where
        M: Serialize,
        I: IntoIterator<Item = M>,
    {
        build_events(&self.source, models, options)
    }
}

impl<P: EventProvider + Sync> EventHandler<P> {
    // ANCHOR: emit
    /// Builds one event per model and sends them, returning one receipt per model, in order.
    ///
    /// A model that cannot become an event gets a failure receipt at its position and is not sent;
    /// the others are sent together in one call to the provider.
    pub fn emit<'a, M, I>(
        &'a self,
        models: I,
        options: &EmitOptions,
    ) -> impl Future<Output = Receipts> + Send + use<'a, P, M, I>
    where
        M: Serialize,
        I: IntoIterator<Item = M>,
    {
        let mut events = Vec::new();
        let mut positions = Vec::new();
        let mut receipts = Vec::new();
        for (index, built) in self.build(models, options).into_iter().enumerate() {
            match built {
                Ok(event) => {
                    events.push(event);
                    positions.push(index);
                }
                Err(error) => receipts.push(Receipt::failed(index, None, error.to_failure())),
            }
        }
        async move {
            if !events.is_empty() {
                let sent = self.provider.send(&events).await;
                receipts.extend(sent.into_iter().filter_map(|mut receipt| {
                    receipt.index = *positions.get(receipt.index)?;
                    Some(receipt)
                }));
            }
            Receipts::from_receipts(receipts)
        }
    }
    // ANCHOR_END: emit
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;
    use serde_json::json;

    use super::*;
    use crate::RecordingProvider;
    use crate::test_support::block_on;

    #[derive(Serialize)]
    struct ProductChangeNotification {
        product_id: String,
        status: &'static str,
    }

    fn notification(id: &str) -> ProductChangeNotification {
        ProductChangeNotification { product_id: id.to_owned(), status: "ADDED" }
    }

    fn handler() -> EventHandler<RecordingProvider> {
        EventHandler::new(EventSource::parse("myorg.product.product_notification").unwrap(), RecordingProvider::new())
    }

    // ANCHOR: emit_test
    #[test]
    fn emitting_a_model_sends_one_standard_event_named_after_its_type() {
        let handler = handler();

        let receipts = block_on(handler.emit([notification("p-1")], &EmitOptions::new()));

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

        let receipts = block_on(handler.emit(&models, &EmitOptions::new()));
        let ids: Vec<_> = receipts.iter().map(|r| r.correlation_id.clone()).collect();
        assert_ne!(ids[0], ids[1]);

        let given = CorrelationId::parse("request-42").unwrap();
        let options = EmitOptions::new().correlation_id(given.clone());
        let receipts = block_on(handler.emit(&models, &options));
        assert!(receipts.iter().all(|r| r.correlation_id.as_ref() == Some(&given)));
    }

    #[test]
    fn options_override_name_version_time_and_add_extra_metadata() {
        let handler = handler();
        let options = EmitOptions::new()
            .event_name(EventName::parse("PRODUCT_ADDED").unwrap())
            .event_version(EventVersion::parse("v2").unwrap())
            .created_at("2026-01-01T00:00:00Z".parse().unwrap())
            .extra("tenant", json!("acme"))
            .unwrap();

        block_on(handler.emit([notification("p-1")], &options));

        let event = serde_json::to_value(&handler.provider().events()[0]).unwrap();
        assert_eq!(event["metadata"]["event_name"], "PRODUCT_ADDED");
        assert_eq!(event["metadata"]["event_version"], "v2");
        assert_eq!(event["metadata"]["created_at"], "2026-01-01T00:00:00Z");
        assert_eq!(event["metadata"]["tenant"], "acme");
    }

    #[test]
    fn an_extra_option_named_like_a_standard_key_is_rejected() {
        let error = EmitOptions::new().extra("correlation_id", json!("x")).unwrap_err();
        assert_eq!(error.key, "correlation_id");
    }

    #[test]
    fn a_model_that_fails_to_serialize_gets_a_failure_receipt_and_the_rest_are_sent() {
        let handler = handler();
        let mut bad = BTreeMap::new();
        bad.insert((1, 2), "tuple keys are not JSON");
        let models = vec![BTreeMap::new(), bad, BTreeMap::new()];

        let receipts = block_on(handler.emit(&models, &EmitOptions::new().event_name(EventName::parse("X").unwrap())));

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
        handler.provider().fail_when(codes::INJECTED_FAILURE, |e| e.data["product_id"] == "p-3");
        let models = ["p-1", "p-2", "p-3"].map(notification);

        let receipts = block_on(handler.emit(models, &EmitOptions::new()));

        assert_eq!(receipts.failed_indices(), [2]);
    }

    #[test]
    fn building_events_sends_nothing() {
        let handler = handler();
        let built = handler.build([notification("p-1")], &EmitOptions::new());
        assert_eq!(built.len(), 1);
        assert!(built[0].is_ok());
        assert!(handler.provider().is_empty());
    }

    #[test]
    fn json_models_need_a_name_given_or_are_named_after_value() {
        let source = EventSource::parse("s").unwrap();
        let built = build_events(&source, [json!({"a": 1})], &EmitOptions::new());
        assert_eq!(built[0].as_ref().unwrap().metadata.event_name().as_str(), "VALUE");
    }

    #[test]
    fn the_future_of_emit_is_send_and_does_not_borrow_the_options() {
        fn assert_send<T: Send>(value: T) -> T {
            value
        }
        let handler = handler();
        let future = {
            let options = EmitOptions::new();
            handler.emit(vec![notification("p-1")], &options)
        };
        let receipts = block_on(assert_send(future));
        assert!(receipts.all_delivered());
    }

    #[test]
    fn emitting_nothing_calls_no_provider() {
        let handler = handler();
        let receipts = block_on(handler.emit(Vec::<ProductChangeNotification>::new(), &EmitOptions::new()));
        assert!(receipts.is_empty());
        assert_eq!(handler.provider().calls(), 0);
    }
}
