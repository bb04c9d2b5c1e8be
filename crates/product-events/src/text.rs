//! The envelope's strings: an event's name, source, version and correlation id, each a
//! non-blank string of at most so many characters, valid by construction and written as a
//! plain JSON string.
//!
//! One rule, stated once: the four types differ only in their bound and in what a message
//! calls them, so one macro declares them all and [`InvalidText`] says why any of them
//! was refused.
//!
//! The text is shared (`Arc<str>`), not owned: every event of a call carries the same
//! name, source and version, and a clone per event is then a count, not a copy.

use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

/// Why a string is not an [`EventName`], [`EventSource`], [`EventVersion`] or
/// [`CorrelationId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidText {
    /// The string is empty or only whitespace.
    #[error("{what} must not be empty")]
    Empty {
        /// What the string was meant to be, such as "an event name".
        what: &'static str,
    },
    /// The string is longer than allowed.
    #[error("{what} has at most {max} characters, this one has {length}")]
    TooLong {
        /// What the string was meant to be.
        what: &'static str,
        /// The string's length in characters.
        length: usize,
        /// The most characters allowed.
        max: usize,
    },
}

/// Accepts `text` if it is not blank and has at most `max` characters (Unicode scalar
/// values).
fn check(text: String, max: usize, what: &'static str) -> Result<String, InvalidText> {
    if text.trim().is_empty() {
        return Err(InvalidText::Empty { what });
    }
    let length = text.chars().count();
    if length > max {
        return Err(InvalidText::TooLong { what, length, max });
    }
    Ok(text)
}

macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident($text:ty), $max:expr, $what:literal, $why:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
        #[serde(try_from = "String")]
        pub struct $name($text);

        /// Written as the plain string it holds, borrowed: an envelope serialized for
        /// every event copies none of its strings first.
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl $name {
            #[doc = concat!("The most characters it may have: ", $why, ".")]
            pub const MAX_CHARS: usize = $max;

            /// Accepts `text` if it is not blank and at most [`Self::MAX_CHARS`] characters long.
            pub fn parse(text: impl Into<String>) -> Result<Self, InvalidText> {
                check(text.into(), Self::MAX_CHARS, $what).map(|text| Self(text.into()))
            }

            /// The text as a string slice.
            pub fn as_str(&self) -> &str {
                self.0.as_ref()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidText;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0.as_ref().to_owned()
            }
        }
    };
}

bounded_text!(
    /// The name of an event, such as `PRODUCT_CHANGE_NOTIFICATION`; it becomes EventBridge's
    /// `DetailType`.
    EventName(Arc<str>),
    128,
    "an event name",
    "EventBridge's limit on `DetailType`"
);

bounded_text!(
    /// Who publishes an event, such as `myorg.product.product_notification`; it becomes
    /// EventBridge's `Source`.
    EventSource(Arc<str>),
    256,
    "an event source",
    "EventBridge's limit on `Source`"
);

bounded_text!(
    /// The version of an event's schema, `v1` unless a producer says otherwise.
    EventVersion(Arc<str>),
    32,
    "an event version",
    "a version is a short label"
);

bounded_text!(
    /// Ties an event to the request or record that caused it: a UUID, or an id passed in from
    /// elsewhere (a request id, a stream record's id).
    CorrelationId(IdText),
    128,
    "a correlation id",
    "bounded so that an id taken from a caller cannot make every event it touches large"
);

impl Default for EventVersion {
    fn default() -> Self {
        Self(Arc::from("v1"))
    }
}

impl From<uuid::Uuid> for CorrelationId {
    /// The UUID, written in its hyphenated form; a UUID is never blank nor longer than 36
    /// characters. Kept as the UUID: the stream processor makes one per event, and the
    /// envelope writes it straight from its 16 bytes.
    fn from(uuid: uuid::Uuid) -> Self {
        Self(IdText::Uuid { uuid, text: OnceLock::new() })
    }
}

impl CorrelationId {
    /// Appends the id as a JSON string. A UUID's hex digits and hyphens need no escaping,
    /// so only an id from elsewhere is checked for characters to escape.
    pub(crate) fn push_json(&self, out: &mut String) {
        match &self.0 {
            IdText::Uuid { uuid, .. } => {
                out.push('"');
                out.push_str(uuid.hyphenated().encode_lower(&mut [0; UUID_LEN]));
                out.push('"');
            }
            IdText::Shared(text) => crate::data::push_json_str(out, text),
        }
    }

    /// The bytes of the text that [`push_json`](Self::push_json) appends, unless the id
    /// needs escaping.
    pub(crate) fn json_len(&self) -> usize {
        let text = match &self.0 {
            IdText::Uuid { .. } => UUID_LEN,
            IdText::Shared(text) => text.len(),
        };
        text + "\"\"".len()
    }
}

/// The bytes of a hyphenated UUID.
const UUID_LEN: usize = uuid::fmt::Hyphenated::LENGTH;

/// A correlation id: a UUID kept as one, since the stream processor makes one per event
/// and the envelope needs only its encoding; any other id as shared text. Compared,
/// ordered and hashed as the text, whichever way it is kept (a UUID's hyphenated
/// lowercase text sorts as its number does).
#[derive(Debug, Clone)]
pub(crate) enum IdText {
    /// A UUID, and its hyphenated text once something asks for it as a string.
    Uuid { uuid: uuid::Uuid, text: OnceLock<Box<str>> },
    /// Any other id.
    Shared(Arc<str>),
}

impl From<String> for IdText {
    fn from(text: String) -> Self {
        Self::Shared(text.into())
    }
}

impl AsRef<str> for IdText {
    fn as_ref(&self) -> &str {
        match self {
            Self::Uuid { uuid, text } => {
                text.get_or_init(|| uuid.hyphenated().to_string().into())
            }
            Self::Shared(text) => text,
        }
    }
}

impl PartialEq for IdText {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Uuid { uuid: a, .. }, Self::Uuid { uuid: b, .. }) => a == b,
            _ => self.as_ref() == other.as_ref(),
        }
    }
}

impl Eq for IdText {}

impl PartialOrd for IdText {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IdText {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self, other) {
            (Self::Uuid { uuid: a, .. }, Self::Uuid { uuid: b, .. }) => a.cmp(b),
            _ => self.as_ref().cmp(other.as_ref()),
        }
    }
}

impl std::hash::Hash for IdText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_ref().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_event_name_is_rejected() {
        assert_eq!(
            EventName::parse(""),
            Err(InvalidText::Empty { what: "an event name" })
        );
        assert_eq!(
            EventName::parse("  "),
            Err(InvalidText::Empty { what: "an event name" })
        );
    }

    #[test]
    fn an_event_name_of_129_characters_is_rejected() {
        assert_eq!(
            EventName::parse("A".repeat(129)),
            Err(InvalidText::TooLong { what: "an event name", length: 129, max: 128 })
        );
        assert!(EventName::parse("é".repeat(128)).is_ok());
    }

    #[test]
    fn a_blank_or_overlong_event_source_is_rejected() {
        assert_eq!(
            EventSource::parse(" "),
            Err(InvalidText::Empty { what: "an event source" })
        );
        assert!(matches!(
            EventSource::parse("s".repeat(257)),
            Err(InvalidText::TooLong { length: 257, .. })
        ));
        assert_eq!(
            EventSource::parse("myorg.product.product_notification").unwrap().as_str(),
            "myorg.product.product_notification"
        );
        assert_eq!(
            EventSource::parse("").unwrap_err().to_string(),
            "an event source must not be empty"
        );
        assert_eq!(
            EventSource::parse("s".repeat(257)).unwrap_err().to_string(),
            "an event source has at most 256 characters, this one has 257"
        );
    }

    #[test]
    fn a_correlation_id_from_a_uuid_is_the_same_id_as_its_text() {
        use std::collections::hash_map::DefaultHasher;
        use std::hash::{Hash as _, Hasher as _};

        let uuid = uuid::Uuid::from_u128(0x6a0e_d5fb_6a55_4a5b_9a0b_6f6f_1b5f_6c1e);
        let from_uuid = CorrelationId::from(uuid);
        let parsed = CorrelationId::parse(uuid.to_string()).unwrap();
        assert_eq!(from_uuid.as_str(), "6a0ed5fb-6a55-4a5b-9a0b-6f6f1b5f6c1e");
        assert_eq!(from_uuid, parsed);
        assert_eq!(from_uuid.cmp(&parsed), std::cmp::Ordering::Equal);
        let hash = |id: &CorrelationId| {
            let mut hasher = DefaultHasher::new();
            id.hash(&mut hasher);
            hasher.finish()
        };
        assert_eq!(hash(&from_uuid), hash(&parsed));
        assert!(CorrelationId::parse("7").unwrap() > from_uuid);
        assert!(CorrelationId::parse("5").unwrap() < from_uuid);
        assert_eq!(String::from(from_uuid), uuid.to_string());
    }

    proptest::proptest! {
        #[test]
        fn ids_from_uuids_compare_and_write_as_their_texts(a: u128, b: u128) {
            let ids = [a, b].map(|n| CorrelationId::from(uuid::Uuid::from_u128(n)));
            let texts = [a, b].map(|n| uuid::Uuid::from_u128(n).to_string());
            proptest::prop_assert_eq!(ids[0].cmp(&ids[1]), texts[0].cmp(&texts[1]));
            proptest::prop_assert_eq!(ids[0] == ids[1], texts[0] == texts[1]);
            let mut written = String::new();
            ids[0].push_json(&mut written);
            proptest::prop_assert_eq!(written.len(), ids[0].json_len());
            proptest::prop_assert_eq!(written, serde_json::to_string(&texts[0]).unwrap());
            proptest::prop_assert_eq!(ids[0].as_str(), texts[0].as_str());
        }
    }

    #[test]
    fn a_blank_name_in_json_is_rejected_when_read() {
        assert!(serde_json::from_str::<EventName>("\"\"").is_err());
        assert_eq!(serde_json::from_str::<EventName>("\"A_B\"").unwrap().as_str(), "A_B");
    }
}
