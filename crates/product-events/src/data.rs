//! An event's data as providers take it: the JSON text of the model, written once when
//! the event is built, and read as a `serde_json::Value` by whoever asks.
//!
//! The text is the one `serde_json` writes for the model's `Value` (object keys sorted),
//! so an envelope's bytes do not depend on how its data was made: from a typed model, from
//! a `Value`, or read back from an envelope. Providers copy the text into each entry; the
//! `Value` is parsed from it only when something reads it (a test, a fake provider's
//! predicate), and then once.
//!
//! The events built in one call share one text: each one's data is a range of it. A
//! batch of events then costs one allocation for all their data rather than one each,
//! and their texts sit side by side in memory; the text lives as long as any of them.

mod canonical;
mod string;

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub(crate) use self::canonical::Writer;
pub(crate) use self::string::push_json_str;

/// The data of a [`JsonEvent`](crate::JsonEvent): a model as JSON text, which reads as the
/// `serde_json::Value` it holds (`event.data["product_id"]`).
#[derive(Clone)]
pub struct JsonData {
    /// The JSON text of this data, and of the others built beside it. A `String`, not a
    /// `str`: the writer's buffer becomes the shared text as it is, where an `Arc<str>`
    /// would copy the whole batch's text once more.
    shared: Arc<String>,
    /// Where this data's text is in `shared`.
    range: Range<usize>,
    /// The value, parsed from the text the first time it is read; boxed, since few
    /// events are ever read back and every one is moved.
    value: OnceLock<Box<Value>>,
}

impl JsonData {
    /// Data whose text is `range` of `shared`, which a [`Writer`] wrote: the `Value`'s
    /// canonical text.
    pub(crate) fn within(shared: &Arc<String>, range: Range<usize>) -> Self {
        Self { shared: Arc::clone(shared), range, value: OnceLock::new() }
    }

    /// Data whose canonical text is the whole of `text`.
    fn from_canonical(text: String) -> Self {
        let range = 0..text.len();
        Self::within(&Arc::new(text), range)
    }

    /// The JSON text, exactly as an envelope carries it.
    pub fn as_str(&self) -> &str {
        // The range is one the writer gave for this text: always in it.
        self.shared.get(self.range.clone()).unwrap_or_default()
    }

    /// The data as a JSON value.
    pub fn value(&self) -> &Value {
        self.value.get_or_init(|| {
            // Only text without floats and nested at most 64 deep comes without its value
            // (`Writer`), and such text reads back as exactly the value it was written from.
            Box::new(
                serde_json::from_str(self.as_str())
                    .expect("canonical JSON text reads back"),
            )
        })
    }
}

impl From<Value> for JsonData {
    fn from(value: Value) -> Self {
        let data = Self::from_canonical(value.to_string());
        // The value is at hand: keep it, so a reader does not parse the text back.
        let _ = data.value.set(Box::new(value));
        data
    }
}

impl Deref for JsonData {
    type Target = Value;

    fn deref(&self) -> &Value {
        self.value()
    }
}

impl PartialEq for JsonData {
    /// Equal when the texts are: the text is canonical, so equal values have equal texts.
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Value> for JsonData {
    fn eq(&self, other: &Value) -> bool {
        self.value() == other
    }
}

impl fmt::Debug for JsonData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.value(), f)
    }
}

impl Serialize for JsonData {
    /// As the value: through `serde_json` this writes the text itself.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for JsonData {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests;
