//! The YAML front matter of an ADR (MADR 4), and the small value types it is made of.
//!
//! Every field is read into a type that can only hold a valid value, so a typo
//! (`staus:`), an unknown status or an impossible date fails while the YAML is read, and
//! the YAML reader reports the line.

use std::fmt;

use jiff::civil::Date;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

mod number;

pub use number::{AdrNumber, Numbers};

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
