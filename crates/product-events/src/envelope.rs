//! The standardized event envelope: `{"data": ..., "metadata": {...}}`, the same for
//! every event the service publishes, whatever the provider that carries it.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

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

/// An event whose data is already JSON: what providers send.
pub type JsonEvent = Event<serde_json::Value>;

/// The metadata of every event; extra keys sit beside the standard ones in the same JSON
/// object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    event_name: EventName,
    event_source: EventSource,
    event_version: EventVersion,
    correlation_id: CorrelationId,
    created_at: Timestamp,
    #[serde(flatten)]
    extra: BTreeMap<String, serde_json::Value>,
}
// ANCHOR_END: envelope

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
        Self {
            event_name,
            event_source,
            event_version: EventVersion::default(),
            correlation_id,
            created_at,
            extra: BTreeMap::new(),
        }
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
        Self {
            event_name,
            event_source,
            event_version,
            correlation_id,
            created_at,
            extra,
        }
    }

    /// The same metadata with another version.
    #[must_use]
    pub fn with_version(mut self, version: EventVersion) -> Self {
        self.event_version = version;
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
        self.created_at = created_at;
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

    /// Adds or replaces an extra key, unless the key is a standard one.
    pub fn insert_extra(
        &mut self,
        key: impl Into<String>,
        value: serde_json::Value,
    ) -> Result<(), ReservedMetadataKey> {
        let key = key.into();
        if is_standard_key(&key) {
            return Err(ReservedMetadataKey { key });
        }
        self.extra.insert(key, value);
        Ok(())
    }

    /// The event's name.
    pub fn event_name(&self) -> &EventName {
        &self.event_name
    }

    /// Who published the event.
    pub fn event_source(&self) -> &EventSource {
        &self.event_source
    }

    /// The version of the event's schema.
    pub fn event_version(&self) -> &EventVersion {
        &self.event_version
    }

    /// The id that ties the event to its cause.
    pub fn correlation_id(&self) -> &CorrelationId {
        &self.correlation_id
    }

    /// When the event was created.
    pub fn created_at(&self) -> Timestamp {
        self.created_at
    }

    /// The extra keys, in key order.
    pub fn extra(&self) -> &BTreeMap<String, serde_json::Value> {
        &self.extra
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

/// Room for the JSON of a product notification's envelope (about 330 bytes) in one
/// allocation: `serde_json::to_string` starts empty and grows the text six times on the way.
const ENVELOPE_JSON_CAPACITY: usize = 384;

impl<T: Serialize> Event<T> {
    /// The envelope as JSON text, as a provider sends it (`Detail`, `Message`).
    ///
    /// # Errors
    /// When `data` cannot be serialized (a map with non-string keys, say).
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut text = Vec::with_capacity(ENVELOPE_JSON_CAPACITY);
        serde_json::to_writer(&mut text, self)?;
        String::from_utf8(text).map_err(serde::ser::Error::custom)
    }

    /// The same event with its data turned into JSON, as providers take it.
    pub fn to_json_event(&self) -> Result<JsonEvent, serde_json::Error> {
        Ok(Event {
            data: serde_json::to_value(&self.data)?,
            metadata: self.metadata.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn metadata() -> Metadata {
        Metadata::new(
            EventName::parse("PRODUCT_CHANGE_NOTIFICATION").unwrap(),
            EventSource::parse("myorg.product.product_notification").unwrap(),
            CorrelationId::parse("6a0ed5fb-6a55-4a5b-9a0b-6f6f1b5f6c1e").unwrap(),
            "2026-01-01T00:00:00Z".parse().unwrap(),
        )
    }

    // ANCHOR: envelope_json_test
    #[test]
    fn an_event_serializes_to_the_standard_envelope() {
        let data = json!({
            "product_id": "p-1",
            "status": "ADDED",
            "created_at": "2026-01-01T00:00:00Z"
        });
        let event = Event::new(data.clone(), metadata());

        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            json!({
                "data": data,
                "metadata": {
                    "event_name": "PRODUCT_CHANGE_NOTIFICATION",
                    "event_source": "myorg.product.product_notification",
                    "event_version": "v1",
                    "correlation_id": "6a0ed5fb-6a55-4a5b-9a0b-6f6f1b5f6c1e",
                    "created_at": "2026-01-01T00:00:00Z"
                }
            })
        );
    }
    // ANCHOR_END: envelope_json_test

    #[test]
    fn extra_metadata_sits_beside_the_standard_keys() {
        let metadata = metadata().with_extra("tenant", json!("acme")).unwrap();
        let value = serde_json::to_value(&metadata).unwrap();
        assert_eq!(value["tenant"], json!("acme"));
        assert_eq!(value["event_version"], json!("v1"));
    }

    #[test]
    fn an_extra_key_named_like_a_standard_key_is_rejected() {
        for key in Metadata::STANDARD_KEYS {
            assert_eq!(
                metadata().with_extra(key, json!("x")),
                Err(ReservedMetadataKey { key: key.to_owned() })
            );
        }
    }

    #[test]
    fn an_envelope_reads_back_with_its_extra_keys() {
        let event = Event::new(
            json!({"a": 1}),
            metadata().with_extra("tenant", json!("acme")).unwrap(),
        );
        let text = serde_json::to_string(&event).unwrap();
        let read: JsonEvent = serde_json::from_str(&text).unwrap();
        assert_eq!(read, event);
    }

    #[test]
    fn an_envelope_with_an_empty_event_name_does_not_read() {
        let text = r#"{"data":{},"metadata":{"event_name":"","event_source":"s","event_version":"v1",
            "correlation_id":"c","created_at":"2026-01-01T00:00:00Z"}}"#;
        assert!(serde_json::from_str::<JsonEvent>(text).is_err());
    }

    #[test]
    fn new_metadata_has_version_v1_and_the_given_correlation_id_and_time() {
        let uuid = uuid::Uuid::from_u128(0x6a0e_d5fb_6a55_4a5b_9a0b_6f6f_1b5f_6c1e);
        let metadata = Metadata::new(
            EventName::parse("X").unwrap(),
            EventSource::parse("s").unwrap(),
            CorrelationId::from(uuid),
            "2026-01-01T00:00:00Z".parse().unwrap(),
        );
        assert_eq!(metadata.event_version().as_str(), "v1");
        assert_eq!(
            metadata.correlation_id().as_str(),
            "6a0ed5fb-6a55-4a5b-9a0b-6f6f1b5f6c1e"
        );
        assert_eq!(metadata.created_at().to_string(), "2026-01-01T00:00:00Z");
    }

    #[test]
    fn created_at_is_written_in_rfc_3339_utc() {
        let value = serde_json::to_value(metadata()).unwrap();
        assert_eq!(value["created_at"], json!("2026-01-01T00:00:00Z"));
    }
}
