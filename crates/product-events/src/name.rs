//! Event names and sources: the two strings every event must have, valid by construction.
//!
//! An event's name becomes EventBridge's `DetailType` and its source becomes `Source`, so the bounds
//! here are EventBridge's: a `DetailType` of at most 128 characters, a `Source` of at most 256.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a string is not an [`EventName`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidEventName {
    /// The name is empty or only whitespace.
    #[error("an event name must not be empty")]
    Empty,
    /// The name is longer than EventBridge accepts as a `DetailType`.
    #[error("an event name has at most {max} characters, this one has {length}")]
    TooLong {
        /// The name's length in characters.
        length: usize,
        /// The most characters allowed.
        max: usize,
    },
}

/// Why a string is not an [`EventSource`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidEventSource {
    /// The source is empty or only whitespace.
    #[error("an event source must not be empty")]
    Empty,
    /// The source is longer than EventBridge accepts as a `Source`.
    #[error("an event source has at most {max} characters, this one has {length}")]
    TooLong {
        /// The source's length in characters.
        length: usize,
        /// The most characters allowed.
        max: usize,
    },
}

/// The name of an event, such as `PRODUCT_CHANGE_NOTIFICATION`: never blank, at most 128 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EventName(String);

impl EventName {
    /// The most characters a name may have: EventBridge's limit on `DetailType`.
    pub const MAX_CHARS: usize = 128;

    /// Accepts `name` if it is not blank and at most [`Self::MAX_CHARS`] characters long.
    pub fn parse(name: impl Into<String>) -> Result<Self, InvalidEventName> {
        let name = name.into();
        if name.trim().is_empty() {
            return Err(InvalidEventName::Empty);
        }
        let length = name.chars().count();
        if length > Self::MAX_CHARS {
            return Err(InvalidEventName::TooLong { length, max: Self::MAX_CHARS });
        }
        Ok(Self(name))
    }

    /// The name derived from the type `T`: its last path segment, generics left out, in UPPER_SNAKE.
    ///
    /// `product_domain::ProductChangeNotification` gives `PRODUCT_CHANGE_NOTIFICATION`; a reference
    /// `&T` gives the same name as `T`. It fails only for types whose name has no letters or digits
    /// (a tuple `()`), or whose name is longer than [`Self::MAX_CHARS`] once converted.
    pub fn from_type_name<T: ?Sized>() -> Result<Self, InvalidEventName> {
        Self::parse(upper_snake_case(short_type_name(std::any::type_name::<T>())))
    }

    /// The name as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name derived from the type `T`; the same as [`EventName::from_type_name`].
pub fn event_name_of<T: ?Sized>() -> Result<EventName, InvalidEventName> {
    EventName::from_type_name::<T>()
}

impl AsRef<str> for EventName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EventName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EventName {
    type Error = InvalidEventName;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl From<EventName> for String {
    fn from(value: EventName) -> Self {
        value.0
    }
}

/// Who publishes an event, such as `myorg.product.product_notification`: never blank, at most 256
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EventSource(String);

impl EventSource {
    /// The most characters a source may have: EventBridge's limit on `Source`.
    pub const MAX_CHARS: usize = 256;

    /// Accepts `source` if it is not blank and at most [`Self::MAX_CHARS`] characters long.
    pub fn parse(source: impl Into<String>) -> Result<Self, InvalidEventSource> {
        let source = source.into();
        if source.trim().is_empty() {
            return Err(InvalidEventSource::Empty);
        }
        let length = source.chars().count();
        if length > Self::MAX_CHARS {
            return Err(InvalidEventSource::TooLong { length, max: Self::MAX_CHARS });
        }
        Ok(Self(source))
    }

    /// The source as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for EventSource {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EventSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EventSource {
    type Error = InvalidEventSource;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl From<EventSource> for String {
    fn from(value: EventSource) -> Self {
        value.0
    }
}

// ANCHOR: name_conversion
/// The last path segment of a type name, without generics or reference markers.
///
/// `&alloc::vec::Vec<u8>` gives `Vec`; `product_domain::ProductChangeNotification` gives
/// `ProductChangeNotification`.
pub fn short_type_name(type_name: &str) -> &str {
    let without_generics = type_name.split('<').next().unwrap_or(type_name);
    let path = without_generics.trim_start_matches(['&', '*', '[', '(']);
    let path = path.trim_start_matches("mut ").trim_start_matches("const ").trim_start_matches("dyn ");
    path.rsplit("::").next().unwrap_or(path)
}

/// Converts a PascalCase (or camelCase, or snake_case) identifier to UPPER_SNAKE.
///
/// A word starts at an upper-case letter that follows a lower-case letter or a digit, and at the
/// last capital of an acronym that is followed by a lower-case letter, so `HTTPRequestLog` gives
/// `HTTP_REQUEST_LOG`. Characters other than letters and digits separate words.
pub fn upper_snake_case(identifier: &str) -> String {
    let chars: Vec<char> = identifier.chars().collect();
    let mut out = String::with_capacity(identifier.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        let previous = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let starts_word = c.is_uppercase()
            && previous.is_some_and(|p| {
                p.is_lowercase() || p.is_numeric() || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if starts_word && !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        out.extend(c.to_uppercase());
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}
// ANCHOR_END: name_conversion

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct ProductChangeNotification;

    #[derive(Debug)]
    struct HTTPRequestLog;

    #[derive(Debug)]
    struct Wrapper<T>(T);

    // ANCHOR: name_tests
    #[test]
    fn a_pascal_case_type_name_becomes_upper_snake() {
        let name = EventName::from_type_name::<ProductChangeNotification>().unwrap();
        assert_eq!(name.as_str(), "PRODUCT_CHANGE_NOTIFICATION");
    }

    #[test]
    fn an_acronym_stays_one_word() {
        assert_eq!(upper_snake_case("HTTPRequestLog"), "HTTP_REQUEST_LOG");
        assert_eq!(upper_snake_case("ProductIO"), "PRODUCT_IO");
        assert_eq!(upper_snake_case("IOError"), "IO_ERROR");
    }
    // ANCHOR_END: name_tests

    #[test]
    fn the_name_of_an_acronym_type_keeps_the_acronym_together() {
        let name = EventName::from_type_name::<HTTPRequestLog>().unwrap();
        assert_eq!(name.as_str(), "HTTP_REQUEST_LOG");
    }

    #[test]
    fn digits_end_a_word_before_a_capital() {
        assert_eq!(upper_snake_case("ProductV2Created"), "PRODUCT_V2_CREATED");
        assert_eq!(upper_snake_case("Sha256Digest"), "SHA256_DIGEST");
    }

    #[test]
    fn camel_and_snake_case_identifiers_convert_too() {
        assert_eq!(upper_snake_case("productChanged"), "PRODUCT_CHANGED");
        assert_eq!(upper_snake_case("product_changed"), "PRODUCT_CHANGED");
        assert_eq!(upper_snake_case("Product__Changed_"), "PRODUCT_CHANGED");
    }

    #[test]
    fn generics_and_references_are_left_out_of_a_type_name() {
        assert_eq!(EventName::from_type_name::<Wrapper<ProductChangeNotification>>().unwrap().as_str(), "WRAPPER");
        assert_eq!(
            EventName::from_type_name::<&ProductChangeNotification>().unwrap().as_str(),
            "PRODUCT_CHANGE_NOTIFICATION"
        );
        assert_eq!(short_type_name("&mut alloc::vec::Vec<my::Thing>"), "Vec");
    }

    #[test]
    fn a_type_without_letters_has_no_name() {
        assert_eq!(EventName::from_type_name::<()>(), Err(InvalidEventName::Empty));
    }

    #[test]
    fn a_blank_event_name_is_rejected() {
        assert_eq!(EventName::parse(""), Err(InvalidEventName::Empty));
        assert_eq!(EventName::parse("  "), Err(InvalidEventName::Empty));
    }

    #[test]
    fn an_event_name_of_129_characters_is_rejected() {
        assert_eq!(EventName::parse("A".repeat(129)), Err(InvalidEventName::TooLong { length: 129, max: 128 }));
        assert!(EventName::parse("é".repeat(128)).is_ok());
    }

    #[test]
    fn a_blank_or_overlong_event_source_is_rejected() {
        assert_eq!(EventSource::parse(" "), Err(InvalidEventSource::Empty));
        assert!(matches!(EventSource::parse("s".repeat(257)), Err(InvalidEventSource::TooLong { length: 257, .. })));
        assert_eq!(
            EventSource::parse("myorg.product.product_notification").unwrap().as_str(),
            "myorg.product.product_notification"
        );
    }

    #[test]
    fn a_blank_name_in_json_is_rejected_when_read() {
        assert!(serde_json::from_str::<EventName>("\"\"").is_err());
        assert_eq!(serde_json::from_str::<EventName>("\"A_B\"").unwrap().as_str(), "A_B");
    }
}
