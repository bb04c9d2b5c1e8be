//! The business rules of the product service, over any [`ProductStore`].
//!
//! This is the domain layer the book describes: handlers turn HTTP into calls here, and
//! the store turns calls here into I/O. The rules live in one place, so every store and
//! every entry point (the four Lambda functions, the router, the book's pages) answers
//! the same way.

use thiserror::Error;

use crate::product::{Product, ProductId};
use crate::request::NewProduct;
use crate::store::{Limit, Page, PageToken, ProductStore, PutOutcome, StoreError};

// ANCHOR: product_error
/// Why a request to the service failed, by what the caller can do about it.
#[derive(Debug, Error)]
pub enum ProductError {
    /// No product has this id: the caller may create it.
    #[error("product {0} was not found")]
    NotFound(ProductId),
    /// The id is taken by a product with another name or price: the caller must pick
    /// another id.
    #[error("product {0} already exists with another name or price")]
    Conflict(ProductId),
    /// The page token was not issued by the store: the caller must start the listing
    /// again.
    #[error("the page token is not valid")]
    InvalidPageToken(#[source] StoreError),
    /// The store failed: nothing the caller did, and nothing to show the caller.
    #[error("the product service could not complete the request")]
    Unexpected(#[source] StoreError),
}

impl From<StoreError> for ProductError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::InvalidPageToken => Self::InvalidPageToken(error),
            error => Self::Unexpected(error),
        }
    }
}
// ANCHOR_END: product_error

/// What a successful create did; both answer 200, since a retried create must look like
/// the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateOutcome {
    /// The product was stored by this request.
    Created,
    /// The same product was already stored: the request was a repeat.
    AlreadyExisted,
}

/// The product service over a store.
#[derive(Debug, Clone, Default)]
pub struct ProductService<S> {
    store: S,
}

impl<S: ProductStore> ProductService<S> {
    /// A service over `store`.
    pub fn new(store: S) -> Self {
        Self { store }
    }

    /// The store, for adapters' own checks in tests.
    pub fn store(&self) -> &S {
        &self.store
    }

    // ANCHOR: create
    /// Creates a product; repeating the same create succeeds, a different product under a
    /// taken id is a [`ProductError::Conflict`].
    pub async fn create(
        &self,
        id: ProductId,
        new: NewProduct,
    ) -> Result<CreateOutcome, ProductError> {
        let product = Product { id, name: new.name, price: new.price };
        match self.store.put_if_absent(&product).await? {
            PutOutcome::Created => Ok(CreateOutcome::Created),
            PutOutcome::AlreadyExists(existing) if existing == product => {
                Ok(CreateOutcome::AlreadyExisted)
            }
            PutOutcome::AlreadyExists(_) => Err(ProductError::Conflict(id)),
        }
    }
    // ANCHOR_END: create

    /// The product with this id, or [`ProductError::NotFound`].
    pub async fn get(&self, id: ProductId) -> Result<Product, ProductError> {
        self.store.get(id).await?.ok_or(ProductError::NotFound(id))
    }

    /// A page of products.
    pub async fn list(
        &self,
        limit: Limit,
        after: Option<PageToken>,
    ) -> Result<Page, ProductError> {
        Ok(self.store.list(limit, after).await?)
    }

    /// Deletes a product; deleting an absent product succeeds, so a retried delete is
    /// harmless.
    pub async fn delete(&self, id: ProductId) -> Result<(), ProductError> {
        Ok(self.store.delete(id).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemoryStore;
    use crate::product::{Price, ProductName};
    use futures_util::FutureExt as _;

    fn id() -> ProductId {
        ProductId::parse("3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d").unwrap()
    }

    fn kettle(price: i64) -> NewProduct {
        NewProduct {
            name: ProductName::parse("Kettle").unwrap(),
            price: Price::parse(price).unwrap(),
        }
    }

    #[test]
    fn the_same_create_twice_succeeds_both_times() {
        let service = ProductService::new(MemoryStore::new());
        assert_eq!(
            service.create(id(), kettle(25)).now_or_never().unwrap().unwrap(),
            CreateOutcome::Created
        );
        assert_eq!(
            service.create(id(), kettle(25)).now_or_never().unwrap().unwrap(),
            CreateOutcome::AlreadyExisted
        );
        assert_eq!(service.store().len(), 1);
    }

    #[test]
    fn another_product_under_a_taken_id_is_a_conflict_and_changes_nothing() {
        let service = ProductService::new(MemoryStore::new());
        service.create(id(), kettle(25)).now_or_never().unwrap().unwrap();
        assert!(
            matches!(service.create(id(), kettle(30)).now_or_never().unwrap(), Err(ProductError::Conflict(conflict)) if conflict == id())
        );
        assert_eq!(service.get(id()).now_or_never().unwrap().unwrap().price.get(), 25);
    }

    #[test]
    fn an_absent_product_is_not_found() {
        let service = ProductService::new(MemoryStore::new());
        assert!(matches!(
            service.get(id()).now_or_never().unwrap(),
            Err(ProductError::NotFound(_))
        ));
    }

    #[test]
    fn deleting_twice_succeeds() {
        let service = ProductService::new(MemoryStore::new());
        service.create(id(), kettle(25)).now_or_never().unwrap().unwrap();
        assert!(service.delete(id()).now_or_never().unwrap().is_ok());
        assert!(service.delete(id()).now_or_never().unwrap().is_ok());
        assert!(matches!(
            service.get(id()).now_or_never().unwrap(),
            Err(ProductError::NotFound(_))
        ));
    }

    #[test]
    fn a_bad_page_token_is_the_callers_mistake() {
        let service = ProductService::new(MemoryStore::new());
        let token = PageToken::parse("garbage").unwrap();
        assert!(matches!(
            service.list(Limit::DEFAULT, Some(token)).now_or_never().unwrap(),
            Err(ProductError::InvalidPageToken(_))
        ));
    }
}
