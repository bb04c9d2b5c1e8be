//! Module 2, solution: a second adapter for the `ProductStore` port, which holds a fixed
//! number of products and fails when full.

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
        // A taken id is answered before the capacity is checked: repeating a create must
        // still succeed when the store is full, or a client's retry would turn
        // into a 500.
        if let Some(existing) = self.inner.get(product.id).await? {
            return Ok(PutOutcome::AlreadyExists(existing));
        }
        // Two creates racing can both pass this check; the limit is a teaching device,
        // not a quota.
        if self.inner.len() >= self.capacity {
            return Err(StoreError::unavailable(StoreFull { capacity: self.capacity }));
        }
        self.inner.put_if_absent(product).await
    }

    async fn get(&self, id: ProductId) -> Result<Option<Product>, StoreError> {
        self.inner.get(id).await
    }

    async fn list(
        &self,
        limit: Limit,
        after: Option<PageToken>,
    ) -> Result<Page, StoreError> {
        self.inner.list(limit, after).await
    }

    async fn delete(&self, id: ProductId) -> Result<(), StoreError> {
        self.inner.delete(id).await
    }
}
