//! Starts a page's downloads from its `<head>`: the scripts mdBook's page loads, and on a
//! page with a widget the playground's module and its WebAssembly.
//!
//! A browser's preload scanner fetches what the markup names further down while a script
//! holds up the parser, but Chromium's stops at a Content-Security-Policy `<meta>` tag
//! (crbug.com/1458493), and every page carries one (ADR-0028). Each script at the end of
//! mdBook's page was then requested only once the one before it had run, and the module
//! only after all of them. The build names those downloads in `<link rel="preload">`s
//! (`modulepreload` for the module) after the stylesheets, which the page needs first,
//! and ahead of the head's first script, which waits for them.
//!
//! On a page with a widget the loader also runs ahead of mdBook's scripts, so the module
//! is compiled while they run; it still mounts the widgets once the page is parsed
//! (`playground/assets/loader.js`).

use std::{fs, path::Path};

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
    for page in crate::util::html_pages(site)? {
        let path = page.as_path();
        let shown = path.strip_prefix(site)?;
        let html = fs::read_to_string(path)
            .with_context(|| format!("could not read {}", path.display()))?;
        // mdBook's `path_to_root`: a page links to the site's root through one `../` for
        // each folder it is in.
        let root = "../".repeat(shown.components().count() - 1);
        let (page, widgets) = preload(&html, &root).with_context(|| {
            format!("could not add the preloads to {}", shown.display())
        })?;
        fs::write(path, &page)
            .with_context(|| format!("could not write {}", path.display()))?;
        done.pages += usize::from(page != html);
        done.widget_pages += usize::from(widgets);
    }
    Ok(done)
}

/// The page with a preload of each of its scripts in its `<head>`, and when it has a
/// widget, of the module and its WebAssembly, with the loader moved ahead of the scripts
/// that follow the page's content; `root` is the page's way to the site's root. Also
/// says whether the page has a widget.
pub(crate) fn preload(html: &str, root: &str) -> Result<(String, bool)> {
    let widgets = tags(html).iter().any(|tag| tag.attr(WIDGET_ATTRIBUTE).is_some());
    let mut page = if widgets { run_loader_first(html)? } else { html.to_owned() };
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
    if widgets {
        // The same request as the one it stands for, or the browser makes that one again:
        // a module script's (CORS, credentials to the same origin), and the glue's
        // `fetch()`, which `crossorigin` matches.
        links.push(format!("<link rel=\"modulepreload\" href=\"{root}{MODULE}\">"));
        links.push(format!(
            "<link rel=\"preload\" href=\"{root}{WASM}\" as=\"fetch\" type=\"application/wasm\" crossorigin>"
        ));
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

/// The page with the loader's `<script>` moved ahead of the first script after its last
/// widget: the widgets' placeholders are in the page by the time it runs, and mdBook's
/// scripts have not run yet.
fn run_loader_first(html: &str) -> Result<String> {
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
    let (Some(at), Some(last_widget)) =
        (html.find(&loader), html.rfind(WIDGET_ATTRIBUTE))
    else {
        bail!(
            "the loader is not written as `{loader}`, as mdBook's page template writes it"
        );
    };
    let first = html[last_widget..]
        .find("<script")
        .map(|offset| last_widget + offset)
        .context("no script follows the page's widgets")?;
    if first >= at {
        return Ok(html.to_owned());
    }
    Ok(format!(
        "{}{loader}\n        {}{}",
        &html[..first],
        &html[first..at],
        &html[at + loader.len()..]
    ))
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
