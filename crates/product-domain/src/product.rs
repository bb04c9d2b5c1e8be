//! Values of the product model that are valid by construction.
//!
//! Each type has a private field and a `parse` constructor that returns a `Result`, so a
//! value that exists has passed its rule once, at the edge, and nothing downstream checks
//! it again.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

mod name;

pub use name::{InvalidProductName, ProductName};

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

#[cfg(test)]
mod tests;
