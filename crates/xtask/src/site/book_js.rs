//! Keeps mdBook's `book.js` off the widgets' code, so that the loader may mount the
//! widgets before `book.js` runs.
//!
//! `book.js` highlights every `code` element in the page when it runs, and gives every
//! `pre code` a copy button: the blocks of the chapter, and until now, had the widgets been
//! mounted before it, the JSON the widgets show as well. The loader therefore waited for
//! the whole page to be parsed and its scripts run, `book.js` and the 230 KB of scripts
//! before it among them. With these two selectors narrowed to code outside the widgets' placeholders,
//! the widgets are mounted as soon as their placeholders are parsed and the module is
//! ready (`playground/assets/loader.js`, ADR-0028), and the chapter's blocks are treated
//! as before.

use std::{fs, path::Path};

use anyhow::{Context, Result, bail};

/// What `book.js` (mdBook 0.5) selects, and what it selects instead.
const NARROWED: &[(&str, &str)] = &[
    (
        "document.querySelectorAll('code')",
        "document.querySelectorAll('code:not([data-widget] code)')",
    ),
    (
        "document.querySelectorAll('pre code')",
        "document.querySelectorAll('pre code:not([data-widget] code)')",
    ),
];

/// Narrows the selectors of the `book.js` at the root of `site` (`book-HASH.js`); returns
/// its name.
pub(crate) fn narrow_site(site: &Path) -> Result<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(site)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let hashed = name
            .strip_prefix("book-")
            .and_then(|rest| rest.strip_suffix(".js"))
            .is_some_and(|hash| hash.chars().all(|c| c.is_ascii_hexdigit()));
        if name == "book.js" || hashed {
            found.push(name);
        }
    }
    let [name] = found.as_slice() else {
        bail!(
            "expected one book.js at the site's root, as mdBook 0.5 writes it, found {found:?}"
        );
    };
    let path = site.join(name);
    let text = fs::read_to_string(&path)
        .with_context(|| format!("could not read {}", path.display()))?;
    fs::write(&path, narrow(&text).with_context(|| format!("in {name}"))?)
        .with_context(|| format!("could not write {}", path.display()))?;
    Ok(name.clone())
}

/// `book.js` with its selectors of code narrowed to code outside the widgets; an error when
/// one is not written once as mdBook 0.5 writes it.
pub(crate) fn narrow(book_js: &str) -> Result<String> {
    let mut text = book_js.to_owned();
    for (selects, narrowed) in NARROWED {
        let times = text.matches(selects).count();
        if times != 1 {
            bail!(
                "`{selects}` is there {times} times, not once as in mdBook 0.5's book.js: \
                 the widgets' code must stay out of its highlighting and copy buttons \
                 (crates/xtask/src/site/book_js.rs)"
            );
        }
        text = text.replacen(selects, narrowed, 1);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOK_JS: &str = "const code_nodes = Array
        .from(document.querySelectorAll('code'))
    Array.from(document.querySelectorAll('code.hljs')).forEach(function(block) {
        Array.from(document.querySelectorAll('pre code')).forEach(function(block) {";

    #[test]
    fn book_js_highlights_and_copies_only_code_outside_the_widgets() -> Result<()> {
        let narrowed = narrow(BOOK_JS)?;

        assert!(narrowed.contains(
            ".from(document.querySelectorAll('code:not([data-widget] code)'))"
        ));
        assert!(
            narrowed.contains("document.querySelectorAll('code.hljs')"),
            "{narrowed}"
        );
        assert!(
            narrowed.contains(
                "document.querySelectorAll('pre code:not([data-widget] code)')"
            )
        );
        Ok(())
    }

    #[test]
    fn a_book_js_written_otherwise_is_an_error() {
        let error = narrow("document.querySelectorAll(\"code\")").unwrap_err();
        assert!(error.to_string().contains("0 times"), "{error}");
    }
}
