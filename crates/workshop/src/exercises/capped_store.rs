//! Module 2, exercise: a second adapter for the `ProductStore` port, which holds a fixed
//! number of products and fails when full.
//!
//! Your task: implement the four methods of [`ProductStore`] for [`CappedStore`]. Keep
//! the products in the `inner` [`MemoryStore`] (call its methods and `.await` them), and
//! refuse a new product once `capacity` products are stored, with
//! `StoreError::unavailable(StoreFull { .. })` so the cause is kept. The tests drive the
//! store through the real `ProductService`: nothing above the port changes.
//!
//! Run `cargo test -p workshop --test capped_store` until every test passes.

use product_domain::{
    Limit, MemoryStore, Page, PageToken, Product, ProductId, ProductStore, PutOutcome,
    StoreError,
};
use thiserror::Error;

/// A store that holds at most `capacity` products, kept in a [`MemoryStore`].
///
/// It stands for every real store that can refuse a write (a full disk, a table at its
/// provisioned throughput): the service and the handlers see a [`StoreError`] and answer
/// 500, without knowing why.
#[derive(Debug, Default)]
pub struct CappedStore {
    inner: MemoryStore,
    capacity: usize,
}

/// The cause kept inside [`StoreError::Unavailable`] when a [`CappedStore`] is full.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the store is full: it holds at most {capacity} products")]
pub struct StoreFull {
    /// How many products the store holds at most.
    pub capacity: usize,
}

impl CappedStore {
    /// An empty store that holds at most `capacity` products.
    pub fn new(capacity: usize) -> Self {
        Self { inner: MemoryStore::new(), capacity }
    }

    /// How many products the store holds at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many products are stored.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether no product is stored.
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}

impl ProductStore for CappedStore {
    async fn put_if_absent(&self, product: &Product) -> Result<PutOutcome, StoreError> {
        // EXERCISE: this claims to store the product and stores nothing. Answer a taken
        // id with `PutOutcome::AlreadyExists` (even when full: a repeated create
        // must still succeed), refuse a new product when full, and otherwise
        // store it in `self.inner`.
        let _ = product;
        Ok(PutOutcome::Created)
    }

    async fn get(&self, id: ProductId) -> Result<Option<Product>, StoreError> {
        // EXERCISE: this never finds anything. Ask `self.inner`.
        let _ = id;
        Ok(None)
    }

    async fn list(
        &self,
        limit: Limit,
        after: Option<PageToken>,
    ) -> Result<Page, StoreError> {
        // EXERCISE: this always answers an empty page. Ask `self.inner`.
        let _ = (limit, after);
        Ok(Page::default())
    }

    async fn delete(&self, id: ProductId) -> Result<(), StoreError> {
        // EXERCISE: this deletes nothing. Ask `self.inner`.
        let _ = id;
        Ok(())
    }
}
