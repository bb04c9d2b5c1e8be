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

mod read;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use crate::product::{InvalidProductName, Price, ProductName};
use read::{Body, Json, Member};

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

// ANCHOR: field_error
/// One problem with a request, located by a JSON Pointer (RFC 6901).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Where the problem is: `/name`, `/price`, `""` for the whole body, or a path
    /// parameter such as `/pathParameters/product_id`.
    pub pointer: String,
    /// What kind of problem it is, for a program to switch on.
    pub code: ErrorCode,
    /// A sentence for a person.
    pub message: String,
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
        pointer: impl Into<String>,
        code: ErrorCode,
        message: impl Into<String>,
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

/// Escapes a member name for use in a JSON Pointer (`~` as `~0`, `/` as `~1`), cut after
/// [`FieldError::MAX_KEY_CHARS`] characters.
fn pointer_to(field: &str) -> String {
    let cut = field.char_indices().nth(FieldError::MAX_KEY_CHARS).map(|(at, _)| at);
    let shown = &field[..cut.unwrap_or(field.len())];
    let marker = if cut.is_some() { "…" } else { "" };
    format!("/{}{marker}", shown.replace('~', "~0").replace('/', "~1"))
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
    /// 128 is refused as malformed, not overflowed.
    pub fn parse(body: &[u8]) -> Result<NewProduct, ValidationErrors> {
        let members = match serde_json::from_slice(body) {
            Ok(Body::Object(members)) => members,
            Ok(Body::NotAnObject(kind)) => {
                let message = format!("the body must be a JSON object, found {kind}");
                return Err(ValidationErrors::one(FieldError::new(
                    "",
                    ErrorCode::Type,
                    message,
                )));
            }
            Err(error) => {
                let message = format!("the body is not valid JSON: {error}");
                return Err(ValidationErrors::one(FieldError::new(
                    "",
                    ErrorCode::MalformedJson,
                    message,
                )));
            }
        };
        let mut errors: Vec<FieldError> = (members.unknown.iter())
            .map(|key| {
                FieldError::new(
                    pointer_to(key),
                    ErrorCode::UnknownField,
                    "this member is not part of the body",
                )
            })
            .collect();
        let name =
            typed(&mut errors, "name", members.name, "a string", |value| match value {
                Json::String(name) => Some(name.into_owned()),
                _ => None,
            });
        let price =
            typed(
                &mut errors,
                "price",
                members.price,
                "an integer",
                |value| match value {
                    Json::Integer(price) => Some(price),
                    _ => None,
                },
            );
        match (name, price) {
            (Some(name), Some(price)) if errors.is_empty() => {
                NewProduct::try_from(Self { name, price })
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

/// The value of member `field` if it is given once and of the type `read` takes,
/// recording a `duplicate_field`, `required` or `type` error otherwise.
///
/// A member given twice is not judged further: which of its values the client meant is
/// unknown.
fn typed<'de, T>(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: Member<'de>,
    expected: &str,
    read: impl FnOnce(Json<'de>) -> Option<T>,
) -> Option<T> {
    let value = match value {
        Member::Once(value) => value,
        Member::Repeated => {
            let message = format!("{field} is given more than once");
            errors.push(FieldError::new(
                pointer_to(field),
                ErrorCode::DuplicateField,
                message,
            ));
            return None;
        }
        Member::Absent => {
            errors.push(FieldError::new(
                pointer_to(field),
                ErrorCode::Required,
                format!("{field} is required"),
            ));
            return None;
        }
    };
    let found = value.kind();
    let read = read(value);
    if read.is_none() {
        let message = format!("{field} must be {expected}, found {found}");
        errors.push(FieldError::new(pointer_to(field), ErrorCode::Type, message));
    }
    read
}

/// Applies the value types' rules, reporting each refusal at its member in the words of
/// the rule.
impl TryFrom<CreateProductRequest> for NewProduct {
    type Error = ValidationErrors;

    fn try_from(request: CreateProductRequest) -> Result<Self, Self::Error> {
        let name = ProductName::parse(request.name).map_err(|error| match error {
            InvalidProductName::Length { .. } => {
                let (min, max) = (ProductName::MIN_CHARS, ProductName::MAX_CHARS);
                FieldError::new("/name", ErrorCode::Length, format!("name must have {min} to {max} characters"))
            }
            InvalidProductName::Forbidden { character, category: (_, words), position } => {
                let code = u32::from(character);
                let message =
                    format!("name must not contain {words} characters; found U+{code:04X} at character {position}");
                FieldError::new("/name", ErrorCode::Invalid, message)
            }
            InvalidProductName::Blank => FieldError::new("/name", ErrorCode::Invalid, "name must not be blank"),
        });
        let price = Price::parse(request.price).map_err(|_| {
            let message = format!(
                "price must be a whole number from {} to {}",
                Price::MIN,
                Price::MAX
            );
            FieldError::new("/price", ErrorCode::Range, message)
        });
        match (name, price) {
            (Ok(name), Ok(price)) => Ok(Self { name, price }),
            (name, price) => Err(ValidationErrors::capped(
                name.err().into_iter().chain(price.err()).collect(),
            )),
        }
    }
}

#[cfg(test)]
mod tests;
