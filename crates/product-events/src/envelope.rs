//! The standardized event envelope: `{"data": ..., "metadata": {...}}`, the same for
//! every event the service publishes, whatever the provider that carries it.

mod json;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub(crate) use self::json::EnvelopeWriter;
use crate::data::{JsonData, Writer};
use crate::text::{CorrelationId, EventName, EventSource, EventVersion};

/// An extra metadata key that would overwrite one of the standard keys.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{key}` is a standard metadata key and cannot be set as an extra one")]
pub struct ReservedMetadataKey {
    /// The key that was refused.
    pub key: String,
}

// ANCHOR: envelope
/// The standardized event: the model as `data`, and who, what and when as `metadata`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event<T> {
    /// The model the event is about, such as a product change notification.
    pub data: T,
    /// The event's name, source, version, correlation id and creation time.
    pub metadata: Metadata,
}

/// An event whose data is already JSON text: what providers send.
pub type JsonEvent = Event<JsonData>;

/// The metadata of every event; extra keys sit beside the standard ones in the same JSON
/// object.
#[derive(Clone, PartialEq)]
pub struct Metadata {
    /// What the events of one call share; each has its own correlation id.
    common: Arc<Common>,
    correlation_id: CorrelationId,
}

/// The metadata that the events built in one call share: kept once, behind one
/// reference count, so that an event is small to move and the envelope writer knows
/// text it wrote for one event of the call is that of the next by one pointer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Common {
    event_name: EventName,
    event_source: EventSource,
    event_version: EventVersion,
    created_at: Timestamp,
    extra: BTreeMap<String, serde_json::Value>,
}
// ANCHOR_END: envelope

impl Common {
    /// The shared metadata; the extra keys were checked by the caller.
    pub(crate) fn new(
        event_name: EventName,
        event_source: EventSource,
        event_version: EventVersion,
        created_at: Timestamp,
        extra: BTreeMap<String, serde_json::Value>,
    ) -> Self {
        Self { event_name, event_source, event_version, created_at, extra }
    }
}

/// The metadata as JSON has it: the standard keys in this order, then the extra ones.
#[derive(Serialize)]
struct MetadataRef<'a> {
    event_name: &'a EventName,
    event_source: &'a EventSource,
    event_version: &'a EventVersion,
    correlation_id: &'a CorrelationId,
    created_at: Timestamp,
    #[serde(flatten)]
    extra: &'a BTreeMap<String, serde_json::Value>,
}

/// The metadata as it is read from JSON.
#[derive(Deserialize)]
struct MetadataFields {
    event_name: EventName,
    event_source: EventSource,
    event_version: EventVersion,
    correlation_id: CorrelationId,
    created_at: Timestamp,
    #[serde(flatten)]
    extra: BTreeMap<String, serde_json::Value>,
}

impl Serialize for Metadata {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let common = &*self.common;
        MetadataRef {
            event_name: &common.event_name,
            event_source: &common.event_source,
            event_version: &common.event_version,
            correlation_id: &self.correlation_id,
            created_at: common.created_at,
            extra: &common.extra,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Metadata {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let fields = MetadataFields::deserialize(deserializer)?;
        Ok(Self::from_parts(
            fields.event_name,
            fields.event_source,
            fields.event_version,
            fields.correlation_id,
            fields.created_at,
            fields.extra,
        ))
    }
}

impl fmt::Debug for Metadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let common = &*self.common;
        f.debug_struct("Metadata")
            .field("event_name", &common.event_name)
            .field("event_source", &common.event_source)
            .field("event_version", &common.event_version)
            .field("correlation_id", &self.correlation_id)
            .field("created_at", &common.created_at)
            .field("extra", &common.extra)
            .finish()
    }
}

impl Metadata {
    /// The keys every event's metadata has; extra keys must not use them.
    pub const STANDARD_KEYS: [&'static str; 5] =
        ["event_name", "event_source", "event_version", "correlation_id", "created_at"];

    /// Metadata with version `v1` and no extra keys. The id and the time are the
    /// caller's: this crate reads neither a clock nor a random source.
    pub fn new(
        event_name: EventName,
        event_source: EventSource,
        correlation_id: CorrelationId,
        created_at: Timestamp,
    ) -> Self {
        Self::from_parts(
            event_name,
            event_source,
            EventVersion::default(),
            correlation_id,
            created_at,
            BTreeMap::new(),
        )
    }

    /// Metadata from its parts; the extra keys were checked by the caller.
    pub(crate) fn from_parts(
        event_name: EventName,
        event_source: EventSource,
        event_version: EventVersion,
        correlation_id: CorrelationId,
        created_at: Timestamp,
        extra: BTreeMap<String, serde_json::Value>,
    ) -> Self {
        let common =
            Common::new(event_name, event_source, event_version, created_at, extra);
        Self::shared(&Arc::new(common), correlation_id)
    }

    /// Metadata whose parts but the correlation id are `common`, shared with others.
    pub(crate) fn shared(common: &Arc<Common>, correlation_id: CorrelationId) -> Self {
        Self { common: Arc::clone(common), correlation_id }
    }

    /// The same metadata with another version.
    #[must_use]
    pub fn with_version(mut self, version: EventVersion) -> Self {
        Arc::make_mut(&mut self.common).event_version = version;
        self
    }

    /// The same metadata with another correlation id.
    #[must_use]
    pub fn with_correlation_id(mut self, correlation_id: CorrelationId) -> Self {
        self.correlation_id = correlation_id;
        self
    }

    /// The same metadata with another creation time.
    #[must_use]
    pub fn with_created_at(mut self, created_at: Timestamp) -> Self {
        Arc::make_mut(&mut self.common).created_at = created_at;
        self
    }

    /// The same metadata with one more extra key, unless the key is a standard one.
    pub fn with_extra(
        mut self,
        key: impl Into<String>,
        value: serde_json::Value,
    ) -> Result<Self, ReservedMetadataKey> {
        self.insert_extra(key, value)?;
        Ok(self)
    }

    /// Adds or replaces an extra key, unless the key is a standard one. Only this
    /// event's metadata changes, not that of the events built beside it.
    pub fn insert_extra(
        &mut self,
        key: impl Into<String>,
        value: serde_json::Value,
    ) -> Result<(), ReservedMetadataKey> {
        let key = key.into();
        if is_standard_key(&key) {
            return Err(ReservedMetadataKey { key });
        }
        Arc::make_mut(&mut self.common).extra.insert(key, value);
        Ok(())
    }

    /// The event's name.
    pub fn event_name(&self) -> &EventName {
        &self.common.event_name
    }

    /// Who published the event.
    pub fn event_source(&self) -> &EventSource {
        &self.common.event_source
    }

    /// The version of the event's schema.
    pub fn event_version(&self) -> &EventVersion {
        &self.common.event_version
    }

    /// The id that ties the event to its cause.
    pub fn correlation_id(&self) -> &CorrelationId {
        &self.correlation_id
    }

    /// When the event was created.
    pub fn created_at(&self) -> Timestamp {
        self.common.created_at
    }

    /// The extra keys, in key order.
    pub fn extra(&self) -> &BTreeMap<String, serde_json::Value> {
        &self.common.extra
    }

    /// What this metadata shares with the other events of its call.
    pub(crate) fn common(&self) -> &Arc<Common> {
        &self.common
    }
}

/// Whether `key` is one of [`Metadata::STANDARD_KEYS`].
pub(crate) fn is_standard_key(key: &str) -> bool {
    Metadata::STANDARD_KEYS.contains(&key)
}

impl<T> Event<T> {
    /// An event carrying `data` with `metadata`.
    pub fn new(data: T, metadata: Metadata) -> Self {
        Self { data, metadata }
    }
}

impl<T: Serialize> Event<T> {
    /// The same event with its data turned into JSON, as providers take it.
    ///
    /// # Errors
    /// When `data` cannot be serialized (a map with non-string keys, say).
    pub fn to_json_event(&self) -> Result<JsonEvent, serde_json::Error> {
        Ok(Event {
            data: Writer::default().write(&self.data)?,
            metadata: self.metadata.clone(),
        })
    }
}

impl JsonEvent {
    /// The envelope as JSON text, as a provider sends it (`Detail`, `Message`).
    pub fn to_json(&self) -> String {
        EnvelopeWriter::default().write(self)
    }
}

#[cfg(test)]
mod tests;
