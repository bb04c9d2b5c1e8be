//! Starts a page's downloads from its `<head>`: the scripts mdBook's page loads, and on a
//! page with a widget the playground's loader, module and WebAssembly.
//!
//! A browser's preload scanner fetches what the markup names further down while a script
//! holds up the parser, but Chromium's stops at a Content-Security-Policy `<meta>` tag
//! (crbug.com/1458493), and every page carries one (ADR-0028). Each script at the end of
//! mdBook's page was then requested only once the one before it had run, and the module
//! only after all of them. The build names those downloads in `<link rel="preload">`s
//! (`modulepreload` for the module) after the stylesheets, which the page needs first,
//! and ahead of the head's first script, which waits for them.
//!
//! On a page with a widget the loader itself moves there, as an async script that names
//! the module: it runs as soon as it arrives, while the stylesheets and the page's other
//! scripts are still on their way, so the module is compiled and instantiated by the time
//! the placeholders are parsed. A small script after the last widget says when they are,
//! and the loader mounts the widgets then, ahead of the scripts that follow the page's
//! content (`playground/assets/loader.js`; `book_js.rs` keeps `book.js` off them).

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::site_check::tags;

/// The attribute of a widget's placeholder (`playground::widgets::WIDGET_ATTRIBUTE`).
const WIDGET_ATTRIBUTE: &str = "data-widget";
/// The playground's module and its WebAssembly, relative to the site's root: the loader
/// imports the first, and wasm-bindgen's glue fetches the second beside itself.
const MODULE: &str = "pkg/playground.js";
const WASM: &str = "pkg/playground_bg.wasm";
/// Where mdBook writes the loader (`additional-js` in `book.toml`), with its content hash
/// after a dash.
const LOADER_DIR: &str = "playground/assets/";
const LOADER_NAME: &str = "loader";
/// Written after a page's last widget, ahead of the scripts that follow its content: tells
/// the loader that every placeholder is in the page (the policy allows it by its hash, as
/// it does mdBook's inline scripts), so the widgets are mounted without waiting for those
/// scripts (`playground/assets/loader.js`).
pub(crate) const PLACEHOLDERS_PARSED: &str = "<script id=\"psr-placeholders-parsed\">dispatchEvent(new Event(\"psr:placeholders-parsed\"));</script>";
/// Written ahead of the preloads, for a reader of the page's source.
const PRELOADS_NOTE: &str = "<!-- Preloads: the page's policy stops Chromium's preload scanner (crbug.com/1458493) -->";

/// What [`preload_site`] did.
pub(crate) struct Preloaded {
    /// Pages whose scripts start from their `<head>`.
    pub(crate) pages: usize,
    /// Of those, the pages with a widget, whose module starts there too.
    pub(crate) widget_pages: usize,
}

/// Adds the preloads to every HTML page under `site`.
pub(crate) fn preload_site(site: &Path) -> Result<Preloaded> {
    let mut done = Preloaded { pages: 0, widget_pages: 0 };
    crate::util::rewrite_html_pages(site, |page, html| {
        let (preloaded, widgets) = preload(html, &page.root)?;
        done.pages += usize::from(preloaded != html);
        done.widget_pages += usize::from(widgets);
        Ok(preloaded)
    })?;
    Ok(done)
}

/// The page with a preload of each of its scripts in its `<head>`, and when it has a
/// widget, the loader moved there to run as soon as it arrives, with the module and its
/// WebAssembly preloaded; `root` is the page's way to the site's root. Also says whether
/// the page has a widget.
pub(crate) fn preload(html: &str, root: &str) -> Result<(String, bool)> {
    let widgets = tags(html).iter().any(|tag| tag.attr(WIDGET_ATTRIBUTE).is_some());
    let (mut page, loader) = if widgets {
        let (page, src) = take_loader(html)?;
        (after_last_widget(&page, PLACEHOLDERS_PARSED)?, Some(src))
    } else {
        (html.to_owned(), None)
    };
    // In the order the scripts run: the parser waits for each in turn.
    let mut links: Vec<String> = Vec::new();
    for tag in tags(&page).iter().filter(|tag| tag.name == "script") {
        let Some(src) = tag.attr("src") else { continue };
        let link =
            format!("<link rel=\"preload\" href=\"{}\" as=\"script\">", escape(src));
        if !links.contains(&link) {
            links.push(link);
        }
    }
    // The head's scripts come first: the parser needs them first.
    let in_head = page.find("</head>").map_or(0, |end| {
        tags(&page[..end])
            .iter()
            .filter(|tag| tag.name == "script" && tag.attr("src").is_some())
            .count()
    });
    if let Some(src) = loader {
        // Async, it waits for no stylesheet and no other script; async scripts are
        // fetched at a low priority unless told. Then the module and its WebAssembly, as
        // the loader asks for them: the same requests as the ones they stand for, or the
        // browser makes those again: a module script's (CORS, credentials to the same
        // origin), and a `fetch()`, which `crossorigin` matches.
        let start = [
            format!(
                "<script async fetchpriority=\"high\" src=\"{}\" data-module=\"{root}{MODULE}\" data-wasm=\"{root}{WASM}\"></script>",
                escape(&src)
            ),
            format!("<link rel=\"modulepreload\" href=\"{root}{MODULE}\">"),
            format!(
                "<link rel=\"preload\" href=\"{root}{WASM}\" as=\"fetch\" type=\"application/wasm\" crossorigin>"
            ),
        ];
        links.splice(in_head.min(links.len())..in_head.min(links.len()), start);
    }
    if links.is_empty() {
        return Ok((page, widgets));
    }
    let (Some(script), Some(head_end)) = (page.find("<script"), page.find("</head>"))
    else {
        bail!("the page has no <head> with a script, as mdBook's page template writes");
    };
    if script > head_end {
        bail!(
            "the page's first script is not in its <head>, as in mdBook's page template"
        );
    }
    // mdBook heads that script with a comment about it; the preloads go above both.
    let before = page[..script].trim_end();
    let at = match before.strip_suffix("-->") {
        Some(comment) => comment.rfind("<!--").unwrap_or(script),
        None => script,
    };
    let block: String = std::iter::once(PRELOADS_NOTE.to_owned())
        .chain(links)
        .map(|line| format!("{line}\n        "))
        .collect();
    page.insert_str(at, &block);
    Ok((page, widgets))
}

/// The page without the loader's `<script>` (mdBook writes it after the page's content,
/// among `additional-js`), and the loader's `src`.
fn take_loader(html: &str) -> Result<(String, String)> {
    let tags = tags(html);
    let Some(src) = tags
        .iter()
        .filter(|tag| tag.name == "script")
        .filter_map(|tag| tag.attr("src"))
        .find(|src| is_loader(src))
    else {
        bail!(
            "the page has a widget but no {LOADER_DIR}{LOADER_NAME}.js: is it still in `additional-js` in book.toml?"
        );
    };
    let loader = format!("<script src=\"{}\"></script>", escape(src));
    let Some(at) = html.find(&loader) else {
        bail!(
            "the loader is not written as `{loader}`, as mdBook's page template writes it"
        );
    };
    // The line goes with it, indentation and all.
    let line_start = html[..at].rfind('\n').map_or(at, |newline| newline + 1);
    let from = if html[line_start..at].trim().is_empty() { line_start } else { at };
    let mut end = at + loader.len();
    if html[end..].starts_with('\n') && from == line_start {
        end += 1;
    }
    Ok((format!("{}{}", &html[..from], &html[end..]), src.to_owned()))
}

/// The page with `script` ahead of the first script after its last widget: every
/// placeholder is in the page by the time it runs, and the scripts that follow the page's
/// content have not run yet.
fn after_last_widget(html: &str, script: &str) -> Result<String> {
    let last_widget =
        html.rfind(WIDGET_ATTRIBUTE).context("the page has no widget to follow")?;
    let first = html[last_widget..]
        .find("<script")
        .map(|offset| last_widget + offset)
        .context("no script follows the page's widgets")?;
    Ok(format!("{}{script}\n        {}", &html[..first], &html[first..]))
}

/// Whether `src` is the loader, as mdBook names it from any page (`../` first) and with
/// its hash (`loader-8b7783d8.js`) or without.
fn is_loader(src: &str) -> bool {
    let Some((_, name)) = src.rsplit_once(LOADER_DIR) else { return false };
    let Some(stem) = name.strip_suffix(".js") else { return false };
    stem == LOADER_NAME
        || stem
            .strip_prefix(LOADER_NAME)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|hash| {
                !hash.is_empty() && hash.chars().all(|c| c.is_ascii_alphanumeric())
            })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

#[cfg(test)]
mod tests;
