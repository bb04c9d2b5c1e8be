//! The store port: what the rules need from a database, and nothing about any particular
//! one.
//!
//! Adapters implement [`ProductStore`]: [`crate::MemoryStore`] here, and the DynamoDB
//! store in `product-aws`. The port reports facts (this id is taken, by this product) and
//! leaves the decisions (is that a conflict?) to [`crate::service`], so every adapter
//! gets the same rules for free.

use std::error::Error;
use std::future::Future;

use thiserror::Error;

use crate::product::{Product, ProductId};

// ANCHOR: port
/// Persistence for products. Every method is one round trip to the store.
///
/// The futures are `Send` so that a Lambda runtime can drive them on any thread.
pub trait ProductStore: Send + Sync {
    /// Stores `product` unless its id is taken; when taken, returns what is stored under
    /// it.
    fn put_if_absent(
        &self,
        product: &Product,
    ) -> impl Future<Output = Result<PutOutcome, StoreError>> + Send;

    /// The product stored under `id`, read consistently (a write that returned is
    /// visible).
    fn get(
        &self,
        id: ProductId,
    ) -> impl Future<Output = Result<Option<Product>, StoreError>> + Send;

    /// Up to `limit` products after the position `after` names, and the token of the next
    /// page.
    fn list(
        &self,
        limit: Limit,
        after: Option<PageToken>,
    ) -> impl Future<Output = Result<Page, StoreError>> + Send;

    /// Removes the product stored under `id`; removing an absent product is not an error.
    fn delete(
        &self,
        id: ProductId,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}
// ANCHOR_END: port

/// What [`ProductStore::put_if_absent`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutOutcome {
    /// The product was stored.
    Created,
    /// The id was taken; this is the product stored under it.
    AlreadyExists(Product),
}

/// One page of a listing.
#[derive(Debug, Default)]
pub struct Page {
    /// The products of this page, in the store's order.
    pub products: Vec<Product>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<PageToken>,
    /// The records among this page's that are not valid products: left out, so that one
    /// bad record does not fail every page that covers it, and handed up so that the
    /// caller logs and counts them. Each is reported by the one page whose range
    /// holds it.
    pub skipped: Vec<CorruptRecord>,
}

// ANCHOR: store_error
/// Why a store could not answer.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The page token was not issued by this store (or was altered): the caller's
    /// mistake.
    #[error("the page token is not one this store issued")]
    InvalidPageToken,
    /// The store failed or could not be reached: not the caller's mistake, and possibly
    /// temporary.
    #[error("the store failed or could not be reached")]
    Unavailable(#[source] Box<dyn Error + Send + Sync>),
    /// The store holds a record that is not a valid product.
    #[error(transparent)]
    Corrupt(#[from] CorruptRecord),
}

/// A stored record that is not a valid product: its key as stored, and what is wrong with
/// it.
#[derive(Debug, Error)]
#[error("the record stored under {id} is not a valid product")]
pub struct CorruptRecord {
    /// The key of the record, as stored (it may not even be a valid id).
    pub id: String,
    /// What is wrong with it.
    #[source]
    pub source: Box<dyn Error + Send + Sync>,
}
// ANCHOR_END: store_error

impl StoreError {
    /// A failure of the store itself, keeping its cause.
    pub fn unavailable(source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self::Unavailable(source.into())
    }
}

/// How many products one page may hold: 1 to 100, 20 when the client does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(u16);

/// The reason a query value is not a [`Limit`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("limit must be a whole number from 1 to 100")]
pub struct InvalidLimit;

impl Limit {
    /// The page size when none is asked for.
    pub const DEFAULT: Self = Self(20);
    /// The largest page: keeps a response far below Lambda's 6 MB payload limit.
    pub const MAX: u16 = 100;

    /// Parses the `limit` query parameter.
    pub fn parse(input: &str) -> Result<Self, InvalidLimit> {
        match input.parse::<u16>() {
            Ok(limit) if (1..=Self::MAX).contains(&limit) => Ok(Self(limit)),
            _ => Err(InvalidLimit),
        }
    }

    /// The limit as a number.
    pub fn get(self) -> u16 {
        self.0
    }
}

impl Default for Limit {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// An opaque position in a listing, issued by a store in [`Page::next`] and handed back
/// by clients.
///
/// Only the store that issued a token can read it; everyone else passes it on unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageToken(String);

impl PageToken {
    /// Tokens longer than this are refused before any store sees them.
    pub const MAX_LEN: usize = 1024;

    /// Wraps a token received from a client; only its length is checked here.
    pub fn parse(input: &str) -> Result<Self, StoreError> {
        if input.is_empty() || input.len() > Self::MAX_LEN {
            return Err(StoreError::InvalidPageToken);
        }
        Ok(Self(input.to_owned()))
    }

    /// A token a store issues for its own next page.
    pub fn issued(token: String) -> Self {
        Self(token)
    }

    /// The token as the client sees it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_is_a_whole_number_from_1_to_100() {
        assert_eq!(Limit::parse("1").map(Limit::get), Ok(1));
        assert_eq!(Limit::parse("100").map(Limit::get), Ok(100));
        for input in ["0", "101", "-1", "1.5", "", "ten", "99999999999"] {
            assert_eq!(Limit::parse(input), Err(InvalidLimit), "{input}");
        }
    }

    #[test]
    fn an_empty_or_huge_page_token_is_refused() {
        assert!(matches!(PageToken::parse(""), Err(StoreError::InvalidPageToken)));
        assert!(matches!(
            PageToken::parse(&"a".repeat(1025)),
            Err(StoreError::InvalidPageToken)
        ));
        assert!(PageToken::parse("abc").is_ok());
    }
}
