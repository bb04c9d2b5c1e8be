//! The create body as it arrives, its validation, and its JSON Schema.
//!
//! The rules of the body are stated once, by the value types: [`ProductName`] and
//! [`Price`] hold the limits (`ProductName::MAX_CHARS`, the forbidden character
//! categories, `Price::MIN`, `Price::MAX`) and check them in `parse`. Everything else is
//! written from them: [`CreateProductRequest::parse`] runs those `parse` functions and
//! words their refusals from the same constants, and the JSON Schema
//! takes its `minLength`, `maxLength`, `pattern`, `minimum` and `maximum` (and its
//! descriptions) from them too. Parsing reports every problem at once, each with a JSON
//! Pointer to the field, so a client can fix them in one go; the list is capped
//! ([`ValidationErrors::MAX`]) and each pointer shortened
//! ([`FieldError::MAX_KEY_CHARS`]), so whatever the body, the error document stays small.

mod error;
mod plain;
mod read;
mod value;

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::LazyLock;

use serde::Serialize;
use serde_json::Value;

use crate::product::{InvalidProductName, Price, ProductName};
pub use error::{ErrorCode, FieldError, ValidationErrors};
use error::{Field, NAME, PRICE, pointer_to};
use read::{Body, Member, Members};

// ANCHOR: create_request
/// The body of `PUT /api/product/{product_id}`, as a client writes it; [`Self::parse`]
/// reads one.
///
/// The limits in the attributes are the value types' constants, so the schema cannot
/// drift from the rules that `parse` applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "CreateProductRequest",
    description = "The body of `PUT /api/product/{product_id}`."
)]
pub struct CreateProductRequest {
    /// The product's name, stored in NFC; [`ProductName`] says how long it may be and
    /// which characters it may not hold.
    #[schemars(
        length(min = ProductName::MIN_CHARS, max = ProductName::MAX_CHARS),
        pattern(name_pattern()),
        description = format!(
            "The product's name: {} to {} characters once normalized to NFC, not blank, \
             with no {} characters; stored in NFC.",
            ProductName::MIN_CHARS,
            ProductName::MAX_CHARS,
            forbidden_in_words(),
        )
    )]
    pub name: String,
    /// The price in the smallest currency unit: a JSON integer from [`Price::MIN`] to
    /// [`Price::MAX`].
    #[schemars(
        range(min = Price::MIN, max = Price::MAX),
        description = format!(
            "The price in the smallest currency unit: a JSON integer from {} to {} \
             (2^53 - 1, which a JavaScript number holds exactly).",
            Price::MIN,
            Price::MAX
        )
    )]
    pub price: i64,
}
// ANCHOR_END: create_request

/// A product to create: the create body after validation, in domain types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    /// The name to store.
    pub name: ProductName,
    /// The price to store.
    pub price: Price,
}

/// The JSON Schema's `pattern` for a name: no character of a forbidden category, and at
/// least one that is not white space (ECMA-262 with the `u` flag, as JSON Schema
/// validators read it).
fn name_pattern() -> String {
    let forbidden: String = ProductName::forbidden_categories()
        .map(|category| format!("\\p{{{category}}}"))
        .collect();
    format!("^[^{forbidden}]*[^{forbidden}\\p{{White_Space}}][^{forbidden}]*$")
}

/// The forbidden categories in words: `control, format, line separator or paragraph
/// separator`.
fn forbidden_in_words() -> String {
    let names: Vec<&str> = ProductName::forbidden_category_names().collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

impl CreateProductRequest {
    /// The body's members, in the order errors are reported.
    pub const FIELDS: [&'static str; 2] = ["name", "price"];

    // ANCHOR: parse
    /// Parses and validates a raw body, reporting every problem with its location.
    ///
    /// Malformed JSON, a body that is not an object, unknown, repeated or missing
    /// members, wrong types (a price must be a JSON integer: strings, floats,
    /// booleans and null are refused) and broken rules are all reported, the first
    /// [`ValidationErrors::MAX`] of them; nesting deeper than serde_json's limit of
    /// 128 is refused as malformed, not overflowed. The rules are checked once the
    /// members have the types they need, and only then.
    pub fn parse(body: &[u8]) -> Result<NewProduct, ValidationErrors> {
        // The flat bodies clients send are read by a shortcut (`plain.rs`); any other
        // body, and every malformed one, by serde_json, in its words.
        let members = match plain::read(body) {
            Some(members) => members,
            None => Self::read_with_serde(body)?,
        };
        Self::judge(members)
    }

    /// The members of a body as serde_json reads it, or the one problem of a body that is
    /// malformed or not a JSON object.
    fn read_with_serde(body: &[u8]) -> Result<Members<'_>, ValidationErrors> {
        let error = match serde_json::from_slice(body) {
            Ok(Body::Object(members)) => return Ok(members),
            Ok(Body::NotAnObject(kind)) => {
                let message = ["the body must be a JSON object, found ", kind.words()];
                FieldError::new("", ErrorCode::Type, message.concat())
            }
            Err(error) => {
                // serde_json's sentences are short: written straight into a string with
                // room for any of them, instead of one that grows as they are written.
                let mut message = String::with_capacity(128);
                message.push_str("the body is not valid JSON: ");
                // Writing to a `String` cannot fail.
                let _ = write!(message, "{error}");
                FieldError::new("", ErrorCode::MalformedJson, message)
            }
        };
        Err(ValidationErrors::one(error))
    }

    /// The product a body's members describe, or every problem they have: unknown
    /// members, then for each member the body takes a missing, repeated or mistyped
    /// value, and only if there is none of those, the rules.
    fn judge(members: Members<'_>) -> Result<NewProduct, ValidationErrors> {
        let mut errors = Vec::new();
        for key in members.unknown.names() {
            let message = "this member is not part of the body";
            errors.push(FieldError::new(
                pointer_to(key),
                ErrorCode::UnknownField,
                message,
            ));
        }
        let name = given(&mut errors, &NAME, members.name);
        let price = given(&mut errors, &PRICE, members.price);
        match (name, price) {
            (Some(name), Some(price)) if errors.is_empty() => {
                NewProduct::checked(name, price)
            }
            _ => Err(ValidationErrors::capped(errors)),
        }
    }
    // ANCHOR_END: parse

    /// The JSON Schema of the body, generated from this type.
    pub fn json_schema() -> Value {
        serde_json::to_value(schemars::schema_for!(CreateProductRequest))
            .unwrap_or_default()
    }
}

/// The value of a member if it was given once and of the type it takes, recording a
/// `duplicate_field`, `required` or `type` error at `field` otherwise.
///
/// A member given twice is not judged further: which of its values the client meant is
/// unknown.
fn given<T>(errors: &mut Vec<FieldError>, field: &Field, member: Member<T>) -> Option<T> {
    let (code, message) = match member {
        Member::Once(Ok(value)) => return Some(value),
        Member::Once(Err(found)) => {
            (ErrorCode::Type, Cow::Owned([field.mistyped, found.words()].concat()))
        }
        Member::Repeated => (ErrorCode::DuplicateField, Cow::Borrowed(field.repeated)),
        Member::Absent => (ErrorCode::Required, Cow::Borrowed(field.required)),
    };
    errors.push(FieldError::new(field.pointer, code, message));
    None
}

impl NewProduct {
    /// Applies the value types' rules to a name and a price of the right types, reporting
    /// each refusal at its member in the words of the rule.
    fn checked(
        name: impl AsRef<str> + Into<String>,
        price: i64,
    ) -> Result<Self, ValidationErrors> {
        // The two sentences that depend on nothing but the rules are written once.
        static LENGTH: LazyLock<String> = LazyLock::new(|| {
            let (min, max) = (ProductName::MIN_CHARS, ProductName::MAX_CHARS);
            format!("name must have {min} to {max} characters")
        });
        static RANGE: LazyLock<String> = LazyLock::new(|| {
            format!("price must be a whole number from {} to {}", Price::MIN, Price::MAX)
        });
        let name = ProductName::parse(name).map_err(|error| match error {
            InvalidProductName::Length { .. } => {
                FieldError::new(NAME.pointer, ErrorCode::Length, LENGTH.as_str())
            }
            InvalidProductName::Forbidden { character, category, position } => {
                let (words, code) = (category.1, u32::from(character));
                let message = format!(
                    "name must not contain {words} characters; \
                     found U+{code:04X} at character {position}"
                );
                FieldError::new(NAME.pointer, ErrorCode::Invalid, message)
            }
            InvalidProductName::Blank => FieldError::new(
                NAME.pointer,
                ErrorCode::Invalid,
                "name must not be blank",
            ),
        });
        let price = Price::parse(price).map_err(|_| {
            FieldError::new(PRICE.pointer, ErrorCode::Range, RANGE.as_str())
        });
        match (name, price) {
            (Ok(name), Ok(price)) => Ok(Self { name, price }),
            (name, price) => {
                let mut errors = Vec::with_capacity(2);
                errors.extend(name.err());
                errors.extend(price.err());
                Err(ValidationErrors(errors))
            }
        }
    }
}

/// Applies the value types' rules, reporting each refusal at its member in the words of
/// the rule.
impl TryFrom<CreateProductRequest> for NewProduct {
    type Error = ValidationErrors;

    fn try_from(request: CreateProductRequest) -> Result<Self, Self::Error> {
        Self::checked(request.name, request.price)
    }
}

#[cfg(test)]
mod tests;
