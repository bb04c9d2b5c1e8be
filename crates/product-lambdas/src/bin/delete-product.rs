//! The `delete-product` function: `DELETE /api/product/{product_id}` behind API Gateway,
//! on the table `TABLE_NAME`.

use product_handlers::Endpoint;

// ANCHOR: main
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    Ok(product_lambdas::serve_api(Endpoint::DeleteProduct).await?)
}
// ANCHOR_END: main
