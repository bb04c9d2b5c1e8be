//! The DynamoDB item mapping: a product as an item and back, with errors that name what
//! is wrong.
//!
//! The table holds one item per product, keyed by `id` (S), with `name` (S), `price` (N)
//! and `created_at` (N, Unix seconds). `created_at` is written on create for people
//! reading the table; it is not part of a [`Product`], so reading an item ignores it.

use std::collections::HashMap;
use std::error::Error;

use aws_sdk_dynamodb::types::AttributeValue;
use product_domain::{Price, Product, ProductId, ProductName};
use thiserror::Error;

/// An item as the SDK reads and writes it.
pub type Item = HashMap<String, AttributeValue>;

/// The attribute names of the table, in one place.
pub mod attribute {
    /// The partition key: the product id as a string.
    pub const ID: &str = "id";
    /// The name as a string.
    pub const NAME: &str = "name";
    /// The price as a number.
    pub const PRICE: &str = "price";
    /// When the item was created, in Unix seconds.
    pub const CREATED_AT: &str = "created_at";
}

// ANCHOR: item_error
/// Why an item is not a product. Each variant names the attribute, so a corrupt record
/// can be found and repaired from the log alone.
#[derive(Debug, Error)]
pub enum ItemError {
    /// The attribute is absent.
    #[error("the item has no `{0}` attribute")]
    Missing(&'static str),
    /// The attribute has another DynamoDB type.
    #[error("the `{attribute}` attribute is not of type {expected}")]
    WrongType {
        /// The attribute.
        attribute: &'static str,
        /// The DynamoDB type it should have (`S`, `N`).
        expected: &'static str,
    },
    /// The attribute has the right type but breaks the product's rules.
    #[error("the `{attribute}` attribute is not valid")]
    Invalid {
        /// The attribute.
        attribute: &'static str,
        /// The rule it breaks.
        #[source]
        source: Box<dyn Error + Send + Sync>,
    },
}
// ANCHOR_END: item_error

// ANCHOR: item_mapping
/// A product as it is stored: the product and, when known, the time it was created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductItem {
    /// The product.
    pub product: Product,
    /// When it was created, in Unix seconds; `None` for items written without it.
    pub created_at: Option<u64>,
}

impl From<ProductItem> for Item {
    fn from(item: ProductItem) -> Self {
        let ProductItem { product, created_at } = item;
        let mut attributes = HashMap::from([
            (attribute::ID.to_owned(), AttributeValue::S(product.id.to_string())),
            (attribute::NAME.to_owned(), AttributeValue::S(product.name.into())),
            (attribute::PRICE.to_owned(), AttributeValue::N(product.price.to_string())),
        ]);
        if let Some(created_at) = created_at {
            attributes.insert(
                attribute::CREATED_AT.to_owned(),
                AttributeValue::N(created_at.to_string()),
            );
        }
        attributes
    }
}

impl TryFrom<&Item> for ProductItem {
    type Error = ItemError;

    fn try_from(item: &Item) -> Result<Self, Self::Error> {
        let id = ProductId::parse(string(item, attribute::ID)?)
            .map_err(invalid(attribute::ID))?;
        let name = ProductName::parse(string(item, attribute::NAME)?)
            .map_err(invalid(attribute::NAME))?;
        let price = number(item, attribute::PRICE)?
            .parse::<i64>()
            .map_err(invalid(attribute::PRICE))?;
        let price = Price::parse(price).map_err(invalid(attribute::PRICE))?;
        // Informational only: an item without a readable creation time is still a
        // product.
        let created_at = item
            .get(attribute::CREATED_AT)
            .and_then(|value| value.as_n().ok())
            .and_then(|value| value.parse().ok());
        Ok(Self { product: Product { id, name, price }, created_at })
    }
}
// ANCHOR_END: item_mapping

/// The key of the item that stores the product `id`.
pub fn key(id: ProductId) -> Item {
    HashMap::from([(attribute::ID.to_owned(), AttributeValue::S(id.to_string()))])
}

/// The id attribute of an item as it is, for naming a corrupt record.
pub(crate) fn raw_id(item: &Item) -> String {
    item.get(attribute::ID)
        .and_then(|value| value.as_s().ok())
        .cloned()
        .unwrap_or_else(|| String::from("<no string id>"))
}

fn string<'a>(item: &'a Item, attribute: &'static str) -> Result<&'a str, ItemError> {
    let value = item.get(attribute).ok_or(ItemError::Missing(attribute))?;
    value
        .as_s()
        .map(String::as_str)
        .map_err(|_| ItemError::WrongType { attribute, expected: "S" })
}

fn number<'a>(item: &'a Item, attribute: &'static str) -> Result<&'a str, ItemError> {
    let value = item.get(attribute).ok_or(ItemError::Missing(attribute))?;
    value
        .as_n()
        .map(String::as_str)
        .map_err(|_| ItemError::WrongType { attribute, expected: "N" })
}

fn invalid<E: Error + Send + Sync + 'static>(
    attribute: &'static str,
) -> impl FnOnce(E) -> ItemError {
    move |source| ItemError::Invalid { attribute, source: Box::new(source) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";

    fn kettle() -> Product {
        Product {
            id: ProductId::parse(ID).unwrap(),
            name: ProductName::parse("Kettle").unwrap(),
            price: Price::parse(25).unwrap(),
        }
    }

    fn item(pairs: &[(&str, AttributeValue)]) -> Item {
        pairs.iter().map(|(name, value)| ((*name).to_owned(), value.clone())).collect()
    }

    #[test]
    fn a_product_item_survives_the_round_trip_through_an_item() {
        let stored = ProductItem { product: kettle(), created_at: Some(1_767_225_600) };
        let item = Item::from(stored.clone());
        assert_eq!(item.get("price"), Some(&AttributeValue::N("25".into())));
        assert_eq!(item.get("created_at"), Some(&AttributeValue::N("1767225600".into())));
        assert_eq!(ProductItem::try_from(&item).unwrap(), stored);
    }

    #[test]
    fn an_item_without_a_creation_time_is_still_a_product() {
        let item = item(&[
            ("id", AttributeValue::S(ID.into())),
            ("name", AttributeValue::S("Kettle".into())),
            ("price", AttributeValue::N("25".into())),
        ]);
        assert_eq!(
            ProductItem::try_from(&item).unwrap(),
            ProductItem { product: kettle(), created_at: None }
        );
    }

    #[test]
    fn a_missing_attribute_is_named() {
        let item = item(&[
            ("id", AttributeValue::S(ID.into())),
            ("price", AttributeValue::N("25".into())),
        ]);
        assert!(matches!(ProductItem::try_from(&item), Err(ItemError::Missing("name"))));
    }

    #[test]
    fn a_price_stored_as_a_string_has_the_wrong_type() {
        let item = item(&[
            ("id", AttributeValue::S(ID.into())),
            ("name", AttributeValue::S("Kettle".into())),
            ("price", AttributeValue::S("25".into())),
        ]);
        assert!(matches!(
            ProductItem::try_from(&item),
            Err(ItemError::WrongType { attribute: "price", expected: "N" })
        ));
    }

    #[test]
    fn values_that_break_the_product_rules_are_invalid() {
        for (attribute, value) in [
            ("id", AttributeValue::S("not-a-uuid".into())),
            ("name", AttributeValue::S(String::new())),
            ("price", AttributeValue::N("0".into())),
            ("price", AttributeValue::N("2.5".into())),
        ] {
            let mut item =
                Item::from(ProductItem { product: kettle(), created_at: None });
            item.insert(attribute.to_owned(), value);
            let error = ProductItem::try_from(&item).unwrap_err();
            assert!(
                matches!(error, ItemError::Invalid { attribute: found, .. } if found == attribute),
                "{attribute}: {error}"
            );
        }
    }

    #[test]
    fn a_corrupt_record_is_named_by_its_raw_id() {
        assert_eq!(raw_id(&item(&[("id", AttributeValue::S("x".into()))])), "x");
        assert_eq!(
            raw_id(&item(&[("id", AttributeValue::N("1".into()))])),
            "<no string id>"
        );
    }
}
