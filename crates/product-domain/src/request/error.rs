//! The problems found with a request: each located by a JSON Pointer, kinded by a stable
//! code, and said in a sentence; a list of them bounded whatever the request.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use thiserror::Error;

// ANCHOR: field_error
/// One problem with a request, located by a JSON Pointer (RFC 6901).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Where the problem is: `/name`, `/price`, `""` for the whole body, or a path
    /// parameter such as `/pathParameters/product_id`; borrowed when it names a member
    /// the body takes, copied when it names one the client made up.
    pub pointer: Cow<'static, str>,
    /// What kind of problem it is, for a program to switch on.
    pub code: ErrorCode,
    /// A sentence for a person: borrowed when it is one of the fixed sentences, so that
    /// the common refusals copy nothing.
    pub message: Cow<'static, str>,
}

/// The stable, machine-readable kinds of [`FieldError`], written in `snake_case`
/// (`"unknown_field"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not JSON at all.
    MalformedJson,
    /// A value has the wrong JSON type (the body not an object, a price given as a
    /// string, ...).
    Type,
    /// A member the body needs is missing.
    Required,
    /// The body has a member the API does not know.
    UnknownField,
    /// The body gives a member more than once.
    DuplicateField,
    /// A string is shorter or longer than its rule allows.
    Length,
    /// A number is outside the range its rule allows.
    Range,
    /// A value breaks its rule in another way (an id that is not a UUID, a forged page
    /// token, ...).
    Invalid,
}
// ANCHOR_END: field_error

impl FieldError {
    /// The most characters of a member's name that a pointer repeats; a longer name is
    /// cut there and marked with `…`, so a client's huge key is not echoed back
    /// whole.
    pub const MAX_KEY_CHARS: usize = 64;

    /// A problem at `pointer`.
    pub fn new(
        pointer: impl Into<Cow<'static, str>>,
        code: ErrorCode,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self { pointer: pointer.into(), code, message: message.into() }
    }
}

/// The problems found with a request, at most [`Self::MAX`]; never empty when returned as
/// an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Error)]
#[error("the request is invalid: {} problem(s)", .0.len())]
#[serde(transparent)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// The most problems one answer lists: enough to fix a body written by hand in one
    /// go, few enough that a hostile body cannot make the answer larger than itself.
    pub const MAX: usize = 20;

    /// The first [`Self::MAX`] of `errors`, in the order they were found.
    pub fn capped(mut errors: Vec<FieldError>) -> Self {
        errors.truncate(Self::MAX);
        Self(errors)
    }

    /// A single problem.
    pub fn one(error: FieldError) -> Self {
        Self(vec![error])
    }

    /// The problems, in the order they were found.
    pub fn errors(&self) -> &[FieldError] {
        &self.0
    }
}

/// A member the body takes, with the sentences of its errors that depend on nothing but
/// its name and the type it takes: written once, when the crate is compiled (`field!`),
/// instead of for every body that needs one.
pub(super) struct Field {
    /// Where its errors are: `/name`.
    pub(super) pointer: &'static str,
    /// `name is required`.
    pub(super) required: &'static str,
    /// `name is given more than once`.
    pub(super) repeated: &'static str,
    /// The start of a wrong type's sentence, which the kind found ends: `name must be a
    /// string, found `.
    pub(super) mistyped: &'static str,
}

/// The [`Field`] of the member `$name`, which takes `$expected` (`"a string"`); a macro
/// because `concat!` joins literals only.
macro_rules! field {
    ($name:literal, $expected:literal) => {
        Field {
            pointer: concat!("/", $name),
            required: concat!($name, " is required"),
            repeated: concat!($name, " is given more than once"),
            mistyped: concat!($name, " must be ", $expected, ", found "),
        }
    };
}

/// The `name` member.
pub(super) const NAME: Field = field!("name", "a string");
/// The `price` member.
pub(super) const PRICE: Field = field!("price", "an integer");

/// Escapes a member name for use in a JSON Pointer (`~` as `~0`, `/` as `~1`), cut after
/// [`FieldError::MAX_KEY_CHARS`] characters.
pub(super) fn pointer_to(field: &str) -> String {
    let cut = field.char_indices().nth(FieldError::MAX_KEY_CHARS).map(|(at, _)| at);
    let (mut rest, marker) = match cut {
        Some(at) => (&field[..at], "…"),
        None => (field, ""),
    };
    let mut pointer = String::with_capacity(1 + rest.len() + marker.len());
    pointer.push('/');
    while let Some(at) = rest.find(['~', '/']) {
        pointer.push_str(&rest[..at]);
        pointer.push_str(if rest.as_bytes()[at] == b'~' { "~0" } else { "~1" });
        rest = &rest[at + 1..];
    }
    pointer.push_str(rest);
    pointer.push_str(marker);
    pointer
}
