//! The create body read in one pass with serde: the members it has, each kept as the kind
//! of JSON value it is, so that every problem can be reported, not only the first.
//!
//! serde's derived `Deserialize` stops at the first wrong type or unknown member, and a
//! client would then fix its body one round trip per mistake; reading each member as
//! "whatever JSON it is" and judging it afterwards (in `request.rs`) finds them all.
//! Strings are borrowed from the input where they hold no escapes. Arrays and objects are
//! walked through `deserialize_any`, so serde_json's nesting limit of 128 applies to them
//! as to any value: a deeply nested body is malformed JSON, and the stack never
//! overflows.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{
    self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

/// The create body as read.
pub(super) enum Body<'de> {
    /// A JSON object, and the members of interest it held.
    Object(Members<'de>),
    /// Some other JSON value: only its kind matters.
    NotAnObject(Kind),
}

/// The members of a body object: the two the body takes, and the names of any others.
#[derive(Default)]
pub(super) struct Members<'de> {
    /// The `name` member.
    pub(super) name: Member<'de>,
    /// The `price` member.
    pub(super) price: Member<'de>,
    /// Every other member's name, in sorted order, each once (a repeated unknown member
    /// is already refused for being unknown).
    pub(super) unknown: BTreeSet<Cow<'de, str>>,
}

/// What a body says about one member it takes.
///
/// Many JSON parsers keep the last of two values silently and others the first (RFC 8259
/// leaves it open); a proxy and this service could then read different products from one
/// body, so a member given twice is refused instead.
#[derive(Default)]
pub(super) enum Member<'de> {
    /// Not given.
    #[default]
    Absent,
    /// Given once, with this value.
    Once(Json<'de>),
    /// Given more than once.
    Repeated,
}

impl<'de> Member<'de> {
    /// This member after one more occurrence in the body.
    fn and(self, value: Json<'de>) -> Self {
        match self {
            Self::Absent => Self::Once(value),
            Self::Once(_) | Self::Repeated => Self::Repeated,
        }
    }
}

/// A JSON value, reduced to what the body's rules look at.
pub(super) enum Json<'de> {
    /// A string.
    String(Cow<'de, str>),
    /// An integer that fits an `i64`.
    Integer(i64),
    /// Anything else.
    Other(Kind),
}

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

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Null => "null",
            Self::Boolean => "a boolean",
            Self::String => "a string",
            Self::Integer => "an integer",
            Self::IntegerOutOfRange => "an integer out of range",
            Self::Float => "a number that is not a 64-bit integer",
            Self::Array => "an array",
            Self::Object => "an object",
        })
    }
}

impl<'de> Json<'de> {
    /// The kind of this value.
    pub(super) fn kind(&self) -> Kind {
        match self {
            Self::String(_) => Kind::String,
            Self::Integer(_) => Kind::Integer,
            Self::Other(kind) => *kind,
        }
    }
}

impl<'de> Deserialize<'de> for Body<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BodyVisitor)
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

/// Reads any JSON value as a [`Json`], walking through arrays and objects.
struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Other(Kind::Null))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Json::Other(Kind::Boolean))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Json::Integer(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(value)
            .map_or(Json::Other(Kind::IntegerOutOfRange), Json::Integer))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Json::Other(Kind::Float))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(value)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
        while items.next_element::<Json<'_>>()?.is_some() {}
        Ok(Json::Other(Kind::Array))
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut members: A,
    ) -> Result<Self::Value, A::Error> {
        while members.next_entry::<IgnoredAny, Json<'_>>()?.is_some() {}
        Ok(Json::Other(Kind::Object))
    }
}

/// Reads the body: the members of an object, or the kind of anything else.
struct BodyVisitor;

impl BodyVisitor {
    fn not_an_object<'de, E>(value: Json<'de>) -> Result<Body<'de>, E> {
        Ok(Body::NotAnObject(value.kind()))
    }
}

impl<'de> Visitor<'de> for BodyVisitor {
    type Value = Body<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut entries: A,
    ) -> Result<Self::Value, A::Error> {
        let mut members = Members::default();
        while let Some(key) = entries.next_key::<Json<'de>>()? {
            // JSON object keys are strings: serde_json hands a visitor nothing else.
            let Json::String(key) = key else {
                return Err(de::Error::custom("an object key that is not a string"));
            };
            match &*key {
                "name" => {
                    members.name =
                        std::mem::take(&mut members.name).and(entries.next_value()?)
                }
                "price" => {
                    members.price =
                        std::mem::take(&mut members.price).and(entries.next_value()?)
                }
                _ => {
                    entries.next_value::<Json<'_>>()?;
                    members.unknown.insert(key);
                }
            }
        }
        Ok(Body::Object(members))
    }

    // Everything that is not an object is read as any value would be, then judged by its
    // kind.
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Self::not_an_object(JsonVisitor.visit_unit()?)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Self::not_an_object(JsonVisitor.visit_bool(value)?)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Self::not_an_object(JsonVisitor.visit_i64(value)?)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Self::not_an_object(JsonVisitor.visit_u64(value)?)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Self::not_an_object(JsonVisitor.visit_f64(value)?)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Self::not_an_object(JsonVisitor.visit_str(value)?)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, items: A) -> Result<Self::Value, A::Error> {
        Self::not_an_object(JsonVisitor.visit_seq(items)?)
    }
}
