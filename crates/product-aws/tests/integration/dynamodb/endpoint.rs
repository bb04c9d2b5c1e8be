//! An interceptor on the store's SDK client that records which operations the store sends
//! and can make the endpoint behave as DynamoDB may but moto does not by itself: answer a
//! failed conditional put without the old item, or lose the item to a concurrent delete
//! before the store reads it back.

use std::sync::{Arc, Mutex, PoisonError};

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::interceptors::BeforeSerializationInterceptorContextMut;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;
use aws_sdk_dynamodb::operation::delete_item::DeleteItemInput;
use aws_sdk_dynamodb::operation::get_item::GetItemInput;
use aws_sdk_dynamodb::operation::put_item::PutItemInput;
use aws_sdk_dynamodb::operation::scan::ScanInput;
use product_aws::DynamoDbStore;
use product_aws::dynamodb::item::Item;

/// What the endpoint does besides answering; see [`Endpoint::store`].
#[derive(Debug, Clone, Default)]
pub(super) struct Endpoint {
    sent: Arc<Mutex<Vec<&'static str>>>,
    drops_old_items: bool,
    delete_before_get: Option<(Client, String)>,
}

impl Endpoint {
    /// An endpoint that answers every request as it is: only records the operations.
    pub(super) fn faithful() -> Self {
        Self::default()
    }

    /// An endpoint that ignores `ReturnValuesOnConditionCheckFailure`: a failed
    /// conditional put comes back without the stored item. (The request reaches the
    /// endpoint without the parameter, so the answer is the endpoint's own, not an
    /// edited one.)
    pub(super) fn dropping_old_items() -> Self {
        Self { drops_old_items: true, ..Self::default() }
    }

    /// [`Self::dropping_old_items`], and every item a GetItem asks for is deleted through
    /// `store` (which bypasses this endpoint) just before the GetItem is sent: a
    /// delete that lands between a failed create and its read-back. Needs a
    /// multi-threaded runtime, as it waits for the delete in place.
    pub(super) fn dropping_old_items_and_racing_a_delete(store: &DynamoDbStore) -> Self {
        let deleter = (store.client().clone(), store.table_name().to_owned());
        Self { delete_before_get: Some(deleter), ..Self::dropping_old_items() }
    }

    /// A store over the table of `store`, whose requests go through this endpoint, and
    /// the endpoint for reading what was sent.
    pub(super) fn store(self, store: &DynamoDbStore) -> (DynamoDbStore, Self) {
        let config =
            store.client().config().to_builder().interceptor(self.clone()).build();
        (DynamoDbStore::new(Client::from_conf(config), store.table_name()), self)
    }

    /// The operations sent so far, in order.
    pub(super) fn sent(&self) -> Vec<&'static str> {
        self.sent.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn record(&self, operation: &'static str) {
        self.sent.lock().unwrap_or_else(PoisonError::into_inner).push(operation);
    }

    fn delete_now(client: &Client, table: &str, key: Item) -> Result<(), BoxError> {
        let delete = client.delete_item().table_name(table).set_key(Some(key)).send();
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(delete).map_err(BoxError::from)
        })?;
        Ok(())
    }
}

impl Intercept for Endpoint {
    fn name(&self) -> &'static str {
        "TestEndpoint"
    }

    fn modify_before_serialization(
        &self,
        context: &mut BeforeSerializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let input = context.input_mut();
        if let Some(put) = input.downcast_mut::<PutItemInput>() {
            self.record("PutItem");
            if self.drops_old_items {
                put.return_values_on_condition_check_failure = None;
            }
        } else if let Some(get) = input.downcast_ref::<GetItemInput>() {
            self.record("GetItem");
            if let (Some((client, table)), Some(key)) =
                (&self.delete_before_get, get.key())
            {
                Self::delete_now(client, table, key.clone())?;
            }
        } else if input.downcast_ref::<ScanInput>().is_some() {
            self.record("Scan");
        } else if input.downcast_ref::<DeleteItemInput>().is_some() {
            self.record("DeleteItem");
        } else {
            self.record("other");
        }
        Ok(())
    }
}
