//! The YAML front matter of an ADR (MADR 4), and the small value types it is made of.
//!
//! Every field is read into a type that can only hold a valid value, so a typo
//! (`staus:`), an unknown status or an impossible date fails while the YAML is read, and
//! the YAML reader reports the line.

use std::fmt;

use jiff::civil::Date;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

// ANCHOR: front_matter
/// The front matter of an ADR: the block between the two `---` lines at the top of the
/// file.
///
/// ```yaml
/// ---
/// status: superseded
/// date: 2026-11-28
/// decision-makers: Product service maintainers
/// superseded-by: 9
/// ---
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FrontMatter {
    /// Where the decision stands.
    pub status: Status,
    /// When the status was last changed, `YYYY-MM-DD`.
    pub date: AdrDate,
    /// Who made the decision: one name, or a list of names.
    pub decision_makers: People,
    /// Whose opinion was sought (MADR's optional field).
    #[serde(default)]
    pub consulted: Option<People>,
    /// Who was kept up to date (MADR's optional field).
    #[serde(default)]
    pub informed: Option<People>,
    /// The ADRs this one replaces; each of them must name this one in `superseded-by`.
    #[serde(default)]
    pub supersedes: Numbers,
    /// The ADR that replaced this one; it must list this one in `supersedes`.
    #[serde(default)]
    pub superseded_by: Option<AdrNumber>,
}

/// Where a decision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Written down and open for review; not yet in force.
    Proposed,
    /// In force.
    Accepted,
    /// Considered and turned down; kept so the question is not asked again.
    Rejected,
    /// No longer in force, and nothing replaced it.
    Deprecated,
    /// No longer in force: another ADR (`superseded-by`) replaced it.
    Superseded,
}
// ANCHOR_END: front_matter

impl Status {
    /// The status as the book shows it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Proposed => "Proposed",
            Self::Accepted => "Accepted",
            Self::Rejected => "Rejected",
            Self::Deprecated => "Deprecated",
            Self::Superseded => "Superseded",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As written in the front matter: the label in lower case.
        f.write_str(&self.label().to_lowercase())
    }
}

/// The number of an ADR: 1 to 9999, written with four digits (`0007`) and cited as
/// `ADR-0007`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AdrNumber(u16);

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

/// A calendar date written `YYYY-MM-DD`, and nothing else (`2026-2-3` or `2026-02-30` are
/// refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct AdrDate(Date);

impl AdrDate {
    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(input: &str) -> Option<Self> {
        let bytes = input.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes.iter().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() }
            });
        if !shape_ok {
            return None;
        }
        input.parse().ok().map(Self)
    }

    /// The date.
    pub fn get(self) -> Date {
        self.0
    }
}

impl fmt::Display for AdrDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.strftime("%Y-%m-%d"))
    }
}

/// Checks the date inside the visitor, so the YAML reader locates an error on the date's
/// own line.
impl<'de> Deserialize<'de> for AdrDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(DateVisitor)
    }
}

struct DateVisitor;

impl Visitor<'_> for DateVisitor {
    type Value = AdrDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date written YYYY-MM-DD that exists")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<AdrDate, E> {
        AdrDate::parse(value)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(value), &self))
    }
}

/// One or more people or teams: a YAML string or a list of strings, never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct People(pub Vec<String>);

impl fmt::Display for People {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(", "))
    }
}

impl<'de> Deserialize<'de> for People {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PeopleVisitor)
    }
}

struct PeopleVisitor;

impl<'de> Visitor<'de> for PeopleVisitor {
    type Value = People;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a name or a non-empty list of names")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<People, E> {
        let value = value.trim();
        if value.is_empty() {
            return Err(E::invalid_value(de::Unexpected::Str(value), &self));
        }
        Ok(People(vec![value.to_owned()]))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<People, A::Error> {
        let mut names = Vec::new();
        while let Some(name) = seq.next_element::<String>()? {
            let name = name.trim();
            if name.is_empty() {
                return Err(de::Error::invalid_value(de::Unexpected::Str(name), &self));
            }
            names.push(name.to_owned());
        }
        if names.is_empty() {
            return Err(de::Error::invalid_length(0, &self));
        }
        Ok(People(names))
    }
}

#[cfg(test)]
mod tests;
