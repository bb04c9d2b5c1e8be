//! The `list-products` function: `GET /api/products` behind API Gateway, on the table
//! `TABLE_NAME`.

use product_handlers::Endpoint;

// ANCHOR: main
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    Ok(product_lambdas::serve_api(Endpoint::ListProducts).await?)
}
// ANCHOR_END: main
