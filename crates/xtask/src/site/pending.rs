//! The stand-in for the playground's module that `cargo xtask serve` serves while it
//! builds the module for the first time (`pending.js`).
//!
//! On a fresh clone the module's build takes minutes (its dependencies compiled for
//! `wasm32-unknown-unknown`, link-time optimisation, `wasm-opt`), far longer than the book
//! itself. The server starts with the book and this stand-in in `pkg/`: a widget says
//! that the playground is being built, and its page reloads by itself once the built site
//! has replaced this one. The stand-in's pages name only what its `pkg/` holds, the module
//! and not its WebAssembly (`preload.rs`), so they ask for nothing that is not there.

use std::{fs, path::Path};

use anyhow::{Context, Result};

use super::preload;
use crate::util::{copy_tree, remove_all, rewrite_html_pages};

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

/// Copies the built `site` to `dir` as the first serve on a fresh clone has it: the
/// stand-in in place of `pkg/`, and pages that name no WebAssembly, as the site build
/// writes them for that `pkg/`: for the browser tests, which serve the built site and
/// this copy of it side by side.
pub(crate) fn copy_site(site: &Path, dir: &Path) -> Result<()> {
    remove_all(dir)?;
    let copy = |from: &Path, to: &Path| Ok(fs::copy(from, to).map(drop)?);
    copy_tree(site, dir, |relative| !relative.starts_with("pkg"), copy)?;
    write_pkg(&dir.join("pkg"))?;
    rewrite_html_pages(dir, |page, html| Ok(preload::naming_no_wasm(html, &page.root)))
}

#[cfg(test)]
mod tests;
