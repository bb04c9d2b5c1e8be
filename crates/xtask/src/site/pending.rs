//! The stand-in for the playground's module that `cargo xtask serve` serves while it
//! builds the module for the first time (`pending.js`).
//!
//! On a fresh clone the module's build takes minutes (its dependencies compiled for
//! `wasm32-unknown-unknown`, link-time optimisation, `wasm-opt`), far longer than the book
//! itself. The server starts with the book and this stand-in in `pkg/`: a widget says
//! that the playground is being built, and its page reloads by itself once the built site
//! has replaced this one.

use std::{fs, path::Path};

use anyhow::{Context, Result};

use crate::util::remove_all;

/// The stand-in module, served as `pkg/playground.js`.
pub(crate) const MODULE: &str = include_str!("pending.js");

/// Makes `pkg` a folder holding only the stand-in module; returns `pkg`.
pub(crate) fn write_pkg(pkg: &Path) -> Result<std::path::PathBuf> {
    remove_all(pkg)?;
    fs::create_dir_all(pkg)
        .with_context(|| format!("could not create {}", pkg.display()))?;
    let module = pkg.join("playground.js");
    fs::write(&module, MODULE)
        .with_context(|| format!("could not write {}", module.display()))?;
    Ok(pkg.to_path_buf())
}
