//! The DynamoDB adapter of the [`ProductStore`] port.
//!
//! One item per product (see [`item`]); every call is one request, except a listing,
//! which repeats its Scan until the page is full (see [`DynamoDbStore::list`]). SDK
//! errors become [`StoreError::Unavailable`] with the SDK error as their source, so the
//! log shows what DynamoDB said while the client sees a generic 500.

pub mod item;
mod token;

use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::ReturnValuesOnConditionCheckFailure;
use product_domain::{
    CorruptRecord, Limit, Page, PageToken, Product, ProductId, ProductStore, PutOutcome,
    StoreError,
};

use self::item::{Item, ProductItem, key, raw_id};

/// The products table in DynamoDB.
#[derive(Debug, Clone)]
pub struct DynamoDbStore {
    client: Client,
    table_name: String,
}

impl DynamoDbStore {
    /// A store over the table `table_name`, reached through `client`.
    pub fn new(client: Client, table_name: impl Into<String>) -> Self {
        Self { client, table_name: table_name.into() }
    }

    /// A store over the table `table_name`, with a client built from the shared
    /// configuration.
    pub fn from_conf(
        config: &aws_types::SdkConfig,
        table_name: impl Into<String>,
    ) -> Self {
        Self::new(Client::new(config), table_name)
    }

    /// The name of the table.
    pub fn table_name(&self) -> &str {
        &self.table_name
    }

    /// The SDK client, for callers that need the table itself (tests create and delete
    /// tables).
    pub fn client(&self) -> &Client {
        &self.client
    }
}

impl ProductStore for DynamoDbStore {
    // ANCHOR: put_if_absent
    async fn put_if_absent(&self, product: &Product) -> Result<PutOutcome, StoreError> {
        let item = ProductItem { product: product.clone(), created_at: Some(unix_now()) };
        let result = self
            .client
            .put_item()
            .table_name(&self.table_name)
            .set_item(Some(item.into()))
            .condition_expression("attribute_not_exists(id)")
            // A failed condition then carries the stored item: no second read to tell a
            // retried create from a conflict, and no race between the two.
            .return_values_on_condition_check_failure(
                ReturnValuesOnConditionCheckFailure::AllOld,
            )
            .send()
            .await;
        match result {
            Ok(_) => Ok(PutOutcome::Created),
            Err(SdkError::ServiceError(failure)) => match failure.err() {
                PutItemError::ConditionalCheckFailedException(taken) => {
                    match taken.item() {
                        Some(stored) => {
                            Ok(PutOutcome::AlreadyExists(product_of(stored)?))
                        }
                        None => self.stored_after_conflict(product.id).await,
                    }
                }
                _ => Err(StoreError::unavailable(SdkError::ServiceError(failure))),
            },
            Err(error) => Err(StoreError::unavailable(error)),
        }
    }
    // ANCHOR_END: put_if_absent

    async fn get(&self, id: ProductId) -> Result<Option<Product>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table_name)
            .set_key(Some(key(id)))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::unavailable)?;
        Ok(output.item().map(product_of).transpose()?)
    }

    // ANCHOR: list
    /// A page of up to `limit` products in DynamoDB's Scan order.
    ///
    /// A Scan's `Limit` caps the items it reads, and one response stops at 1 MB, so a
    /// response may hold fewer items than asked while more remain: the loop goes on
    /// until it holds one item more than the page (which proves a next page exists)
    /// or the table ends. The token then names the last product of the page, so a
    /// full last page has no token and no client fetches an empty page. An item that
    /// is not a product is skipped, not fatal; it is reported in [`Page::skipped`] by
    /// the page it falls in (one after the last product of a page is the next page's to
    /// report).
    async fn list(
        &self,
        limit: Limit,
        after: Option<PageToken>,
    ) -> Result<Page, StoreError> {
        let page_size = usize::from(limit.get());
        let mut start = after.as_ref().map(token::decode).transpose()?;
        let mut products = Vec::with_capacity(page_size + 1);
        // Each skipped record with the number of products read before it.
        let mut skipped = Vec::new();
        loop {
            let wanted = page_size + 1 - products.len();
            let output = self
                .client
                .scan()
                .table_name(&self.table_name)
                .limit(i32::try_from(wanted).unwrap_or(i32::MAX))
                .set_exclusive_start_key(start.take())
                // As consistent as `get`: a product whose create returned is listed.
                .consistent_read(true)
                .send()
                .await
                .map_err(StoreError::unavailable)?;
            for item in output.items() {
                match product_of(item) {
                    Ok(product) => products.push(product),
                    Err(record) => skipped.push((products.len(), record)),
                }
            }
            start = output.last_evaluated_key().filter(|key| !key.is_empty()).cloned();
            if products.len() > page_size || start.is_none() {
                break;
            }
        }
        let next = if products.len() > page_size {
            products.truncate(page_size);
            skipped.retain(|(read_before, _)| *read_before < page_size);
            products.last().map(|last| token::encode(last.id))
        } else {
            None
        };
        let skipped = skipped.into_iter().map(|(_, record)| record).collect();
        Ok(Page { products, next, skipped })
    }
    // ANCHOR_END: list

    async fn delete(&self, id: ProductId) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table_name)
            .set_key(Some(key(id)))
            .send()
            .await
            .map_err(StoreError::unavailable)?;
        Ok(())
    }
}

impl DynamoDbStore {
    /// The stored product, for a failed condition that did not carry it.
    ///
    /// DynamoDB returns the old item when asked; this path exists for endpoints that
    /// ignore the request. A product deleted in between is reported as a store
    /// failure: the create raced a delete, and the client may simply send it again.
    async fn stored_after_conflict(
        &self,
        id: ProductId,
    ) -> Result<PutOutcome, StoreError> {
        match self.get(id).await? {
            Some(stored) => Ok(PutOutcome::AlreadyExists(stored)),
            None => Err(StoreError::unavailable(ConflictVanished { id })),
        }
    }
}

/// The product an item stores, or the record named by its key with what is wrong with it.
fn product_of(item: &Item) -> Result<Product, CorruptRecord> {
    ProductItem::try_from(item)
        .map(|stored| stored.product)
        .map_err(|source| CorruptRecord { id: raw_id(item), source: Box::new(source) })
}

/// Seconds since the Unix epoch; a clock before 1970 writes 0 rather than failing the
/// create.
fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or_default()
}

/// A create found the id taken, but the product was gone when read back: a race with a
/// delete.
#[derive(Debug, thiserror::Error)]
#[error("product {id} was taken when created but absent when read back")]
struct ConflictVanished {
    id: ProductId,
}
