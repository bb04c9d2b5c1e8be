//! The `process-stream` function: DynamoDB stream batches of the products table to
//! standardized events on the bus `EVENT_BUS_NAME`, as the source `EVENT_SOURCE`.

// ANCHOR: main
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    Ok(product_lambdas::serve_stream().await?)
}
// ANCHOR_END: main
