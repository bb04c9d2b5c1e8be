//! The `create-product` function: `PUT /api/product/{product_id}` behind API Gateway, on
//! the table `TABLE_NAME`.

use product_handlers::Endpoint;

// ANCHOR: main
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    Ok(product_lambdas::serve_api(Endpoint::CreateProduct).await?)
}
// ANCHOR_END: main
