//! The `process-stream` function: DynamoDB stream batches of the products table to
//! standardized events on the bus `EVENT_BUS_NAME`, as the source `EVENT_SOURCE`.

/// mimalloc rather than glibc's allocator: a batch's memory is kept for the next batch
/// instead of being given back to the system and faulted in again (ADR-0033).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// ANCHOR: main
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    Ok(product_lambdas::serve_stream().await?)
}
// ANCHOR_END: main
