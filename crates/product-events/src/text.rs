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
use std::sync::Arc;

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
    ($(#[$doc:meta])* $name:ident, $max:expr, $what:literal, $why:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
        #[serde(try_from = "String")]
        pub struct $name(Arc<str>);

        /// Written as the plain string it holds, borrowed: an envelope serialized for
        /// every event copies none of its strings first.
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
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
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
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
    EventName,
    128,
    "an event name",
    "EventBridge's limit on `DetailType`"
);

bounded_text!(
    /// Who publishes an event, such as `myorg.product.product_notification`; it becomes
    /// EventBridge's `Source`.
    EventSource,
    256,
    "an event source",
    "EventBridge's limit on `Source`"
);

bounded_text!(
    /// The version of an event's schema, `v1` unless a producer says otherwise.
    EventVersion,
    32,
    "an event version",
    "a version is a short label"
);

bounded_text!(
    /// Ties an event to the request or record that caused it: a UUID, or an id passed in from
    /// elsewhere (a request id, a stream record's id).
    CorrelationId,
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
    /// The UUID in its hyphenated form; a UUID is never blank nor longer than 36
    /// characters. Encoded into a buffer, not through `Display`: the stream processor
    /// makes one per event.
    fn from(uuid: uuid::Uuid) -> Self {
        let mut buffer = uuid::Uuid::encode_buffer();
        Self(Arc::from(&*uuid.hyphenated().encode_lower(&mut buffer)))
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
    fn a_blank_name_in_json_is_rejected_when_read() {
        assert!(serde_json::from_str::<EventName>("\"\"").is_err());
        assert_eq!(serde_json::from_str::<EventName>("\"A_B\"").unwrap().as_str(), "A_B");
    }
}
