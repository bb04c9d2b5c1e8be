//! Single JSON values as the create body's reader meets them: a member's name, the value
//! of a member the body takes (a string borrowed where it can be, or an integer), and the
//! kind of any other value, read by walking it and copying nothing.
//!
//! Every value goes through serde_json's `deserialize_any`, never `IgnoredAny`:
//! serde_json skips an ignored value with fewer checks than it parses one (UTF-8 in
//! strings, numbers out of range, the nesting limit of 128), and a body let through that
//! way would change the answer. Nesting deeper than the limit is malformed JSON, and the
//! stack never overflows.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};

/// The kind of a JSON value, as an error message names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Null,
    Boolean,
    String,
    Integer,
    /// An integer beyond `i64`: serde_json reads up to `u64::MAX` as an integer.
    IntegerOutOfRange,
    /// A fraction, an exponent, or an integer beyond `u64`.
    Float,
    Array,
    Object,
}

impl Kind {
    /// The kind in words, after "found".
    pub(super) fn words(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Boolean => "a boolean",
            Self::String => "a string",
            Self::Integer => "an integer",
            Self::IntegerOutOfRange => "an integer out of range",
            Self::Float => "a number that is not a 64-bit integer",
            Self::Array => "an array",
            Self::Object => "an object",
        }
    }
}

/// Reads any JSON value down to its kind, walking through arrays and objects and copying
/// nothing.
#[derive(Clone, Copy)]
pub(super) struct KindOf;

impl<'de> DeserializeSeed<'de> for KindOf {
    type Value = Kind;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Kind, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KindOf {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Kind, E> {
        Ok(Kind::Boolean)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Kind, E> {
        Ok(Kind::Integer)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Kind, E> {
        Ok(i64::try_from(value).map_or(Kind::IntegerOutOfRange, |_| Kind::Integer))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Kind, E> {
        Ok(Kind::Float)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Kind, E> {
        Ok(Kind::String)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Kind, A::Error> {
        while items.next_element_seed(self)?.is_some() {}
        Ok(Kind::Array)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Kind, A::Error> {
        while members.next_entry_seed(PhantomData::<IgnoredAny>, self)?.is_some() {}
        Ok(Kind::Object)
    }
}

/// The value of a member the body takes: a string (borrowed where it can be), an integer
/// that fits an `i64`, or the kind of anything else.
pub(super) enum Json<'de> {
    String(Cow<'de, str>),
    Integer(i64),
    Other(Kind),
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        KindOf.visit_unit().map(Json::Other)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        KindOf.visit_bool(value).map(Json::Other)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Json::Integer(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(value)
            .map_or(Json::Other(Kind::IntegerOutOfRange), Json::Integer))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        KindOf.visit_f64(value).map(Json::Other)
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(value.to_owned())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, items: A) -> Result<Self::Value, A::Error> {
        KindOf.visit_seq(items).map(Json::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, members: A) -> Result<Self::Value, A::Error> {
        KindOf.visit_map(members).map(Json::Other)
    }
}

impl<'de> Json<'de> {
    #[inline]
    pub(super) fn string(self) -> Result<Cow<'de, str>, Kind> {
        match self {
            Self::String(text) => Ok(text),
            Self::Integer(_) => Err(Kind::Integer),
            Self::Other(kind) => Err(kind),
        }
    }

    #[inline]
    pub(super) fn integer(self) -> Result<i64, Kind> {
        match self {
            Self::Integer(value) => Ok(value),
            Self::String(_) => Err(Kind::String),
            Self::Other(kind) => Err(kind),
        }
    }
}

/// A member's name, borrowed from the input where it holds no escapes.
pub(super) struct Key<'de>(pub(super) Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member's name")
    }

    fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(name)))
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(name.to_owned())))
    }
}
