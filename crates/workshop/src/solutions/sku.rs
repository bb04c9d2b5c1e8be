//! Module 1, solution: a stock-keeping unit and a quantity that are valid by
//! construction.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A stock-keeping unit: three capital letters, a hyphen and four digits, such as
/// `KET-0042`.
///
/// The field is private and [`Sku::parse`] is the only way in, so a `Sku` that exists is
/// well formed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sku(String);

/// The reason a string is not a [`Sku`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("a SKU is three capital letters, a hyphen and four digits, such as KET-0042")]
pub struct InvalidSku;

impl Sku {
    /// The only accepted length, in bytes (every accepted character is ASCII).
    pub const LENGTH: usize = 8;

    /// Accepts `AAA-0000`: capital ASCII letters, a hyphen, ASCII digits.
    pub fn parse(input: &str) -> Result<Self, InvalidSku> {
        // Bytes, not string slices: slicing `&input[..3]` panics when byte 3 falls inside
        // a character such as `É`, and a parser must never panic on what a client
        // sends.
        let bytes = input.as_bytes();
        let well_formed = bytes.len() == Self::LENGTH
            && bytes.iter().enumerate().all(|(position, byte)| match position {
                0..=2 => byte.is_ascii_uppercase(),
                3 => *byte == b'-',
                _ => byte.is_ascii_digit(),
            });
        if well_formed { Ok(Self(input.to_owned())) } else { Err(InvalidSku) }
    }
}

/// How many items of one SKU an order line asks for: 1 to 99.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "u8")]
pub struct Quantity(u8);

/// The reason a number is not a [`Quantity`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("a quantity must be a whole number from 1 to 99, found {found}")]
pub struct InvalidQuantity {
    /// The rejected number.
    pub found: i64,
}

impl Quantity {
    /// The fewest items a line may ask for.
    pub const MIN: u8 = 1;
    /// The most items a line may ask for.
    pub const MAX: u8 = 99;

    /// Accepts any integer from 1 to 99.
    pub fn parse(value: i64) -> Result<Self, InvalidQuantity> {
        u8::try_from(value)
            .ok()
            .filter(|quantity| (Self::MIN..=Self::MAX).contains(quantity))
            .map(Self)
            .ok_or(InvalidQuantity { found: value })
    }

    /// The quantity as a number.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// One line of an order, as a client sends it: `{"sku": "KET-0042", "quantity": 2}`.
///
/// Deserializing goes through [`Sku::parse`] and [`Quantity::parse`] (the `try_from`
/// attributes above), so a line that exists has passed both rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderLine {
    /// What is ordered.
    pub sku: Sku,
    /// How many.
    pub quantity: Quantity,
}

impl AsRef<str> for Sku {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Sku {
    type Error = InvalidSku;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Sku> for String {
    fn from(sku: Sku) -> Self {
        sku.0
    }
}

impl TryFrom<i64> for Quantity {
    type Error = InvalidQuantity;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl From<Quantity> for u8 {
    fn from(quantity: Quantity) -> Self {
        quantity.0
    }
}
