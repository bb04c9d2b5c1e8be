//! An event's name derived from the type of its model: `ProductChangeNotification` gives
//! `PRODUCT_CHANGE_NOTIFICATION`.

use std::sync::{Mutex, PoisonError};

use heck::ToShoutySnakeCase;

use crate::text::{EventName, InvalidText};

impl EventName {
    /// The name derived from the type `T`: its last path segment, generics left out, in
    /// UPPER_SNAKE.
    ///
    /// `product_domain::ProductChangeNotification` gives `PRODUCT_CHANGE_NOTIFICATION`; a
    /// reference `&T` gives the same name as `T`. It fails only for types whose name
    /// has no letters or digits (a tuple `()`), or whose name is longer than
    /// [`Self::MAX_CHARS`] once converted.
    pub fn from_type_name<T: ?Sized>() -> Result<Self, InvalidText> {
        let type_name = std::any::type_name::<T>();
        let mut derived = DERIVED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, name)) = derived.iter().find(|(known, _)| *known == type_name) {
            return Ok(name.clone());
        }
        let name = Self::parse(upper_snake_case(short_type_name(type_name)))?;
        derived.push((type_name, name.clone()));
        Ok(name)
    }
}

/// The names derived so far, by type name: deriving one costs more than building ten
/// events, the stream processor derives its model's at every invocation, and a type's
/// name never changes. As many entries as the program has event types.
static DERIVED: Mutex<Vec<(&'static str, EventName)>> = Mutex::new(Vec::new());

// ANCHOR: name_conversion
/// The last path segment of a type name, without generics or reference markers.
///
/// `&alloc::vec::Vec<u8>` gives `Vec`; `product_domain::ProductChangeNotification` gives
/// `ProductChangeNotification`.
fn short_type_name(type_name: &str) -> &str {
    let without_generics = type_name.split('<').next().unwrap_or(type_name);
    let path = without_generics.trim_start_matches(['&', '*', '[', '(']);
    let path = path
        .trim_start_matches("mut ")
        .trim_start_matches("const ")
        .trim_start_matches("dyn ");
    path.rsplit("::").next().unwrap_or(path)
}

/// Converts a PascalCase (or camelCase, or snake_case) identifier to UPPER_SNAKE, with
/// `heck`.
///
/// A word starts at an upper-case letter that follows a lower-case letter or a digit, and
/// at the last capital of an acronym that is followed by a lower-case letter, so
/// `HTTPRequestLog` gives `HTTP_REQUEST_LOG`. Characters other than letters and digits
/// separate words.
fn upper_snake_case(identifier: &str) -> String {
    identifier.to_shouty_snake_case()
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
        assert_eq!(
            EventName::from_type_name::<Wrapper<ProductChangeNotification>>()
                .unwrap()
                .as_str(),
            "WRAPPER"
        );
        assert_eq!(
            EventName::from_type_name::<&ProductChangeNotification>().unwrap().as_str(),
            "PRODUCT_CHANGE_NOTIFICATION"
        );
        assert_eq!(short_type_name("&mut alloc::vec::Vec<my::Thing>"), "Vec");
    }

    #[test]
    fn a_type_without_letters_has_no_name() {
        assert_eq!(
            EventName::from_type_name::<()>(),
            Err(InvalidText::Empty { what: "an event name" })
        );
    }
}
