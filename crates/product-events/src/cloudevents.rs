//! The envelope written as a CloudEvents 1.0 event in its JSON format, for consumers that
//! speak CloudEvents rather than this service's envelope.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;

use crate::envelope::Event;

/// Why an envelope cannot be written as a CloudEvent.
#[derive(Debug, thiserror::Error)]
pub enum CloudEventError {
    /// The event's data could not be turned into JSON.
    #[error("the event's data could not be serialized")]
    Data(#[source] serde_json::Error),
    /// An extra metadata key is not a CloudEvents attribute name.
    #[error(
        "extra metadata key `{key}` is not a CloudEvents attribute name \
         (lower-case ASCII letters and digits only)"
    )]
    InvalidExtensionName {
        /// The key.
        key: String,
    },
    /// An extra metadata key is the name of a CloudEvents attribute.
    #[error(
        "extra metadata key `{key}` is a CloudEvents attribute and cannot be an extension"
    )]
    ReservedExtensionName {
        /// The key.
        key: String,
    },
    /// An extra metadata value has no CloudEvents type.
    #[error(
        "the value of extra metadata key `{key}` is not a string, a boolean or a 32-bit integer"
    )]
    UnsupportedExtensionValue {
        /// The key.
        key: String,
    },
}

/// A CloudEvents 1.0 event in JSON format.
///
/// The envelope's correlation id and version travel as the extension attributes
/// `correlationid` and `eventversion`; its extra metadata keys become extension
/// attributes of the same names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CloudEvent {
    specversion: &'static str,
    id: String,
    source: String,
    #[serde(rename = "type")]
    event_type: String,
    time: Timestamp,
    datacontenttype: &'static str,
    correlationid: String,
    eventversion: String,
    #[serde(flatten)]
    extensions: BTreeMap<String, serde_json::Value>,
    data: serde_json::Value,
}

/// Attribute names of the CloudEvents 1.0 specification and of this mapping.
const RESERVED: [&str; 12] = [
    "specversion",
    "id",
    "source",
    "type",
    "time",
    "datacontenttype",
    "dataschema",
    "subject",
    "data",
    "correlationid",
    "eventversion",
    "extensions",
];

impl CloudEvent {
    // ANCHOR: cloudevents
    /// The CloudEvent for `event`, with `id` as its id (unique per event, as the
    /// specification asks: the correlation id is not, since several events may share
    /// it).
    pub fn from_event<T: Serialize>(
        event: &Event<T>,
        id: impl Into<String>,
    ) -> Result<Self, CloudEventError> {
        let metadata = &event.metadata;
        let mut extensions = BTreeMap::new();
        for (key, value) in metadata.extra() {
            extensions.insert(extension_name(key)?, extension_value(key, value)?);
        }
        Ok(Self {
            specversion: "1.0",
            id: id.into(),
            source: metadata.event_source().as_str().to_owned(),
            event_type: metadata.event_name().as_str().to_owned(),
            time: metadata.created_at(),
            datacontenttype: "application/json",
            correlationid: metadata.correlation_id().as_str().to_owned(),
            eventversion: metadata.event_version().as_str().to_owned(),
            extensions,
            data: serde_json::to_value(&event.data).map_err(CloudEventError::Data)?,
        })
    }
    // ANCHOR_END: cloudevents

    /// The event's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The event's source: the envelope's `event_source`.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The event's type: the envelope's `event_name`.
    pub fn event_type(&self) -> &str {
        &self.event_type
    }

    /// The event's data.
    pub fn data(&self) -> &serde_json::Value {
        &self.data
    }
}

/// CloudEvents 1.0 allows only lower-case ASCII letters and digits in attribute names.
fn extension_name(key: &str) -> Result<String, CloudEventError> {
    let valid = !key.is_empty()
        && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if !valid {
        return Err(CloudEventError::InvalidExtensionName { key: key.to_owned() });
    }
    if RESERVED.contains(&key) {
        return Err(CloudEventError::ReservedExtensionName { key: key.to_owned() });
    }
    Ok(key.to_owned())
}

/// CloudEvents attribute values are strings, booleans or 32-bit integers in the JSON
/// format.
fn extension_value(
    key: &str,
    value: &serde_json::Value,
) -> Result<serde_json::Value, CloudEventError> {
    let supported = match value {
        serde_json::Value::String(_) | serde_json::Value::Bool(_) => true,
        serde_json::Value::Number(number) => {
            number.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
        }
        _ => false,
    };
    if supported {
        Ok(value.clone())
    } else {
        Err(CloudEventError::UnsupportedExtensionValue { key: key.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::envelope::Metadata;
    use crate::testing::created_at;
    use crate::text::{CorrelationId, EventName, EventSource};

    fn event() -> Event<serde_json::Value> {
        Event::new(
            json!({"product_id": "p-1", "status": "ADDED"}),
            Metadata::new(
                EventName::parse("PRODUCT_CHANGE_NOTIFICATION").unwrap(),
                EventSource::parse("myorg.product.product_notification").unwrap(),
                CorrelationId::parse("c-1").unwrap(),
                created_at(),
            ),
        )
    }

    // ANCHOR: cloudevents_test
    #[test]
    fn an_envelope_becomes_a_cloudevent_in_json_format() {
        let cloud_event = CloudEvent::from_event(&event(), "e-1").unwrap();

        assert_eq!(
            serde_json::to_value(&cloud_event).unwrap(),
            json!({
                "specversion": "1.0",
                "id": "e-1",
                "source": "myorg.product.product_notification",
                "type": "PRODUCT_CHANGE_NOTIFICATION",
                "time": "2026-01-01T00:00:00Z",
                "datacontenttype": "application/json",
                "correlationid": "c-1",
                "eventversion": "v1",
                "data": {"product_id": "p-1", "status": "ADDED"}
            })
        );
    }
    // ANCHOR_END: cloudevents_test

    #[test]
    fn extra_metadata_becomes_extension_attributes() {
        let mut event = event();
        event.metadata.insert_extra("tenant", json!("acme")).unwrap();
        event.metadata.insert_extra("attempt", json!(2)).unwrap();
        let value =
            serde_json::to_value(CloudEvent::from_event(&event, "e-1").unwrap()).unwrap();
        assert_eq!(value["tenant"], "acme");
        assert_eq!(value["attempt"], 2);
    }

    #[test]
    fn an_extra_key_that_is_not_an_attribute_name_is_an_error() {
        let mut event = event();
        event.metadata.insert_extra("tenant_id", json!("acme")).unwrap();
        assert!(matches!(
            CloudEvent::from_event(&event, "e-1"),
            Err(CloudEventError::InvalidExtensionName { key }) if key == "tenant_id"
        ));
    }

    #[test]
    fn an_extra_key_named_like_an_attribute_is_an_error() {
        let mut event = event();
        event.metadata.insert_extra("subject", json!("x")).unwrap();
        assert!(matches!(
            CloudEvent::from_event(&event, "e-1"),
            Err(CloudEventError::ReservedExtensionName { .. })
        ));
    }

    #[test]
    fn an_object_or_a_large_number_is_not_an_extension_value() {
        for value in
            [json!({"a": 1}), json!(1.5), json!(i64::from(i32::MAX) + 1), json!(null)]
        {
            let mut event = event();
            event.metadata.insert_extra("x", value).unwrap();
            assert!(matches!(
                CloudEvent::from_event(&event, "e-1"),
                Err(CloudEventError::UnsupportedExtensionValue { .. })
            ));
        }
    }

    #[test]
    fn two_cloudevents_of_one_envelope_keep_the_ids_they_are_given() {
        let first = CloudEvent::from_event(&event(), "e-1").unwrap();
        let second = CloudEvent::from_event(&event(), "e-2").unwrap();
        assert_ne!(first.id(), second.id());
        assert_eq!(first.event_type(), "PRODUCT_CHANGE_NOTIFICATION");
    }
}
