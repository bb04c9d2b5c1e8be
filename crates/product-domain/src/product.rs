//! Values of the product model that are valid by construction.
//!
//! Each type has a private field and a `parse` constructor that returns a `Result`, so a
//! value that exists has passed its rule once, at the edge, and nothing downstream checks
//! it again.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

// ANCHOR: product_id
/// A product's identifier: a UUID written as 36 characters (`8-4-4-4-12` hexadecimal
/// digits).
///
/// Other spellings that `uuid` accepts (32 digits without hyphens, braces, `urn:uuid:`)
/// are rejected, so one product has one path. Upper-case digits are accepted and stored
/// in lower case.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(try_from = "String", into = "String")]
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
    pub fn parse(input: impl Into<String>) -> Result<Self, InvalidProductName> {
        let name = text::nfc(input.into());
        let found = name.chars().count();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&found) {
            return Err(InvalidProductName::Length { found });
        }
        for (index, character) in name.chars().enumerate() {
            if let Some((_, abbreviation, words)) =
                Self::FORBIDDEN.iter().find(|(ranges, ..)| {
                    ranges.iter().any(|range| range.contains(&character))
                })
            {
                let category = (*abbreviation, *words);
                return Err(InvalidProductName::Forbidden {
                    character,
                    category,
                    position: index + 1,
                });
            }
        }
        if name.chars().all(char::is_whitespace) {
            return Err(InvalidProductName::Blank);
        }
        Ok(Self(name))
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

/// A product's price: a whole number of the smallest currency unit, from [`Self::MIN`] to
/// [`Self::MAX`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Price(i64);

/// The reason a number is not a [`Price`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "a price must be a whole number from {} to {}, found {found}",
    Price::MIN,
    Price::MAX
)]
pub struct InvalidPrice {
    /// The rejected number.
    pub found: i64,
}

impl Price {
    /// The lowest price: nothing is given away, and nothing costs less than nothing.
    pub const MIN: i64 = 1;
    /// The highest price: 2^53 - 1, the largest integer a JavaScript number (an IEEE 754
    /// double) holds exactly, so that every client reads back the price it stored.
    pub const MAX: i64 = (1 << 53) - 1;

    /// Accepts any integer from [`Self::MIN`] to [`Self::MAX`].
    pub fn parse(value: i64) -> Result<Self, InvalidPrice> {
        if (Self::MIN..=Self::MAX).contains(&value) {
            Ok(Self(value))
        } else {
            Err(InvalidPrice { found: value })
        }
    }

    /// The price as a number.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for Price {
    type Error = InvalidPrice;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl From<Price> for i64 {
    fn from(price: Price) -> Self {
        price.0
    }
}

impl fmt::Display for Price {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
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
