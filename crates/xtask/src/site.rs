//! `cargo xtask build`: the static site in `target/site/`, the book with the playground's
//! wasm in `pkg/`.
//!
//! Everything is built beside the live site and swapped in only when the whole build and
//! its checks passed, so `cargo xtask serve` keeps serving the last good site when a
//! rebuild fails.

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};

use anyhow::{Context, Result};
use cargo_metadata::TargetKind;

use crate::{
    book::{self, Links},
    book_limits, book_sources, cargo_json, csp,
    measurements::{BundleSizes, FileSize, SIZE_REPORT, check_table, gzip_len},
    project::Project,
    site_check,
    util::{remove_all, run, section},
    vendored,
};

mod book_js;
mod budget;
mod inline_styles;
pub(crate) mod pending;
mod preload;
mod styles;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The WebAssembly features rustc enables by default for wasm32-unknown-unknown.
/// wasm-bindgen drops the section that records them, so wasm-opt must be told; it then
/// keeps to exactly these.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-multivalue",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
];

/// What goes into the site's `pkg/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Module {
    /// The playground's module, built (or found up to date) by this build.
    Built,
    /// [`pending::MODULE`], which tells each widget that the module is still being built
    /// and reloads the page once it is there: the first site `cargo xtask serve` serves
    /// on a fresh clone, while it builds the module.
    Pending,
}

/// Builds the whole site into `target/site/`, its links checked.
pub(crate) fn build(project: &Project) -> Result<()> {
    build_with(project, Links::Check, Module::Built)
}

/// Builds the site as [`build`] does, without the link checker: for `cargo xtask serve`,
/// which rebuilds on every save.
pub(crate) fn build_for_serve(project: &Project, module: Module) -> Result<()> {
    build_with(project, Links::Skip, module)
}

fn build_with(project: &Project, links: Links, module: Module) -> Result<()> {
    let started = Instant::now();
    section("book: includes and repository links", || {
        book_sources::check(&project.root)
    })?;
    section("book: the measurements table", || check_table(&project.root))?;
    section("book: the instruction counts table", || {
        crate::instructions::check_table(&project.root)
    })?;
    section("book: limits quoted from the code", || book_limits::check(&project.root))?;
    section("book: vendored files match their recorded SHA-256", || {
        let checked = vendored::check(&project.root)?;
        println!("{checked} vendored file(s) as recorded in {}", vendored::RECORD);
        Ok(())
    })?;
    let pkg = match module {
        Module::Built => section("playground: wasm module", || build_wasm(project))?,
        Module::Pending => pending::write_pkg(&project.scratch_dir().join("pkg"))?,
    };
    let html = section("book: mdbook build", || book::build(project, links))?;
    let site = project.site_dir();
    section("site: assemble and check", || {
        let staging = project.target.join("site.new");
        remove_all(&staging)?;
        fs::rename(&html, &staging).with_context(|| {
            format!("could not move {} to {}", html.display(), staging.display())
        })?;
        // Moved, not copied: the next build makes `pkg/` anew.
        fs::rename(&pkg, staging.join("pkg"))
            .with_context(|| format!("could not move {}", pkg.display()))?;
        let marked = crate::snippets::pages::mark_site(&project.root, &staging)?;
        println!("{marked} snippets marked with the command that runs them (ADR-0029)");
        let joined = styles::join_site(&staging)?;
        println!(
            "the stylesheets that no script switches joined into {}",
            joined.join(", ")
        );
        let inlined = inline_styles::inline_site(&staging)?;
        println!(
            "{inlined} pages with widgets carry the stylesheets that would block them"
        );
        let narrowed = book_js::narrow_site(&staging)?;
        println!("{narrowed} highlights and copies only the code outside the widgets");
        let preloaded = preload::preload_site(&staging)?;
        println!(
            "{} pages start their scripts from their <head>, {} of them the playground's module too",
            preloaded.pages, preloaded.widget_pages
        );
        let sealed = csp::seal_site(&staging)?;
        println!(
            "{sealed} pages carry their Content-Security-Policy with their inline scripts' hashes"
        );
        site_check::check(&staging)?;
        replace_dir(&staging, &site)
    })?;
    println!(
        "site ready in {} ({:.1}s)",
        site.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Builds the playground for wasm32, generates its JavaScript bindings and shrinks the
/// module. Returns the folder that becomes `pkg/` in the site.
fn build_wasm(project: &Project) -> Result<PathBuf> {
    project.require_crate("playground", "the site build")?;
    let tools = &project.tools;
    tools.wasm_target()?;
    let wasm_opt = tools.wasm_opt()?;

    // Unstripped, so wasm-bindgen sees the module's `target_features`; wasm-opt strips
    // what is left. As a cdylib alone: rustc skips link-time optimization for a crate
    // that is also an rlib (the playground is one for its wasm-bindgen tests), and LTO
    // takes about 26 KiB (gzip) off the module.
    let artifacts = cargo_json::build(
        project
            .cargo()
            .args([
                "rustc",
                "--package",
                "playground",
                "--lib",
                "--crate-type",
                "cdylib",
                "--target",
                WASM_TARGET,
                "--profile",
                "wasm-release",
            ])
            .env("CARGO_PROFILE_WASM_RELEASE_STRIP", "false"),
    )?;
    let module = artifacts
        .iter()
        .filter(|artifact| artifact.target.name == "playground" && artifact.target.is_kind(TargetKind::CDyLib))
        .flat_map(|artifact| &artifact.filenames)
        .find(|file| file.extension() == Some("wasm"))
        .context("cargo built no playground .wasm: the playground crate needs `crate-type = [\"cdylib\", ...]`")?;

    let pkg = project.scratch_dir().join("pkg");
    remove_all(&pkg)?;
    // The bindings are written by wasm-bindgen's own library, compiled into xtask at
    // exactly the version of the `wasm-bindgen` the module was built with; the same
    // options as `wasm-bindgen --target web --out-name playground --no-typescript`.
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(module)
        .web(true)?
        .out_name("playground")
        .typescript(false)
        .omit_default_module_path(false)
        .generate(&pkg)
        .map_err(|err| anyhow::anyhow!("{err:#}"))
        .context("wasm-bindgen could not write the playground's bindings")?;
    let wasm = pkg.join("playground_bg.wasm");
    let before_opt = file_len(&wasm)?;
    run(Command::new(&wasm_opt)
        .arg("-Oz")
        .args(WASM_FEATURES)
        .args(["--strip-debug", "--strip-producers", "--strip-target-features"])
        .arg(&wasm)
        .arg("-o")
        .arg(&wasm))?;

    let sizes = BundleSizes {
        wasm: measure(&pkg, "playground_bg.wasm", Some(before_opt))?,
        js: measure(&pkg, "playground.js", None)?,
    };
    println!("{}", summary(&sizes));
    budget::check(&sizes.wasm)?;
    let size_json = pkg.join(SIZE_REPORT);
    fs::write(&size_json, format!("{}\n", serde_json::to_string_pretty(&sizes)?))
        .with_context(|| format!("could not write {}", size_json.display()))?;
    Ok(pkg)
}

/// Puts `new` in place of `live`; `live` is missing only between the two renames.
fn replace_dir(new: &Path, live: &Path) -> Result<()> {
    let old = live.with_extension("old");
    remove_all(&old)?;
    if live.exists() {
        fs::rename(live, &old)
            .with_context(|| format!("could not move {} aside", live.display()))?;
    }
    fs::rename(new, live).with_context(|| {
        format!("could not move {} to {}", new.display(), live.display())
    })?;
    remove_all(&old)
}

fn file_len(path: &Path) -> Result<u64> {
    Ok(fs::metadata(path)
        .with_context(|| format!("{} is missing", path.display()))?
        .len())
}

/// The raw and gzip sizes of one file of `pkg/`.
fn measure(
    pkg: &Path,
    file: &str,
    bytes_before_wasm_opt: Option<u64>,
) -> Result<FileSize> {
    let path = pkg.join(file);
    let content =
        fs::read(&path).with_context(|| format!("could not read {}", path.display()))?;
    let (bytes, gzip_bytes) = (content.len() as u64, gzip_len(&content)?);
    Ok(FileSize { file: file.to_owned(), bytes, gzip_bytes, bytes_before_wasm_opt })
}

fn summary(sizes: &BundleSizes) -> String {
    let kib = |bytes: u64| bytes as f64 / 1024.0;
    let (wasm, js) = (&sizes.wasm, &sizes.js);
    format!(
        "playground_bg.wasm: {:.1} KiB raw, {:.1} KiB gzip -9 ({:.1} KiB before wasm-opt -Oz)\n\
         playground.js:      {:.1} KiB raw, {:.1} KiB gzip -9",
        kib(wasm.bytes),
        kib(wasm.gzip_bytes),
        kib(wasm.bytes_before_wasm_opt.unwrap_or_default()),
        kib(js.bytes),
        kib(js.gzip_bytes),
    )
}

#[cfg(test)]
mod tests;
