//! The event handler: turns models into standardized events and sends them through a
//! provider.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

use jiff::Timestamp;
use serde::Serialize;

use crate::data::Writer;
use crate::envelope::{Common, Event, JsonEvent, Metadata, ReservedMetadataKey};
use crate::provider::EventProvider;
use crate::receipt::{Failure, Receipt, Receipts, codes};
use crate::text::{CorrelationId, EventName, EventSource, EventVersion, InvalidText};

/// Where each event's correlation id comes from: the position of its model in the call.
type CorrelationIds = Arc<dyn Fn(usize) -> CorrelationId + Send + Sync>;

/// How to build the events of one [`EventHandler::emit`] or [`build_events`] call.
///
/// The time and the correlation ids are the caller's: this crate reads no clock and no
/// random source, so the Lambda function passes the invocation's time and new UUIDs, a
/// test fixed ones, and the stream processor could derive each id from the record that
/// caused the event. Otherwise each event is named after the model's type, has version
/// `v1`, and no extra metadata.
#[derive(Clone)]
pub struct EmitOptions {
    created_at: Timestamp,
    correlation_ids: CorrelationIds,
    event_name: Option<EventName>,
    event_version: EventVersion,
    extra: BTreeMap<String, serde_json::Value>,
}

impl EmitOptions {
    /// Events created at `created_at`, the event of the model at position `n` with the
    /// correlation id `correlation_id(n)`.
    pub fn new(
        created_at: Timestamp,
        correlation_id: impl Fn(usize) -> CorrelationId + Send + Sync + 'static,
    ) -> Self {
        Self {
            created_at,
            correlation_ids: Arc::new(correlation_id),
            event_name: None,
            event_version: EventVersion::default(),
            extra: BTreeMap::new(),
        }
    }

    /// Gives every event this correlation id (the id of the request that caused them).
    #[must_use]
    pub fn correlation_id(mut self, correlation_id: CorrelationId) -> Self {
        self.correlation_ids = Arc::new(move |_| correlation_id.clone());
        self
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
        self.event_version = version;
        self
    }

    /// Adds an extra metadata key to every event, unless the key is a standard one.
    pub fn extra(
        mut self,
        key: impl Into<String>,
        value: serde_json::Value,
    ) -> Result<Self, ReservedMetadataKey> {
        let key = key.into();
        if crate::envelope::is_standard_key(&key) {
            return Err(ReservedMetadataKey { key });
        }
        self.extra.insert(key, value);
        Ok(self)
    }
}

impl fmt::Debug for EmitOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmitOptions")
            .field("created_at", &self.created_at)
            .field("event_name", &self.event_name)
            .field("event_version", &self.event_version)
            .field("extra", &self.extra)
            .finish_non_exhaustive()
    }
}

/// Why a model did not become an event.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// No name was given and none could be derived from the model's type.
    #[error("no event name could be derived from the model's type")]
    EventName(#[source] InvalidText),
    /// The model could not be turned into JSON (a map with non-string keys, a failing
    /// `Serialize`).
    #[error("the model could not be serialized to JSON")]
    Serialize(#[source] serde_json::Error),
}

impl BuildError {
    /// The failure receipt content for this error: a code and a message that includes the
    /// cause.
    pub fn to_failure(&self) -> Failure {
        let code = match self {
            Self::EventName(_) => codes::INVALID_EVENT_NAME,
            Self::Serialize(_) => codes::SERIALIZATION_FAILED,
        };
        Failure::from_error(code, self)
    }
}

/// Builds one event per model without sending anything, in the order of `models`.
///
/// A model that cannot become an event is an `Err` at its position, so the positions of
/// the others do not move.
pub fn build_events<M, I>(
    source: &EventSource,
    models: I,
    options: &EmitOptions,
) -> Vec<Result<JsonEvent, BuildError>>
where
    M: Serialize,
    I: IntoIterator<Item = M>,
{
    let name = match &options.event_name {
        Some(name) => Ok(name.clone()),
        None => EventName::from_type_name::<M>(),
    };
    // Every event of the call shares its metadata but for the correlation id.
    let common = name.map(|name| {
        Arc::new(Common::new(
            name,
            source.clone(),
            options.event_version.clone(),
            options.created_at,
            options.extra.clone(),
        ))
    });
    // One writer for every model: the data of all of them is one text, allocated once.
    let models = models.into_iter();
    let mut writer = Writer::for_models(models.size_hint().0);
    let appended: Vec<_> = models.map(|model| writer.append(&model)).collect();
    let shared = writer.into_shared();
    appended
        .into_iter()
        .enumerate()
        .map(|(position, appended)| {
            let common = common.as_ref().map_err(|e| BuildError::EventName(e.clone()))?;
            let data = appended.map_err(BuildError::Serialize)?.into_data(&shared);
            let metadata = Metadata::shared(common, (options.correlation_ids)(position));
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

    /// The provider, for instance to read what a
    /// [`RecordingProvider`](crate::RecordingProvider) recorded.
    pub fn provider(&self) -> &P {
        &self.provider
    }

    /// Builds the events [`emit`](Self::emit) would send, without sending them.
    pub fn build<M, I>(
        &self,
        models: I,
        options: &EmitOptions,
    ) -> Vec<Result<JsonEvent, BuildError>>
    where
        M: Serialize,
        I: IntoIterator<Item = M>,
    {
        build_events(&self.source, models, options)
    }
}

impl<P: EventProvider + Sync> EventHandler<P> {
    // ANCHOR: emit
    /// Builds one event per model and sends them, returning one receipt per model, in
    /// order.
    ///
    /// A model that cannot become an event gets a failure receipt at its position and is
    /// not sent; the others are sent together in one call to the provider.
    pub fn emit<'a, M, I>(
        &'a self,
        models: I,
        options: &EmitOptions,
    ) -> impl Future<Output = Receipts> + Send + use<'a, P, M, I>
    where
        M: Serialize,
        I: IntoIterator<Item = M>,
    {
        let built = self.build(models, options);
        let refused: Vec<Option<Failure>> = built
            .iter()
            .map(|built| built.as_ref().err().map(BuildError::to_failure))
            .collect();
        let events: Vec<JsonEvent> = built.into_iter().filter_map(Result::ok).collect();
        async move {
            let sent = if events.is_empty() {
                Receipts::default()
            } else {
                self.provider.send(&events).await
            };
            // The provider's receipts answer the built events in order; the models that
            // became no event take their places between them.
            let mut next_event = 0..;
            let receipts =
                refused.into_iter().enumerate().map(|(index, refused)| match refused {
                    Some(failure) => Receipt::failed(index, None, failure),
                    None => {
                        match next_event.next().and_then(|position| sent.get(position)) {
                            Some(receipt) => Receipt { index, ..receipt.clone() },
                            None => Receipt::missing(index),
                        }
                    }
                });
            Receipts::in_order(receipts.collect())
        }
    }
    // ANCHOR_END: emit
}

#[cfg(test)]
mod tests;
