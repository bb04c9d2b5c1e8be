//! The book's HTML, built by mdBook used as a library: its HTML renderer and our two
//! preprocessors (the decision log of `crates/mdbook-adr`, and Mermaid's code blocks)
//! run inside this process, so a fresh clone compiles them with the rest of xtask
//! instead of installing mdBook and its plug-ins one `cargo install` at a time.
//!
//! `book.toml` still names `mdbook-adr` and `mdbook-mermaid` as commands, for anyone who
//! runs a plain `mdbook build`; here the preprocessors of the same names replace them.
//! The link checker stays a command of its own, and only a checked build runs it:
//! `cargo xtask serve` rebuilds on every save and has no use for it.

mod mermaid;

use std::{path::PathBuf, sync::Once};

use anyhow::{Context, Result, anyhow, bail};
use mdbook_driver::{MDBook, builtin_renderers::CmdRenderer};
use mdbook_html::HtmlHandlebars;
use mdbook_renderer::Renderer;

use crate::{project::Project, util::remove_all};

/// Whether a build runs the link checker after the HTML renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Links {
    /// `cargo xtask build` and the tests: a broken link fails the build.
    Check,
    /// `cargo xtask serve`: a page is written as soon as it renders.
    Skip,
}

/// Builds the book into `target/book/` and returns its HTML folder.
pub(crate) fn build(project: &Project, links: Links) -> Result<PathBuf> {
    show_mdbook_messages();
    let out = project.target.join("book");
    remove_all(&out)?;
    let mut book = MDBook::load(&project.root)
        .map_err(|err| anyhow!("{err:#}"))
        .context("mdBook could not load the book")?;
    book.config.build.build_dir = out.clone();
    book.with_preprocessor(mdbook_adr::AdrPreprocessor)
        .with_preprocessor(mermaid::Mermaid);
    render(&book, &HtmlHandlebars::new())?;
    if links == Links::Check {
        let checker = project.tools.mdbook_linkcheck2()?.join("mdbook-linkcheck2");
        let command = checker.to_str().context("the tools folder is not UTF-8")?;
        render(&book, &CmdRenderer::new("linkcheck2".to_owned(), command.to_owned()))?;
    }
    // With two outputs in book.toml (html and linkcheck2) mdBook gives each a folder of
    // its own.
    let html = book.build_dir_for("html");
    if !html.join("index.html").is_file() {
        bail!("mdbook finished but wrote no index.html into {}", html.display());
    }
    Ok(html)
}

fn render(book: &MDBook, renderer: &dyn Renderer) -> Result<()> {
    book.execute_build_process(renderer)
        .map_err(|err| anyhow!("{err:#}"))
        .with_context(|| format!("mdBook's {} output failed", renderer.name()))
}

/// mdBook reports through `tracing` (a missing include, a chapter it could not render);
/// without a subscriber those warnings would vanish. Installed once per process, at the
/// level the `mdbook` command uses by default.
fn show_mdbook_messages() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let _already_set = tracing_subscriber::fmt()
            .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
            .with_target(false)
            .without_time()
            .try_init();
    });
}
