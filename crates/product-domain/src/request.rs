//! The create body as it arrives, its validation, and its JSON Schema.
//!
//! The rules of the body are stated once, by the value types: [`ProductName`] and [`Price`] hold the
//! limits (`ProductName::MAX_CHARS`, `Price::MIN`) and check them in `parse`. Everything else is
//! written from them: [`CreateProductRequest::parse`] runs those `parse` functions and words their
//! refusals from the same constants, and the JSON Schema takes its `minLength`, `maxLength` and
//! `minimum` (and its descriptions) from them too. Parsing reports every problem at once, each with
//! a JSON Pointer to the field, so a client can fix them in one go.

mod read;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use crate::product::{Price, ProductName};
use read::{Body, Json};

// ANCHOR: create_request
/// The body of `PUT /api/product/{product_id}`, as a client writes it; [`Self::parse`] reads one.
///
/// The limits in the attributes are the value types' constants, so the schema cannot drift from
/// the rules that `parse` applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "CreateProductRequest", description = "The body of `PUT /api/product/{product_id}`.")]
pub struct CreateProductRequest {
    /// The product's name, kept as given; [`ProductName`] says how long it may be.
    #[schemars(
        length(min = ProductName::MIN_CHARS, max = ProductName::MAX_CHARS),
        description = format!(
            "The product's name: {} to {} characters, kept as given.",
            ProductName::MIN_CHARS,
            ProductName::MAX_CHARS
        )
    )]
    pub name: String,
    /// The price in the smallest currency unit: a JSON integer, at least [`Price::MIN`].
    #[schemars(
        range(min = Price::MIN),
        description = format!("The price in the smallest currency unit: a JSON integer of at least {}.", Price::MIN)
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
    /// Where the problem is: `/name`, `/price`, `""` for the whole body, or a path parameter such as
    /// `/pathParameters/product_id`.
    pub pointer: String,
    /// What kind of problem it is, for a program to switch on.
    pub code: ErrorCode,
    /// A sentence for a person.
    pub message: String,
}

/// The stable, machine-readable kinds of [`FieldError`], written in `snake_case` (`"unknown_field"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not JSON at all.
    MalformedJson,
    /// A value has the wrong JSON type (the body not an object, a price given as a string, ...).
    Type,
    /// A member the body needs is missing.
    Required,
    /// The body has a member the API does not know.
    UnknownField,
    /// A string is shorter or longer than its rule allows.
    Length,
    /// A number is outside the range its rule allows.
    Range,
    /// A value breaks its rule in another way (an id that is not a UUID, a forged page token, ...).
    Invalid,
}
// ANCHOR_END: field_error

impl FieldError {
    /// A problem at `pointer`.
    pub fn new(pointer: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        Self { pointer: pointer.into(), code, message: message.into() }
    }
}

/// Every problem found with a request; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Error)]
#[error("the request is invalid: {} problem(s)", .0.len())]
#[serde(transparent)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// A single problem.
    pub fn one(error: FieldError) -> Self {
        Self(vec![error])
    }

    /// The problems, in the order they were found.
    pub fn errors(&self) -> &[FieldError] {
        &self.0
    }
}

/// Escapes a member name for use in a JSON Pointer (`~` as `~0`, `/` as `~1`).
fn pointer_to(field: &str) -> String {
    format!("/{}", field.replace('~', "~0").replace('/', "~1"))
}

impl CreateProductRequest {
    /// The body's members, in the order errors are reported.
    pub const FIELDS: [&'static str; 2] = ["name", "price"];

    // ANCHOR: parse
    /// Parses and validates a raw body, reporting every problem with its location.
    ///
    /// Malformed JSON, a body that is not an object, unknown or missing members, wrong types (a price
    /// must be a JSON integer: strings, floats, booleans and null are refused) and broken rules are all
    /// reported; nesting deeper than serde_json's limit of 128 is refused as malformed, not overflowed.
    pub fn parse(body: &[u8]) -> Result<NewProduct, ValidationErrors> {
        let members = match serde_json::from_slice(body) {
            Ok(Body::Object(members)) => members,
            Ok(Body::NotAnObject(kind)) => {
                let message = format!("the body must be a JSON object, found {kind}");
                return Err(ValidationErrors::one(FieldError::new("", ErrorCode::Type, message)));
            }
            Err(error) => {
                let message = format!("the body is not valid JSON: {error}");
                return Err(ValidationErrors::one(FieldError::new("", ErrorCode::MalformedJson, message)));
            }
        };
        let mut errors: Vec<FieldError> = (members.unknown.iter())
            .map(|key| FieldError::new(pointer_to(key), ErrorCode::UnknownField, "this member is not part of the body"))
            .collect();
        let name = typed(&mut errors, "name", members.name, "a string", |value| match value {
            Json::String(name) => Some(name.into_owned()),
            _ => None,
        });
        let price = typed(&mut errors, "price", members.price, "an integer", |value| match value {
            Json::Integer(price) => Some(price),
            _ => None,
        });
        match (name, price) {
            (Some(name), Some(price)) if errors.is_empty() => NewProduct::try_from(Self { name, price }),
            _ => Err(ValidationErrors(errors)),
        }
    }
    // ANCHOR_END: parse

    /// The JSON Schema of the body, generated from this type.
    pub fn json_schema() -> Value {
        serde_json::to_value(schemars::schema_for!(CreateProductRequest)).unwrap_or_default()
    }
}

/// The value of member `field` if it is present and of the type `read` takes, recording a
/// `required` or `type` error otherwise.
fn typed<'de, T>(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: Option<Json<'de>>,
    expected: &str,
    read: impl FnOnce(Json<'de>) -> Option<T>,
) -> Option<T> {
    let Some(value) = value else {
        errors.push(FieldError::new(pointer_to(field), ErrorCode::Required, format!("{field} is required")));
        return None;
    };
    let found = value.kind();
    let read = read(value);
    if read.is_none() {
        let message = format!("{field} must be {expected}, found {found}");
        errors.push(FieldError::new(pointer_to(field), ErrorCode::Type, message));
    }
    read
}

/// Applies the value types' rules, reporting each refusal at its member in the words of the rule.
impl TryFrom<CreateProductRequest> for NewProduct {
    type Error = ValidationErrors;

    fn try_from(request: CreateProductRequest) -> Result<Self, Self::Error> {
        let name = ProductName::parse(request.name).map_err(|_| {
            let (min, max) = (ProductName::MIN_CHARS, ProductName::MAX_CHARS);
            FieldError::new("/name", ErrorCode::Length, format!("name must have {min} to {max} characters"))
        });
        let price = Price::parse(request.price).map_err(|_| {
            FieldError::new(
                "/price",
                ErrorCode::Range,
                format!("price must be a whole number of at least {}", Price::MIN),
            )
        });
        match (name, price) {
            (Ok(name), Ok(price)) => Ok(Self { name, price }),
            (name, price) => Err(ValidationErrors(name.err().into_iter().chain(price.err()).collect())),
        }
    }
}

#[cfg(test)]
mod tests;
