//! The book's playground: the product crates compiled to WebAssembly, exported to JavaScript.

pub mod exports;
mod http_console;
pub mod poll;
mod stream;
pub mod widgets;

pub use exports::*;
pub use http_console::ConsoleError;
pub use stream::StreamError;
