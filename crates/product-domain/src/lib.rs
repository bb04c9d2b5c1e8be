//! The product service's domain: the models, the rules, and the store port they need.
//!
//! This crate is the centre of the service and knows nothing of its edges: no HTTP, no Lambda, no AWS
//! SDK, no WebAssembly bindings. It builds for `wasm32-unknown-unknown` as it is, which is how the
//! book's pages run the very same rules as the Lambda functions.
//!
//! - [`product`]: values that are valid by construction ([`ProductId`], [`ProductName`], [`Price`]).
//! - [`request`]: the create body as it arrives, its validation, and its JSON Schema.
//! - [`store`]: the [`ProductStore`] port that adapters implement.
//! - [`memory`]: [`MemoryStore`], the in-memory adapter used by tests and by the book's pages.
//! - [`service`]: the business rules (idempotent create, get, list, delete) over any store.
//! - [`notification`]: the change notification the stream processor publishes.

pub mod memory;
pub mod notification;
pub mod product;
pub mod request;
pub mod service;
pub mod store;

pub use memory::MemoryStore;
pub use notification::{ProductChangeNotification, ProductChangeStatus};
pub use product::{InvalidPrice, InvalidProductId, InvalidProductName, Price, Product, ProductId, ProductName};
pub use request::{CreateProductRequest, FieldError, NewProduct, ValidationErrors};
pub use service::{CreateOutcome, ProductError, ProductService};
pub use store::{InvalidLimit, Limit, Page, PageToken, ProductStore, PutOutcome, StoreError};

#[cfg(test)]
mod test_support {
    //! What the unit tests of several modules share.

    /// Drives a future of the in-memory store, which never waits on anything.
    pub(crate) fn now<F: std::future::Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(output) => output,
            std::task::Poll::Pending => panic!("the in-memory store never waits"),
        }
    }
}
