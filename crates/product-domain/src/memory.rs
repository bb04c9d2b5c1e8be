//! The in-memory store: a real [`ProductStore`], small enough to trust, used by tests and
//! the book.
//!
//! It keeps the same promises as the DynamoDB store (conditional create, consistent
//! reads, opaque page tokens), so tests written against it hold for the real one. A token
//! is not secret and not signed: it is the base64url of the last id of a page, and a
//! client that writes one for any id starts a listing after that id. That is all a token
//! can do, choose where a scan starts; it reads nothing the client could not list from
//! the start, and anything that is not such a token is refused. The book's pages run it
//! inside WebAssembly, where it lives as long as the page. It holds products,
//! not raw records, so it never skips one as corrupt.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::{PoisonError, RwLock};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::product::{Product, ProductId};
use crate::store::{Limit, Page, PageToken, ProductStore, PutOutcome, StoreError};

// ANCHOR: memory_store
/// Products in a map ordered by id, behind a lock.
#[derive(Debug, Default)]
pub struct MemoryStore {
    products: RwLock<BTreeMap<ProductId, Product>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many products are stored.
    pub fn len(&self) -> usize {
        self.products.read().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// Whether no product is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl ProductStore for MemoryStore {
    async fn put_if_absent(&self, product: &Product) -> Result<PutOutcome, StoreError> {
        let mut products = self.products.write().map_err(poisoned)?;
        if let Some(existing) = products.get(&product.id) {
            return Ok(PutOutcome::AlreadyExists(existing.clone()));
        }
        products.insert(product.id, product.clone());
        Ok(PutOutcome::Created)
    }

    async fn get(&self, id: ProductId) -> Result<Option<Product>, StoreError> {
        Ok(self.products.read().map_err(poisoned)?.get(&id).cloned())
    }

    async fn list(
        &self,
        limit: Limit,
        after: Option<PageToken>,
    ) -> Result<Page, StoreError> {
        let start = match after {
            Some(token) => Bound::Excluded(decode_token(&token)?),
            None => Bound::Unbounded,
        };
        let products = self.products.read().map_err(poisoned)?;
        let mut page: Vec<Product> = products
            .range((start, Bound::Unbounded))
            .take(usize::from(limit.get()) + 1)
            .map(|(_, p)| p.clone())
            .collect();
        // One more than asked tells whether a next page exists without a second read.
        let next = if page.len() > usize::from(limit.get()) {
            page.pop();
            page.last().map(|last| {
                PageToken::issued(URL_SAFE_NO_PAD.encode(last.id.to_string()))
            })
        } else {
            None
        };
        Ok(Page { products: page, next, skipped: Vec::new() })
    }

    async fn delete(&self, id: ProductId) -> Result<(), StoreError> {
        self.products.write().map_err(poisoned)?.remove(&id);
        Ok(())
    }
}
// ANCHOR_END: memory_store

/// Reads a token issued by [`MemoryStore::list`]: the last id of the previous page,
/// base64url.
fn decode_token(token: &PageToken) -> Result<ProductId, StoreError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(token.as_str())
        .map_err(|_| StoreError::InvalidPageToken)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| StoreError::InvalidPageToken)?;
    ProductId::parse(text).map_err(|_| StoreError::InvalidPageToken)
}

/// A lock is poisoned only if a thread panicked while holding it; report it rather than
/// panic again.
fn poisoned<T>(_: PoisonError<T>) -> StoreError {
    StoreError::unavailable("the in-memory store's lock was poisoned by a panic")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::product::{Price, ProductName};
    use futures_util::FutureExt as _;

    fn product(n: u32) -> Product {
        Product {
            id: ProductId::parse(&format!("00000000-0000-4000-8000-{n:012}")).unwrap(),
            name: ProductName::parse(format!("product {n}")).unwrap(),
            price: Price::parse(i64::from(n) + 1).unwrap(),
        }
    }

    #[test]
    fn a_taken_id_reports_what_is_stored_under_it() {
        let store = MemoryStore::new();
        assert_eq!(
            store.put_if_absent(&product(1)).now_or_never().unwrap().unwrap(),
            PutOutcome::Created
        );
        let mut other = product(1);
        other.price = Price::parse(99).unwrap();
        assert_eq!(
            store.put_if_absent(&other).now_or_never().unwrap().unwrap(),
            PutOutcome::AlreadyExists(product(1))
        );
        assert_eq!(
            store.get(product(1).id).now_or_never().unwrap().unwrap(),
            Some(product(1))
        );
    }

    #[test]
    fn pages_cover_every_product_once_in_id_order() {
        let store = MemoryStore::new();
        for n in (0..7).rev() {
            store.put_if_absent(&product(n)).now_or_never().unwrap().unwrap();
        }
        let limit = Limit::parse("3").unwrap();
        let mut seen = Vec::new();
        let mut token = None;
        loop {
            let page = store.list(limit, token).now_or_never().unwrap().unwrap();
            assert!(page.products.len() <= 3);
            seen.extend(page.products);
            token = page.next;
            if token.is_none() {
                break;
            }
        }
        assert_eq!(seen, (0..7).map(product).collect::<Vec<_>>());
    }

    #[test]
    fn a_full_last_page_has_no_next_token() {
        let store = MemoryStore::new();
        for n in 0..3 {
            store.put_if_absent(&product(n)).now_or_never().unwrap().unwrap();
        }
        let page =
            store.list(Limit::parse("3").unwrap(), None).now_or_never().unwrap().unwrap();
        assert_eq!((page.products.len(), page.next), (3, None));
    }

    #[test]
    fn a_forged_page_token_is_refused() {
        let store = MemoryStore::new();
        for token in ["not base64!", "aGVsbG8", "////"] {
            let token = PageToken::parse(token).unwrap();
            assert!(matches!(
                store.list(Limit::DEFAULT, Some(token)).now_or_never().unwrap(),
                Err(StoreError::InvalidPageToken)
            ));
        }
    }

    #[test]
    fn a_token_written_for_any_id_only_chooses_where_the_listing_starts() {
        let store = MemoryStore::new();
        for n in 0..4 {
            store.put_if_absent(&product(n)).now_or_never().unwrap().unwrap();
        }
        // Not issued by the store, and naming no stored product: a position all the same.
        let written = PageToken::parse(
            &URL_SAFE_NO_PAD.encode("00000000-0000-4000-8000-000000000001"),
        )
        .unwrap();
        let page =
            store.list(Limit::DEFAULT, Some(written)).now_or_never().unwrap().unwrap();
        assert_eq!(page.products, (2..4).map(product).collect::<Vec<_>>());
    }

    #[test]
    fn deleting_an_absent_product_succeeds() {
        let store = MemoryStore::new();
        assert!(store.delete(product(1).id).now_or_never().unwrap().is_ok());
        assert!(store.is_empty());
    }
}
