//! The products table as the SAM template defines it, so that the tests create in moto
//! server (or AWS) exactly the table the stack deploys, from one description of the
//! infrastructure.

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
    StreamSpecification, StreamViewType,
};
use serde_json::Value;

use super::FixtureError;

/// The stack's template, read when the fixtures are compiled.
pub const TEMPLATE: &str = include_str!("../../../product-lambdas/template.yaml");
/// The logical id of the products table in [`TEMPLATE`].
pub const TABLE_RESOURCE: &str = "ProductsTable";

/// The parts of the table's definition that decide what the code can do with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDefinition {
    /// `(AttributeName, KeyType)` of each key, in order.
    pub key_schema: Vec<(String, String)>,
    /// `(AttributeName, AttributeType)` of each key attribute.
    pub attributes: Vec<(String, String)>,
    /// `PAY_PER_REQUEST` or `PROVISIONED`.
    pub billing_mode: String,
    /// The stream's view type, when the table has a stream.
    pub stream_view_type: Option<String>,
}

impl TableDefinition {
    /// The products table of [`TEMPLATE`].
    pub fn from_template() -> Result<Self, FixtureError> {
        let template: serde_norway::Value = serde_norway::from_str(TEMPLATE)
            .map_err(|error| FixtureError::new("reading the SAM template", error))?;
        let properties = &template["Resources"][TABLE_RESOURCE]["Properties"];
        // Only the untagged fields are read: the table's name is a `!Sub` the deployment
        // resolves.
        let field =
            |name: &str| serde_json::to_value(&properties[name]).unwrap_or(Value::Null);
        let mut fields = serde_json::Map::new();
        for name in
            ["KeySchema", "AttributeDefinitions", "BillingMode", "StreamSpecification"]
        {
            fields.insert(name.to_owned(), field(name));
        }
        Self::from_properties(&Value::Object(fields)).map_err(|problem| {
            FixtureError::new("reading the table of the SAM template", problem)
        })
    }

    /// The definition in a table's CloudFormation `Properties`.
    pub fn from_properties(properties: &Value) -> Result<Self, String> {
        let pairs = |list: &str,
                     first: &str,
                     second: &str|
         -> Result<Vec<(String, String)>, String> {
            let items =
                properties[list].as_array().ok_or(format!("the table has no {list}"))?;
            items
                .iter()
                .map(|item| match (item[first].as_str(), item[second].as_str()) {
                    (Some(a), Some(b)) => Ok((a.to_owned(), b.to_owned())),
                    _ => Err(format!(
                        "an entry of {list} lacks {first} or {second}: {item}"
                    )),
                })
                .collect()
        };
        Ok(Self {
            key_schema: pairs("KeySchema", "AttributeName", "KeyType")?,
            attributes: pairs("AttributeDefinitions", "AttributeName", "AttributeType")?,
            billing_mode: properties["BillingMode"]
                .as_str()
                .unwrap_or("PROVISIONED")
                .to_owned(),
            stream_view_type: properties["StreamSpecification"]["StreamViewType"]
                .as_str()
                .map(str::to_owned),
        })
    }

    /// The key schema, as the SDK's create request takes it.
    pub(super) fn sdk_key_schema(&self) -> Result<Vec<KeySchemaElement>, FixtureError> {
        self.key_schema
            .iter()
            .map(|(name, kind)| {
                KeySchemaElement::builder()
                    .attribute_name(name)
                    .key_type(KeyType::from(kind.as_str()))
                    .build()
                    .map_err(FixtureError::during("building the key schema"))
            })
            .collect()
    }

    /// The key attributes, as the SDK's create request takes them.
    pub(super) fn sdk_attributes(
        &self,
    ) -> Result<Vec<AttributeDefinition>, FixtureError> {
        self.attributes
            .iter()
            .map(|(name, kind)| {
                AttributeDefinition::builder()
                    .attribute_name(name)
                    .attribute_type(ScalarAttributeType::from(kind.as_str()))
                    .build()
                    .map_err(FixtureError::during("building the attribute definitions"))
            })
            .collect()
    }

    /// The billing mode, as the SDK's create request takes it.
    pub(super) fn sdk_billing_mode(&self) -> BillingMode {
        BillingMode::from(self.billing_mode.as_str())
    }

    /// The stream, as the SDK's create request takes it; `None` when the template gives
    /// the table none.
    pub(super) fn sdk_stream(&self) -> Result<Option<StreamSpecification>, FixtureError> {
        self.stream_view_type
            .as_deref()
            .map(|view| {
                StreamSpecification::builder()
                    .stream_enabled(true)
                    .stream_view_type(StreamViewType::from(view))
                    .build()
                    .map_err(FixtureError::during("building the stream specification"))
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::item::attribute;

    #[test]
    fn the_template_keys_the_table_by_the_attribute_the_store_writes() {
        let table = TableDefinition::from_template().unwrap();
        assert_eq!(table.key_schema, [(attribute::ID.to_owned(), "HASH".to_owned())]);
        assert_eq!(table.attributes, [(attribute::ID.to_owned(), "S".to_owned())]);
        assert_eq!(table.billing_mode, "PAY_PER_REQUEST");
        assert_eq!(table.stream_view_type.as_deref(), Some("NEW_AND_OLD_IMAGES"));
    }

    #[test]
    fn a_definition_without_a_key_schema_is_refused() {
        let problem = TableDefinition::from_properties(
            &serde_json::json!({"BillingMode": "PAY_PER_REQUEST"}),
        );
        assert_eq!(problem, Err("the table has no KeySchema".to_owned()));
    }
}
