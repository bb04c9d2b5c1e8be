//! Marks each runnable snippet in the built pages with what it is and the command that
//! runs it (`data-snippet`, `data-command` on its `<code>`), for `run.js` to give it a Run
//! button under `cargo xtask serve` or the command on a static host.

use std::{fs, path::Path};

use anyhow::{Context, Result, bail};

use super::{Run, Snippet, page_snippets};
use crate::book_sources::markdown_files;

/// How mdBook 0.5 opens the element of a Rust block.
const RUST_CODE: &str = "<code class=\"language-rust";

/// Marks the runnable snippets of every chapter built under `site`; returns how many.
pub(crate) fn mark_site(root: &Path, site: &Path) -> Result<usize> {
    let src = root.join("src");
    let mut marked = 0;
    for page in markdown_files(&src)? {
        let text = fs::read_to_string(&page)
            .with_context(|| format!("could not read {}", page.display()))?;
        let blocks = page_snippets(root, &page, &text);
        if blocks.iter().all(Option::is_none) {
            continue;
        }
        let html_path = site.join(page.strip_prefix(&src)?).with_extension("html");
        let Ok(html) = fs::read_to_string(&html_path) else { continue };
        let runs: Vec<Option<(Snippet, Run)>> = blocks
            .into_iter()
            .map(|block| {
                block.and_then(|snippet| Some((snippet.clone(), snippet.run_at(root)?)))
            })
            .collect();
        let page_html = mark(&html, &runs).with_context(|| {
            format!("could not mark the snippets of {}", html_path.display())
        })?;
        fs::write(&html_path, page_html)?;
        marked += runs.iter().flatten().count();
    }
    Ok(marked)
}

/// `html` with the `n`th Rust block marked as `blocks[n]` says.
pub(crate) fn mark(html: &str, blocks: &[Option<(Snippet, Run)>]) -> Result<String> {
    let found = html.matches(RUST_CODE).count();
    if found != blocks.len() {
        bail!("the page has {found} Rust blocks and its Markdown {}", blocks.len());
    }
    let mut parts = html.split(RUST_CODE);
    let mut marked = parts.next().unwrap_or_default().to_owned();
    for (part, block) in parts.zip(blocks) {
        marked.push_str("<code");
        if let Some((snippet, run)) = block {
            marked.push_str(&format!(
                " data-snippet=\"{}\" data-command=\"{}\"",
                escape(&snippet.spec()),
                escape(&run.command())
            ));
        }
        marked.push_str(&RUST_CODE["<code".len()..]);
        marked.push_str(part);
    }
    Ok(marked)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_runnable_block_gets_its_snippet_and_command() {
        let html = "<pre><code class=\"language-rust noplayground\">a</code></pre>\
                    <pre><code class=\"language-rust\">b</code></pre>";
        let exercise = Snippet::parse("crates/workshop/src/exercises/sku.rs").unwrap();
        let blocks = [None, Some((exercise.clone(), exercise.run().unwrap()))];

        let marked = mark(html, &blocks).unwrap();

        assert_eq!(
            marked,
            "<pre><code class=\"language-rust noplayground\">a</code></pre>\
             <pre><code data-snippet=\"crates/workshop/src/exercises/sku.rs\" \
             data-command=\"cargo test -p workshop --test sku\" class=\"language-rust\">b</code></pre>"
        );
    }

    #[test]
    fn a_page_whose_blocks_do_not_match_its_markdown_is_an_error() {
        let html = "<code class=\"language-rust\">a</code>";
        assert!(mark(html, &[None, None]).is_err());
    }
}
