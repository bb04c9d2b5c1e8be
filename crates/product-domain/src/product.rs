//! Values of the product model that are valid by construction.
//!
//! Each type has a private field and a `parse` constructor that returns a `Result`, so a
//! value that exists has passed its rule once, at the edge, and nothing downstream checks
//! it again.

use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

mod price;

pub use price::{InvalidPrice, Price};

// ANCHOR: product_id
/// A product's identifier: a UUID written as 36 characters (`8-4-4-4-12` hexadecimal
/// digits).
///
/// Other spellings that `uuid` accepts (32 digits without hyphens, braces, `urn:uuid:`)
/// are rejected, so one product has one path. Upper-case digits are accepted and stored
/// in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct ProductId(Uuid);

/// The reason a string is not a [`ProductId`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "a product id must be a UUID of 36 characters, \
         such as 3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d"
)]
pub struct InvalidProductId;

impl ProductId {
    /// The only accepted length: the hyphenated form.
    pub const LENGTH: usize = 36;

    /// Parses the hyphenated form of a UUID.
    pub fn parse(input: &str) -> Result<Self, InvalidProductId> {
        if input.len() != Self::LENGTH {
            return Err(InvalidProductId);
        }
        Uuid::try_parse(input).map(Self).map_err(|_| InvalidProductId)
    }
}
// ANCHOR_END: product_id

/// Written as its hyphenated text, encoded on the stack rather than into a `String`: the
/// id of every notification is serialized once per event.
impl Serialize for ProductId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer
            .serialize_str(self.0.hyphenated().encode_lower(&mut Uuid::encode_buffer()))
    }
}

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl TryFrom<String> for ProductId {
    type Error = InvalidProductId;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ProductId> for String {
    fn from(id: ProductId) -> Self {
        id.to_string()
    }
}

// ANCHOR: product_name
/// A product's name: normalized to NFC, then [`Self::MIN_CHARS`] to [`Self::MAX_CHARS`]
/// Unicode scalar values, not blank, and with no character of the
/// [`Self::forbidden_categories`].
///
/// Normalizing first means that `e` followed by a combining acute accent and the single
/// `é` are one name, counted and stored alike. Nothing else is changed: no trimming, no
/// case folding. The constants are the rule: `parse` checks them, and the create body's
/// error messages and JSON Schema are written from them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProductName(String);

/// The reason a string is not a [`ProductName`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InvalidProductName {
    /// Too short or too long, counted after normalization.
    #[error(
        "a product name must have {} to {} characters, found {found}",
        ProductName::MIN_CHARS,
        ProductName::MAX_CHARS
    )]
    Length {
        /// How many characters (Unicode scalar values) the normalized name had.
        found: usize,
    },
    /// A character that is invisible, reorders the text around it, or breaks it into
    /// lines.
    #[error(
        "a product name must not contain {} characters, found U+{:04X} at character {}",
        .category.1,
        u32::from(*.character),
        .position
    )]
    Forbidden {
        /// The first such character.
        character: char,
        /// Its general category: the Unicode abbreviation (`Cf`) and a name for people
        /// (`format`).
        category: (&'static str, &'static str),
        /// Where it is, counting characters from 1.
        position: usize,
    },
    /// Nothing but white space.
    #[error("a product name must not be blank")]
    Blank,
}

impl ProductName {
    /// The fewest characters a name may have.
    pub const MIN_CHARS: usize = 1;
    /// The most characters a name may have: counted as Unicode scalar values after NFC
    /// normalization, not bytes.
    pub const MAX_CHARS: usize = 20;
    /// The general categories a name may not contain: control characters (NUL, escapes),
    /// format characters (bidirectional overrides such as U+202E, zero-width spaces
    /// and joiners, the byte order mark), and line and paragraph separators. A name
    /// is one line of visible text. Each is its code points, its abbreviation and its
    /// name in words.
    const FORBIDDEN: [(text::CodePoints, &'static str, &'static str); 4] = [
        (text::CONTROL, "Cc", "control"),
        (text::FORMAT, "Cf", "format"),
        (text::LINE_SEPARATOR, "Zl", "line separator"),
        (text::PARAGRAPH_SEPARATOR, "Zp", "paragraph separator"),
    ];

    /// Normalizes `input` to NFC, then accepts it if its length, its characters and its
    /// content keep the rule; the length is checked first, then the characters, then
    /// blankness.
    pub fn parse(
        input: impl AsRef<str> + Into<String>,
    ) -> Result<Self, InvalidProductName> {
        // Most names are already NFC (ASCII always is): they are checked where they lie
        // and copied only once accepted, an ASCII name by its bytes alone.
        let given = input.as_ref();
        if given.is_ascii() {
            Self::check_ascii(given)?;
            return Ok(Self(input.into()));
        }
        if text::is_nfc(given) {
            Self::check(given)?;
            return Ok(Self(input.into()));
        }
        let name = text::nfc(given.to_owned());
        Self::check(&name)?;
        Ok(Self(name))
    }

    /// Checks a name already in NFC.
    fn check(name: &str) -> Result<(), InvalidProductName> {
        let found = name.chars().count();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&found) {
            return Err(InvalidProductName::Length { found });
        }
        if let Some((position, character, category)) = Self::first_forbidden(name) {
            return Err(InvalidProductName::Forbidden { character, category, position });
        }
        if name.chars().all(char::is_whitespace) {
            return Err(InvalidProductName::Blank);
        }
        Ok(())
    }

    /// The forbidden general categories as Unicode abbreviates them (`Cc`, `Cf`, `Zl`,
    /// `Zp`), for the JSON Schema's pattern.
    pub fn forbidden_categories() -> impl Iterator<Item = &'static str> {
        Self::FORBIDDEN.iter().map(|(_, abbreviation, _)| *abbreviation)
    }

    /// The forbidden general categories in words (`control`, `format`, ...), for error
    /// messages.
    pub fn forbidden_category_names() -> impl Iterator<Item = &'static str> {
        Self::FORBIDDEN.iter().map(|(.., words)| *words)
    }
}
// ANCHOR_END: product_name

impl ProductName {
    /// [`Self::check`] for an ASCII name, with the same answers (a test compares the two
    /// on any ASCII text), by its bytes: each character is one byte, and printable ASCII
    /// holds no character of a forbidden category and no white space but the space.
    /// Names outside that, and blank ones, take the general check, which says where
    /// and why.
    fn check_ascii(name: &str) -> Result<(), InvalidProductName> {
        let found = name.len();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&found) {
            return Err(InvalidProductName::Length { found });
        }
        let printable = name.bytes().all(|byte| matches!(byte, b' '..=b'~'));
        if printable && name.bytes().any(|byte| byte != b' ') {
            Ok(())
        } else {
            Self::check(name)
        }
    }

    /// The first character of `name` in a forbidden category: its place (counting from
    /// 1), the character, and its category as (abbreviation, words).
    fn first_forbidden(
        name: &str,
    ) -> Option<(usize, char, (&'static str, &'static str))> {
        // A lookup scans the forbidden ranges. The ASCII characters that need one are
        // found once, from the same list, so that the common case is a bit test.
        static ASCII_TO_LOOK_UP: LazyLock<u128> = LazyLock::new(|| {
            (0..128_u8)
                .filter(|&byte| ProductName::category_of(char::from(byte)).is_some())
                .fold(0, |mask, byte| mask | 1 << byte)
        });
        let ascii_to_look_up = *ASCII_TO_LOOK_UP;
        name.chars().enumerate().find_map(|(index, character)| {
            if character.is_ascii() && ascii_to_look_up & 1 << u32::from(character) == 0 {
                return None;
            }
            Self::category_of(character).map(|category| (index + 1, character, category))
        })
    }

    /// The forbidden category of `character`, from the code points of each.
    fn category_of(character: char) -> Option<(&'static str, &'static str)> {
        (Self::FORBIDDEN.iter())
            .find(|(ranges, ..)| ranges.iter().any(|range| range.contains(&character)))
            .map(|(_, abbreviation, words)| (*abbreviation, *words))
    }
}

impl AsRef<str> for ProductName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProductName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ProductName {
    type Error = InvalidProductName;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl From<ProductName> for String {
    fn from(name: ProductName) -> Self {
        name.0
    }
}

// ANCHOR: product
/// A stored product, as `GET /api/product/{product_id}` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// Its identifier.
    pub id: ProductId,
    /// Its name.
    pub name: ProductName,
    /// Its price.
    pub price: Price,
}
// ANCHOR_END: product

mod text;

#[cfg(test)]
mod tests;
