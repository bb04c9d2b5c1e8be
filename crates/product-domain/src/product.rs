//! Values of the product model that are valid by construction.
//!
//! Each type has a private field and a `parse` constructor that returns a `Result`, so a value that
//! exists has passed its rule once, at the edge, and nothing downstream checks it again.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

// ANCHOR: product_id
/// A product's identifier: a UUID written as 36 characters (`8-4-4-4-12` hexadecimal digits).
///
/// Other spellings that `uuid` accepts (32 digits without hyphens, braces, `urn:uuid:`) are
/// rejected, so one product has one path. Upper-case digits are accepted and stored in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProductId(Uuid);

/// The reason a string is not a [`ProductId`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("a product id must be a UUID of 36 characters, such as 3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d")]
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
/// A product's name: [`Self::MIN_CHARS`] to [`Self::MAX_CHARS`] Unicode scalar values, kept exactly
/// as given (no trimming).
///
/// The two constants are the rule: `parse` checks them, and the create body's error messages and
/// JSON Schema are written from them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProductName(String);

/// The reason a string is not a [`ProductName`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("a product name must have {} to {} characters, found {found}", ProductName::MIN_CHARS, ProductName::MAX_CHARS)]
pub struct InvalidProductName {
    /// How many characters (Unicode scalar values) the rejected name had.
    pub found: usize,
}

impl ProductName {
    /// The fewest characters a name may have.
    pub const MIN_CHARS: usize = 1;
    /// The most characters a name may have: counted as Unicode scalar values, not bytes.
    pub const MAX_CHARS: usize = 20;

    /// Accepts a name of [`Self::MIN_CHARS`] to [`Self::MAX_CHARS`] characters.
    pub fn parse(input: impl Into<String>) -> Result<Self, InvalidProductName> {
        let input = input.into();
        let found = input.chars().count();
        if (Self::MIN_CHARS..=Self::MAX_CHARS).contains(&found) {
            Ok(Self(input))
        } else {
            Err(InvalidProductName { found })
        }
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

/// A product's price: a whole number of the smallest currency unit, at least [`Self::MIN`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Price(i64);

/// The reason a number is not a [`Price`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("a price must be a whole number of at least {}, found {found}", Price::MIN)]
pub struct InvalidPrice {
    /// The rejected number.
    pub found: i64,
}

impl Price {
    /// The lowest price: nothing is given away, and nothing costs less than nothing.
    pub const MIN: i64 = 1;

    /// Accepts any integer from [`Self::MIN`] up.
    pub fn parse(value: i64) -> Result<Self, InvalidPrice> {
        if value >= Self::MIN { Ok(Self(value)) } else { Err(InvalidPrice { found: value }) }
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

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";

    #[test]
    fn a_hyphenated_uuid_is_a_product_id() {
        assert_eq!(ProductId::parse(ID).map(|id| id.to_string()), Ok(ID.to_owned()));
    }

    #[test]
    fn upper_case_digits_are_stored_in_lower_case() {
        let id = ProductId::parse(&ID.to_uppercase()).unwrap();
        assert_eq!(id.to_string(), ID);
    }

    #[test]
    fn other_uuid_spellings_are_rejected() {
        for input in [
            "3f2b8c1e4d5a4f6b9c7d2e1f0a9b8c7d",
            "{3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d}",
            "urn:uuid:3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d",
            "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7",
            "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7g",
            "",
        ] {
            assert_eq!(ProductId::parse(input), Err(InvalidProductId), "{input}");
        }
    }

    #[test]
    fn a_name_is_counted_in_characters_not_bytes() {
        let twenty_emoji = "🦀".repeat(20);
        assert!(ProductName::parse(twenty_emoji).is_ok());
        assert_eq!(ProductName::parse("🦀".repeat(21)), Err(InvalidProductName { found: 21 }));
    }

    #[test]
    fn an_empty_name_is_rejected() {
        assert_eq!(ProductName::parse(""), Err(InvalidProductName { found: 0 }));
    }

    #[test]
    fn a_name_is_kept_exactly_as_given() {
        assert_eq!(ProductName::parse("  pad ").unwrap().as_ref(), "  pad ");
    }

    #[test]
    fn a_price_below_one_is_rejected() {
        assert_eq!(Price::parse(0), Err(InvalidPrice { found: 0 }));
        assert_eq!(Price::parse(-3), Err(InvalidPrice { found: -3 }));
        assert_eq!(Price::parse(1).map(Price::get), Ok(1));
    }

    #[test]
    fn deserializing_checks_the_same_rules() {
        let json = serde_json::json!({"id": ID, "name": "", "price": 5});
        assert!(serde_json::from_value::<Product>(json).is_err());
    }
}
