//! Writes the create body's JSON Schema, generated from `CreateProductRequest` by the
//! domain's own `json_schema`, into the build, so `createProductSchema()` answers it
//! without carrying schemars' generator into the page (about 7 KiB of the module, gzip).

use std::{env, fs, path::Path};

fn main() {
    let schema = product_domain::CreateProductRequest::json_schema().to_string();
    let out = env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    fs::write(Path::new(&out).join("create_product_schema.json"), schema)
        .expect("the build script can write into OUT_DIR");
}
