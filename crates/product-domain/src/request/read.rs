//! The create body read in one serde pass: each member the body takes straight into the
//! type its rule reads (or the kind of JSON value found instead), the names of members it
//! does not take, and whether a member came twice; nothing else is kept.
//!
//! serde's derived `Deserialize` stops at the first wrong type or unknown member, and a
//! client would then fix its body one round trip per mistake; this reader goes on and
//! records every problem for `request.rs` to report. The single values it meets are read
//! by `value.rs`.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::ValidationErrors;
use super::value::{Json, Key, Kind, KindOf};

/// The create body as read.
pub(super) enum Body<'de> {
    /// A JSON object, and what its members said.
    Object(Members<'de>),
    /// Some other JSON value: only its kind matters.
    NotAnObject(Kind),
}

/// The members of a body object: the two the body takes, each read into the type its rule
/// reads, and the names of any others.
#[derive(Default)]
pub(super) struct Members<'de> {
    /// The `name` member: a string.
    pub(super) name: Member<Cow<'de, str>>,
    /// The `price` member: an integer that fits an `i64`.
    pub(super) price: Member<i64>,
    /// The members the body does not take.
    pub(super) unknown: Unknown<'de>,
}

/// What a body says about one member it takes.
///
/// Many JSON parsers keep the last of two values silently and others the first (RFC 8259
/// leaves it open); a proxy and this service could then read different products from one
/// body, so a member given twice is refused instead.
#[derive(Default)]
pub(super) enum Member<T> {
    /// Not given.
    #[default]
    Absent,
    /// Given once: its value if of the type the member takes, or the kind of value found
    /// instead.
    Once(Result<T, Kind>),
    /// Given more than once.
    Repeated,
}

impl<T> Member<T> {
    /// Records one more occurrence of the member, with the value it had.
    #[inline]
    pub(super) fn and(&mut self, value: Result<T, Kind>) {
        *self = match self {
            Self::Absent => Self::Once(value),
            Self::Once(_) | Self::Repeated => Self::Repeated,
        };
    }
}

/// The names of the members a body does not take: the first [`ValidationErrors::MAX`] in
/// sorted order, each once, since no error document lists more. A hostile body of
/// thousands of members costs a bounded list, not a set of them all.
#[derive(Default)]
pub(super) struct Unknown<'de>(Vec<Cow<'de, str>>);

impl<'de> Unknown<'de> {
    /// Records the name of a member the body does not take.
    pub(super) fn insert(&mut self, name: Cow<'de, str>) {
        if let Err(at) = self.0.binary_search(&name)
            && at < ValidationErrors::MAX
        {
            self.0.truncate(ValidationErrors::MAX - 1);
            self.0.insert(at, name);
        }
    }

    /// The names, in sorted order.
    pub(super) fn names(&self) -> impl ExactSizeIterator<Item = &str> {
        self.0.iter().map(|name| &**name)
    }
}

impl<'de> Deserialize<'de> for Body<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BodyVisitor)
    }
}

/// Reads one member: its value when it is the first of a member the body takes, and only
/// its kind otherwise.
fn read_member<'de, A: MapAccess<'de>, T>(
    entries: &mut A,
    member: &mut Member<T>,
    typed: fn(Json<'de>) -> Result<T, Kind>,
) -> Result<(), A::Error> {
    match member {
        Member::Absent => member.and(typed(entries.next_value()?)),
        Member::Once(_) | Member::Repeated => {
            entries.next_value_seed(KindOf)?;
            *member = Member::Repeated;
        }
    }
    Ok(())
}

/// Reads the body: the members of an object, or the kind of anything else.
struct BodyVisitor;

impl<'de> Visitor<'de> for BodyVisitor {
    type Value = Body<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Body<'de>, A::Error> {
        let mut members = Members::default();
        while let Some(Key(key)) = entries.next_key()? {
            match &*key {
                "name" => read_member(&mut entries, &mut members.name, Json::string)?,
                "price" => read_member(&mut entries, &mut members.price, Json::integer)?,
                _ => {
                    entries.next_value_seed(KindOf)?;
                    members.unknown.insert(key);
                }
            }
        }
        Ok(Body::Object(members))
    }

    // Everything that is not an object is read as any value would be, then judged by its
    // kind.
    fn visit_unit<E: de::Error>(self) -> Result<Body<'de>, E> {
        KindOf.visit_unit().map(Body::NotAnObject)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Body<'de>, E> {
        KindOf.visit_bool(value).map(Body::NotAnObject)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Body<'de>, E> {
        KindOf.visit_i64(value).map(Body::NotAnObject)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Body<'de>, E> {
        KindOf.visit_u64(value).map(Body::NotAnObject)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Body<'de>, E> {
        KindOf.visit_f64(value).map(Body::NotAnObject)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Body<'de>, E> {
        KindOf.visit_str(value).map(Body::NotAnObject)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, items: A) -> Result<Body<'de>, A::Error> {
        KindOf.visit_seq(items).map(Body::NotAnObject)
    }
}
