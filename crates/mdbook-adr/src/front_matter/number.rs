//! ADR numbers as the front matter writes them: one number (`7` or `"0007"`), or a
//! list of them.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// The number of an ADR: 1 to 9999, written with four digits (`0007`) and cited as
/// `ADR-0007`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AdrNumber(pub(super) u16);

impl AdrNumber {
    /// The largest number four digits can write.
    pub const MAX: u16 = 9999;

    /// The number, if it is one an ADR can have.
    pub fn new(number: u16) -> Option<Self> {
        (1..=Self::MAX).contains(&number).then_some(Self(number))
    }

    /// Reads exactly four ASCII digits (`"0007"`), as in file names and citations.
    pub fn from_digits(digits: &str) -> Option<Self> {
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().and_then(Self::new)
    }

    /// The number itself.
    pub fn get(self) -> u16 {
        self.0
    }

    /// How chapters cite it: `ADR-0007`.
    pub fn citation(self) -> String {
        format!("ADR-{self}")
    }
}

/// Four digits, as in file names: `0007`.
impl fmt::Display for AdrNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

/// Takes `7`, `"0007"` or `"ADR-0007"`: YAML writes numbers with leading zeros in more
/// than one way.
impl<'de> Deserialize<'de> for AdrNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumberVisitor)
    }
}

struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = AdrNumber;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an ADR number from 1 to 9999 (such as 7, \"0007\" or \"ADR-0007\")")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<AdrNumber, E> {
        u16::try_from(value)
            .ok()
            .and_then(AdrNumber::new)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(value), &self))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<AdrNumber, E> {
        u64::try_from(value)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
            .and_then(|value| self.visit_u64(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<AdrNumber, E> {
        let digits = value.strip_prefix("ADR-").unwrap_or(value);
        AdrNumber::from_digits(digits)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(value), &self))
    }
}

/// Zero or more ADR numbers: `supersedes: 3` and `supersedes: [3, 4]` are both accepted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Numbers(pub Vec<AdrNumber>);

impl<'de> Deserialize<'de> for Numbers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumbersVisitor)
    }
}

struct NumbersVisitor;

impl<'de> Visitor<'de> for NumbersVisitor {
    type Value = Numbers;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an ADR number or a list of ADR numbers")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Numbers, E> {
        NumberVisitor.visit_u64(value).map(|n| Numbers(vec![n]))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Numbers, E> {
        NumberVisitor.visit_i64(value).map(|n| Numbers(vec![n]))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Numbers, E> {
        NumberVisitor.visit_str(value).map(|n| Numbers(vec![n]))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Numbers, A::Error> {
        let mut numbers = Vec::new();
        while let Some(number) = seq.next_element::<AdrNumber>()? {
            numbers.push(number);
        }
        Ok(Numbers(numbers))
    }
}
