//! The create body as it arrives, its validation, and its JSON Schema.
//!
//! [`CreateProductRequest`] is the single description of the body: serde reads it, `validator` checks
//! it, and `schemars` derives the JSON Schema the book shows from the same attributes. Parsing reports
//! every problem at once, each with a JSON Pointer to the field, so a client can fix them in one go.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use thiserror::Error;
use validator::Validate;

use crate::product::{Price, ProductName};

// ANCHOR: create_request
/// The body of `PUT /api/product/{product_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "CreateProductRequest")]
pub struct CreateProductRequest {
    /// The product's name: 1 to 20 characters, kept as given.
    #[validate(length(
        min = ProductName::MIN_CHARS,
        max = ProductName::MAX_CHARS,
        message = "must have 1 to 20 characters"
    ))]
    pub name: String,
    /// The price in the smallest currency unit: a JSON integer of at least 1.
    #[validate(range(min = Price::MIN, message = "must be a whole number of at least 1"))]
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
    /// A stable, machine-readable code: `malformed_json`, `type`, `required`, `unknown_field`,
    /// `length`, `range`, `invalid`.
    pub code: String,
    /// A sentence for a person.
    pub message: String,
}
// ANCHOR_END: field_error

impl FieldError {
    /// A problem at `pointer`.
    pub fn new(pointer: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { pointer: pointer.into(), code: code.into(), message: message.into() }
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
        let value: Value = serde_json::from_slice(body).map_err(|error| {
            ValidationErrors::one(FieldError::new("", "malformed_json", format!("the body is not valid JSON: {error}")))
        })?;
        let Value::Object(members) = value else {
            return Err(ValidationErrors::one(FieldError::new(
                "",
                "type",
                format!("the body must be a JSON object, found {}", kind_of(&value)),
            )));
        };
        let request = Self::from_members(members)?;
        request.validate().map_err(|errors| Self::rule_errors(&errors))?;
        NewProduct::try_from(request)
    }
    // ANCHOR_END: parse

    /// Reads each member on its own, so one wrong type does not hide the others.
    fn from_members(mut members: Map<String, Value>) -> Result<Self, ValidationErrors> {
        let mut errors: Vec<FieldError> = members
            .keys()
            .filter(|key| !Self::FIELDS.contains(&key.as_str()))
            .map(|key| FieldError::new(pointer_to(key), "unknown_field", "this member is not part of the body"))
            .collect();
        let name = take(&mut members, "name", &mut errors, |value| match value {
            Value::String(name) => Some(name),
            _ => None,
        });
        let price = take(&mut members, "price", &mut errors, |value| value.as_i64());
        match (name, price) {
            (Some(name), Some(price)) if errors.is_empty() => Ok(Self { name, price }),
            _ => Err(ValidationErrors(errors)),
        }
    }

    /// Turns `validator`'s report into located errors, in [`Self::FIELDS`] order.
    fn rule_errors(report: &validator::ValidationErrors) -> ValidationErrors {
        let fields = report.field_errors();
        let errors = Self::FIELDS
            .iter()
            .filter_map(|field| fields.get(*field).map(|errors| (field, errors)))
            .flat_map(|(field, errors)| {
                errors.iter().map(move |error| {
                    let message = error.message.as_deref().unwrap_or("is not allowed");
                    FieldError::new(pointer_to(field), error.code.as_ref(), format!("{field} {message}"))
                })
            })
            .collect();
        ValidationErrors(errors)
    }

    /// The JSON Schema of the body, generated from this type.
    pub fn json_schema() -> Value {
        serde_json::to_value(schemars::schema_for!(CreateProductRequest)).unwrap_or_default()
    }
}

/// Removes `field` and converts it with `read`, recording a `required` or `type` error.
fn take<T>(
    members: &mut Map<String, Value>,
    field: &str,
    errors: &mut Vec<FieldError>,
    read: impl FnOnce(Value) -> Option<T>,
) -> Option<T> {
    let Some(value) = members.remove(field) else {
        errors.push(FieldError::new(pointer_to(field), "required", format!("{field} is required")));
        return None;
    };
    let found = kind_of(&value);
    let read = read(value);
    if read.is_none() {
        let expected = if field == "price" { "an integer" } else { "a string" };
        errors.push(FieldError::new(pointer_to(field), "type", format!("{field} must be {expected}, found {found}")));
    }
    read
}

/// How a JSON value is described in an error message.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "an integer out of range",
        Value::Number(_) => "a number that is not a 64-bit integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl TryFrom<CreateProductRequest> for NewProduct {
    type Error = ValidationErrors;

    fn try_from(request: CreateProductRequest) -> Result<Self, Self::Error> {
        let name =
            ProductName::parse(request.name).map_err(|error| FieldError::new("/name", "length", error.to_string()));
        let price = Price::parse(request.price).map_err(|error| FieldError::new("/price", "range", error.to_string()));
        match (name, price) {
            (Ok(name), Ok(price)) => Ok(Self { name, price }),
            (name, price) => Err(ValidationErrors(name.err().into_iter().chain(price.err()).collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    fn errors_of(body: &str) -> Vec<(String, String)> {
        match CreateProductRequest::parse(body.as_bytes()) {
            Ok(product) => panic!("{body} was accepted as {product:?}"),
            Err(errors) => errors.0.into_iter().map(|error| (error.pointer, error.code)).collect(),
        }
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected.iter().map(|(pointer, code)| ((*pointer).to_owned(), (*code).to_owned())).collect()
    }

    #[test]
    fn a_valid_body_becomes_a_new_product() {
        let product = CreateProductRequest::parse(br#"{"name": "Kettle", "price": 25}"#).unwrap();
        assert_eq!(product.name.as_ref(), "Kettle");
        assert_eq!(product.price.get(), 25);
    }

    #[test]
    fn every_problem_is_reported_at_its_field() {
        assert_eq!(errors_of(r#"{"name": "", "price": 0}"#), pairs(&[("/name", "length"), ("/price", "range")]));
    }

    #[test]
    fn a_price_must_be_a_json_integer() {
        for price in [r#""5""#, "5.0", "5.5", "true", "null", "[]", "1e3", "18446744073709551616"] {
            let body = format!(r#"{{"name": "Kettle", "price": {price}}}"#);
            assert_eq!(errors_of(&body), pairs(&[("/price", "type")]), "{body}");
        }
    }

    #[test]
    fn unknown_and_missing_members_are_both_reported() {
        assert_eq!(
            errors_of(r#"{"nmae": "Kettle", "a/b": 1}"#),
            pairs(&[
                ("/a~1b", "unknown_field"),
                ("/nmae", "unknown_field"),
                ("/name", "required"),
                ("/price", "required")
            ])
        );
    }

    #[test]
    fn bodies_that_are_not_objects_are_rejected_whole() {
        assert_eq!(errors_of("null"), pairs(&[("", "type")]));
        assert_eq!(errors_of("[]"), pairs(&[("", "type")]));
        assert_eq!(errors_of(""), pairs(&[("", "malformed_json")]));
        assert_eq!(errors_of("{\"name\": "), pairs(&[("", "malformed_json")]));
    }

    #[test]
    fn deeply_nested_bodies_are_refused_without_overflowing_the_stack() {
        let body = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
        assert_eq!(errors_of(&body), pairs(&[("", "malformed_json")]));
    }

    #[test]
    fn the_schema_states_the_same_rules() {
        let schema = CreateProductRequest::json_schema();
        assert_eq!(schema["additionalProperties"], json!(false));
        assert_eq!(schema["required"], json!(["name", "price"]));
        assert_eq!(schema["properties"]["name"]["minLength"], json!(1));
        assert_eq!(schema["properties"]["name"]["maxLength"], json!(20));
        assert_eq!(schema["properties"]["price"]["type"], json!("integer"));
        assert_eq!(schema["properties"]["price"]["minimum"], json!(1));
        let properties: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
        assert_eq!(properties, CreateProductRequest::FIELDS.iter().collect::<Vec<_>>());
    }

    proptest! {
        #[test]
        fn validator_and_product_name_agree_on_any_name(name in "\\PC{0,25}") {
            let body = json!({"name": name, "price": 1}).to_string();
            let parsed = CreateProductRequest::parse(body.as_bytes());
            prop_assert_eq!(parsed.is_ok(), ProductName::parse(name).is_ok());
        }

        #[test]
        fn validator_and_price_agree_on_any_integer(price in any::<i64>()) {
            let body = json!({"name": "Kettle", "price": price}).to_string();
            let parsed = CreateProductRequest::parse(body.as_bytes());
            prop_assert_eq!(parsed.is_ok(), Price::parse(price).is_ok());
        }
    }
}
