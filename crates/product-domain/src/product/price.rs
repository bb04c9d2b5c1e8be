//! A product's price: a whole number of the smallest currency unit, bounded so that every
//! client reads back exactly the price it stored.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

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
