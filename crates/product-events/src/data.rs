//! An event's data as providers take it: the JSON text of the model, written once when
//! the event is built, and read as a `serde_json::Value` by whoever asks.
//!
//! The text is the one `serde_json` writes for the model's `Value` (object keys sorted),
//! so an envelope's bytes do not depend on how its data was made: from a typed model, from
//! a `Value`, or read back from an envelope. Providers copy the text into each entry; the
//! `Value` is parsed from it only when something reads it (a test, a fake provider's
//! predicate), and then once.

mod canonical;
mod string;

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub(crate) use self::canonical::Writer;
pub(crate) use self::string::push_json_str;

/// The data of a [`JsonEvent`](crate::JsonEvent): a model as JSON text, which reads as the
/// `serde_json::Value` it holds (`event.data["product_id"]`).
#[derive(Clone)]
pub struct JsonData {
    /// The JSON text, as `serde_json` writes the value.
    text: Box<str>,
    /// The value, parsed from `text` the first time it is read.
    value: OnceLock<Value>,
}

impl JsonData {
    /// Data whose text `writer` wrote for a model; it is the `Value`'s canonical text.
    pub(crate) fn from_canonical(text: Box<str>) -> Self {
        Self { text, value: OnceLock::new() }
    }

    /// The JSON text, exactly as an envelope carries it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The data as a JSON value.
    pub fn value(&self) -> &Value {
        self.value.get_or_init(|| {
            // Only text without floats and nested at most 64 deep comes without its value
            // (`Writer`), and such text reads back as exactly the value it was written from.
            serde_json::from_str(&self.text).expect("canonical JSON text reads back")
        })
    }
}

impl From<Value> for JsonData {
    fn from(value: Value) -> Self {
        let text = value.to_string().into_boxed_str();
        let data = Self::from_canonical(text);
        // The value is at hand: keep it, so a reader does not parse the text back.
        let _ = data.value.set(value);
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
        self.text == other.text
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
