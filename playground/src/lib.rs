//! The book's playground: the product crates compiled to WebAssembly, exported to
//! JavaScript, and the widgets that put them in the book's pages.
//!
//! Nothing here re-implements the service: the exports call `product_domain`'s parser,
//! `product_handlers`' router and stream processor, and `product_events`' envelope and
//! PutEvents planning, with the in-memory adapters ([`product_domain::MemoryStore`],
//! [`product_events::RecordingProvider`]) in place of DynamoDB and EventBridge. This
//! crate knows no AWS SDK and no async runtime; the handlers' futures finish on their
//! first poll ([`poll`]).
//!
//! # Exports
//!
//! Built with `wasm-bindgen --target web`, the module exports five functions (and
//! `mountWidgets`). Each takes and returns a JSON string, so Node and the page call them
//! alike. Input that is not JSON, or not of the expected shape, is answered with
//! `{"error": "<why>"}`; nothing throws.
//!
//! | export | takes | answers |
//! |---|---|---|
//! | `validateCreateProduct(body)` | the raw create body | `{"valid": bool, "errors": [{"pointer", "code", "message"}]}` |
//! | `createProductSchema()` | | the JSON Schema of the create body |
//! | `handleRequest(request)` | `{"method", "path", "query"?: {name: value}, "headers"?: {name: value}, "body"?: "<raw>"}` | `{"statusCode", "headers": {name: value}, "body": "<raw>"}` |
//! | `processStream(event, options?)` | a DynamoDB Streams event `{"Records": [...]}`; options `{"failProductIds": ["<id>"]}` | `{"notifications", "events", "refusedEvents", "failures", "batchResponse": {"batchItemFailures": [{"itemIdentifier"}]}}` |
//! | `buildEvents(request)` | `{"source", "eventName"?, "models": [<JSON>], "limitBytes"?}` | `{"events", "putEventsRequests", "failed", "sizes", "limitBytes", "cloudEvents"}` |
//!
//! - `handleRequest` sends the request through [`product_handlers::handle_request`] to
//!   one [`product_domain::ProductService`] over one [`product_domain::MemoryStore`] per
//!   loaded module: what one call creates, the next reads, until the page is reloaded.
//!   Query values may be strings, numbers or booleans; they are percent-encoded into the
//!   URI as API Gateway would pass them. `headers` (strings) are accepted and not passed
//!   on: the handlers read no request header. Repeated response headers are joined with
//!   `", "`.
//! - `processStream` runs the stream processor with a recording event provider.
//!   `notifications` holds one `ProductChangeNotification` per record; `events` the
//!   envelopes the provider delivered; `refusedEvents` those it was told to refuse
//!   (`failProductIds`); `failures` each record to retry with why (`{"position",
//!   "sequence_number", "event_id", "correlation_id", "code", "message"}`:
//!   `UnreadableRecord`, or the provider's code such as `InjectedFailure`);
//!   `batchResponse` the Lambda partial batch response, naming by `SequenceNumber`
//!   exactly those records.
//! - `buildEvents` names every event `eventName` (default `PRODUCT_CHANGE_NOTIFICATION`)
//!   and plans the PutEvents requests within `limitBytes` (default 262144, at most
//!   1048576):
//!   - `events`: one envelope `{"data", "metadata"}` per model, in order;
//!   - `putEventsRequests`: `[{"Entries": [{"Source", "DetailType", "Detail"}]}]`, each
//!     object exactly the body PutEvents takes (1 to 10 entries, total size within the
//!     limit);
//!   - `sizes`: beside each request, `{"eventIndices": [...], "entries": [<bytes>],
//!     "total"}`, each entry's size by EventBridge's formula and the request's total;
//!   - `failed`: `[{"index", "code", "error"}]` for models whose event is not sent
//!     (`EntryTooLarge` when it alone exceeds the limit), sorted by index; every model is
//!     either in a request or here;
//!   - `limitBytes`: the limit applied; `cloudEvents`: each envelope as a CloudEvents 1.0
//!     event.
//!
//! # Widgets
//!
//! A chapter embeds a widget with a placeholder; the loader
//! (`playground/assets/loader.js`, listed in `book.toml`) fetches the module only on
//! pages that have one:
//!
//! ```html
//! <div class="psr-widget" data-widget="validator"></div>
//! <div class="psr-widget" data-widget="console"></div>
//! <div class="psr-widget" data-widget="stream"></div>
//! <div class="psr-widget" data-widget="events"></div>
//! ```
//!
//! In Markdown, leave a blank line before and after the `<div>`. Anything inside the
//! placeholder is replaced (by a loading message, then the widget). A page may hold
//! several widgets, also of the same kind; they share the kept input of their kind and,
//! for the console, the one store.
//!
//! | `data-widget` | run button | input fields (labels) |
//! |---|---|---|
//! | `validator` | Validate | Create body (JSON); the JSON Schema is shown beside |
//! | `console` | Send | Method, Path, Query string, Request body |
//! | `stream` | Process | DynamoDB Streams event (JSON), Refuse delivery for these product ids |
//! | `events` | Build events | Models (JSON array), Event source, Event name, Byte limit per request |
//!
//! Every widget also has an "Example" list, a "Share link" button, and one result area
//! with `role="status"` and `aria-live="polite"`. Ctrl+Enter (Cmd+Enter) runs it from any
//! field. Input is kept in `localStorage` under `psr-playground:<kind>` and travels in
//! links as `#<kind>=<base64url of the input as JSON>`. Everything is written with text
//! nodes, never as HTML.
//!
//! # Tests
//!
//! - Unit tests of the exports: `cargo test -p playground`.
//! - The exports and widgets in headless Chromium (`tests/web`): `cargo xtask test
//!   wasm-test`, or by hand from this folder (its `webdriver.json` holds Chromium's
//!   flags): `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test -p playground --target
//!   wasm32-unknown-unknown`, with the runner of the same wasm-bindgen version as
//!   `Cargo.lock`.
//! - The built site in Chromium (`tests/browser`, `node --test` with playwright-core):
//!   `cargo xtask test browser`, or `npm ci` there, serve `target/site` on 127.0.0.1 and run
//!   `SITE_URL=http://127.0.0.1:PORT/ node --test playground/tests/browser/`.

mod clock;
mod events;
pub mod exports;
mod http_console;
pub mod poll;
mod stream;
pub mod widgets;

pub use events::DEFAULT_EVENT_NAME;
pub use exports::{
    InputError, build_events, build_events_value, create_product_schema, handle_request,
    handle_request_value, process_stream, process_stream_value, validate_create_product,
    validate_create_product_value,
};
pub use http_console::ConsoleError;
pub use stream::{EVENT_SOURCE, StreamError};
