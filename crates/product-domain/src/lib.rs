//! The product service's domain: the models, the rules, and the store port they need.
//!
//! This crate is the centre of the service and knows nothing of its edges: no HTTP, no
//! Lambda, no AWS SDK, no WebAssembly bindings. It builds for `wasm32-unknown-unknown` as
//! it is, which is how the book's pages run the very same rules as the Lambda functions.
//!
//! - [`product`]: values that are valid by construction ([`ProductId`], [`ProductName`],
//!   [`Price`]).
//! - [`request`]: the create body as it arrives, its validation, and its JSON Schema.
//! - [`store`]: the [`ProductStore`] port that adapters implement.
//! - [`memory`]: [`MemoryStore`], the in-memory adapter used by tests and by the book's
//!   pages.
//! - [`service`]: the business rules (idempotent create, get, list, delete) over any
//!   store.
//! - [`notification`]: the change notification the stream processor publishes.

pub mod memory;
pub mod notification;
pub mod product;
pub mod request;
pub mod service;
pub mod store;

pub use memory::MemoryStore;
pub use notification::{ProductChangeNotification, ProductChangeStatus};
pub use product::{
    InvalidPrice, InvalidProductId, InvalidProductName, Price, Product, ProductId,
    ProductName,
};
pub use request::{
    CreateProductRequest, ErrorCode, FieldError, NewProduct, ValidationErrors,
};
pub use service::{CreateOutcome, ProductError, ProductService};
pub use store::{
    CorruptRecord, InvalidLimit, Limit, Page, PageToken, ProductStore, PutOutcome,
    StoreError,
};
