//! What the stream processor reads of a DynamoDB stream record, from either of the two
//! forms a batch arrives in.
//!
//! The Lambda function reads its batch as `aws_lambda_events`' [`Event`], which checks
//! every field of every record, the item images included, as the event source mapping
//! delivers them. The book's page reads a reader's batch as a [`StreamEvent`]: the five
//! fields the processor uses and no more, which keeps the deserializers of the other
//! fields, the images' attribute values with their base64, and the `chrono` time with its
//! float formatting out of the page's WebAssembly module (about 18 KiB of its gzip size).
//! Both forms give the processor the same values through [`Record`], so the same batch
//! makes the same notifications, events and batch response in the page and in the
//! function. The page is the more lenient reader: it takes a record that the function
//! refuses for a field the processor never reads (a malformed image, no `awsRegion` or
//! `SizeBytes`), and a time beyond what `chrono` holds, which the processor then reads as
//! missing, as it does one beyond what `jiff` holds.
//!
//! [`Event`]: aws_lambda_events::event::dynamodb::Event

use std::fmt;

use aws_lambda_events::event::dynamodb::EventRecord;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_dynamo::AttributeValue;

/// What the stream processor reads of a DynamoDB stream record.
pub trait Record {
    /// `eventName`: `INSERT`, `MODIFY` or `REMOVE` when the record is a product change.
    fn event_name(&self) -> &str;
    /// `eventID`, which names the record whenever Lambda delivers it.
    fn event_id(&self) -> &str;
    /// `dynamodb.SequenceNumber`, which the batch response names.
    fn sequence_number(&self) -> Option<&str>;
    /// The string attribute `id` of `dynamodb.Keys`, if the keys have one.
    fn key_id(&self) -> Option<&str>;
    /// `dynamodb.ApproximateCreationDateTime` in whole seconds since the Unix epoch, 0
    /// when the record has none.
    fn created_second(&self) -> i64;
}

impl Record for EventRecord {
    fn event_name(&self) -> &str {
        &self.event_name
    }

    fn event_id(&self) -> &str {
        &self.event_id
    }

    fn sequence_number(&self) -> Option<&str> {
        self.change.sequence_number.as_deref()
    }

    fn key_id(&self) -> Option<&str> {
        match self.change.keys.get("id") {
            Some(AttributeValue::S(id)) => Some(id),
            _ => None,
        }
    }

    // The event type reads a fraction of a second 1000 times too small
    // (aws_lambda_events 1.2); the whole seconds are right.
    fn created_second(&self) -> i64 {
        self.change.approximate_creation_date_time.timestamp()
    }
}

/// A DynamoDB Streams event read for what the processor uses: `Records`, and of each
/// record the fields [`Record`] gives. Every other field is skipped unread.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct StreamEvent {
    /// The batch's records, in the order Lambda delivered them.
    #[serde(rename = "Records")]
    pub records: Vec<StreamEventRecord>,
}

/// One record of a [`StreamEvent`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct StreamEventRecord {
    /// `eventID`.
    #[serde(rename = "eventID")]
    pub event_id: String,
    /// `eventName`.
    #[serde(rename = "eventName")]
    pub event_name: String,
    /// `dynamodb`: the change itself.
    #[serde(rename = "dynamodb")]
    pub change: StreamEventChange,
}

/// The `dynamodb` member of a [`StreamEventRecord`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct StreamEventChange {
    /// `ApproximateCreationDateTime` in whole seconds, 0 when absent.
    #[serde(
        rename = "ApproximateCreationDateTime",
        default,
        deserialize_with = "whole_seconds"
    )]
    pub created_second: i64,
    /// The string attribute `id` of `Keys`; `None` when the keys are absent or null, have
    /// no `id`, or hold it as another type.
    #[serde(rename = "Keys", default, deserialize_with = "string_id")]
    pub key_id: Option<String>,
    /// `SequenceNumber`.
    #[serde(rename = "SequenceNumber", default)]
    pub sequence_number: Option<String>,
}

impl Record for StreamEventRecord {
    fn event_name(&self) -> &str {
        &self.event_name
    }

    fn event_id(&self) -> &str {
        &self.event_id
    }

    fn sequence_number(&self) -> Option<&str> {
        self.change.sequence_number.as_deref()
    }

    fn key_id(&self) -> Option<&str> {
        self.change.key_id.as_deref()
    }

    fn created_second(&self) -> i64 {
        self.change.created_second
    }
}

/// A Unix time as DynamoDB writes it, an integer or a float of seconds, truncated to
/// whole seconds as the Lambda's event type does.
fn whole_seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    struct Seconds;

    impl Visitor<'_> for Seconds {
        type Value = i64;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a unix timestamp as a float")
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
            Ok(value)
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
            i64::try_from(value).map_err(|_| E::custom("the timestamp is out of range"))
        }

        // Saturating: a time no timestamp can hold is out of range for the processor too.
        fn visit_f64<E: de::Error>(self, value: f64) -> Result<i64, E> {
            Ok(value.trunc() as i64)
        }
    }

    deserializer.deserialize_f64(Seconds)
}

/// The string attribute `id` of a record's `Keys`, whose other keys are skipped.
fn string_id<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    struct Keys;

    impl<'de> Visitor<'de> for Keys {
        type Value = Option<String>;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a map of DynamoDB attribute values, or null")
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_map<A: MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            // As in a map, the last `id` wins.
            let mut id = None;
            while let Some(key) = map.next_key::<String>()? {
                if key == "id" {
                    id = map.next_value::<StringAttribute>()?.0;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(id)
        }
    }

    deserializer.deserialize_any(Keys)
}

/// A DynamoDB attribute value, `{"<type>": <value>}`, kept only when its type is `S`.
struct StringAttribute(Option<String>);

impl<'de> Deserialize<'de> for StringAttribute {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Attribute;

        impl<'de> Visitor<'de> for Attribute {
            type Value = StringAttribute;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a DynamoDB attribute value")
            }

            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let Some(r#type) = map.next_key::<String>()? else {
                    return Err(de::Error::custom(
                        "an attribute value has one type, not none",
                    ));
                };
                let value = if r#type == "S" {
                    Some(map.next_value::<String>()?)
                } else {
                    map.next_value::<IgnoredAny>()?;
                    None
                };
                if map.next_key::<IgnoredAny>()?.is_some() {
                    return Err(de::Error::custom(
                        "an attribute value has one type, not more",
                    ));
                }
                Ok(StringAttribute(value))
            }
        }

        deserializer.deserialize_map(Attribute)
    }
}
