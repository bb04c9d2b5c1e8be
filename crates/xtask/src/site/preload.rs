//! Starts a page's downloads from its `<head>`: the scripts mdBook's page loads, and on a
//! page with a widget the playground's loader, which starts the module and its
//! WebAssembly.
//!
//! A browser's preload scanner fetches what the markup names further down while a script
//! holds up the parser, but Chromium's stops at a Content-Security-Policy `<meta>` tag
//! (crbug.com/1458493), and every page carries one (ADR-0028). Each script at the end of
//! mdBook's page was then requested only once the one before it had run, and the module
//! only after all of them. The build names those downloads in `<link rel="preload">`s
//! after the stylesheets, which the page needs first, and ahead of the head's first
//! script, which waits for them.
//!
//! On a page with a widget the loader itself is written into the page, right after the
//! policy, ahead of everything else the page asks for, and allowed by its hash as mdBook's
//! inline scripts are: it runs as soon as the parser reaches it, asks for the module and
//! its WebAssembly before any stylesheet or script, and compiles the WebAssembly while the
//! page is still coming, when the page's main thread is idle. A file, even preloaded, came
//! in only after the stylesheets (six connections to a host over HTTP/1.1) and then waited
//! for the main thread. A small script after the last widget says when every placeholder
//! is in the page, and the loader mounts the widgets then, ahead of the scripts that follow
//! the page's content (`playground/assets/loader.js`; `book_js.rs` keeps `book.js` off
//! them). The page names the WebAssembly only when the site's `pkg/` holds it: the first
//! site `cargo xtask serve` serves on a fresh clone has a stand-in module alone there
//! (`pending.rs`).

use std::{fs, path::Path};

use anyhow::{Context, Result, bail};

use crate::site_check::tags;

/// The attribute of a widget's placeholder (`playground::widgets::WIDGET_ATTRIBUTE`).
const WIDGET_ATTRIBUTE: &str = "data-widget";
/// The playground's module and its WebAssembly, relative to the site's root: the loader
/// imports the first, and wasm-bindgen's glue fetches the second beside itself.
const MODULE: &str = "pkg/playground.js";
const WASM: &str = "pkg/playground_bg.wasm";
/// The attribute of the policy's `<meta>` tag (`theme/head.hbs`), which the loader follows.
const POLICY_META: &str = "http-equiv=\"Content-Security-Policy\"";
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

/// What a page with a widget starts from its `<head>`, as the site holds it.
pub(crate) struct Playground<'a> {
    /// The loader's text by its `src` on the page, relative to the site's root.
    pub(crate) read_loader: &'a dyn Fn(&str) -> Result<String>,
    /// Whether `pkg/` holds the module's WebAssembly; the stand-in's `pkg/` does not.
    pub(crate) wasm: bool,
}

/// Adds the preloads to every HTML page under `site`.
pub(crate) fn preload_site(site: &Path) -> Result<Preloaded> {
    let mut done = Preloaded { pages: 0, widget_pages: 0 };
    let read = |src: &str| {
        let file = site.join(src);
        fs::read_to_string(&file)
            .with_context(|| format!("could not read the loader {}", file.display()))
    };
    let playground = Playground { read_loader: &read, wasm: site.join(WASM).is_file() };
    crate::util::rewrite_html_pages(site, |page, html| {
        let (preloaded, widgets) = preload(html, &page.root, &playground)?;
        done.pages += usize::from(preloaded != html);
        done.widget_pages += usize::from(widgets);
        Ok(preloaded)
    })?;
    Ok(done)
}

/// Whether the page has a widget's placeholder.
pub(crate) fn has_widget(html: &str) -> bool {
    tags(html).iter().any(|tag| tag.attr(WIDGET_ATTRIBUTE).is_some())
}

/// The page with a preload of each of its scripts, and when it has a widget, the loader
/// written after its policy, naming the module and, when `pkg/` holds it, the
/// WebAssembly; `root` is the page's way to the site's root. Also says whether the page
/// has a widget.
///
/// The preloads go in the `<head>`, except on a page with a widget, where those of the
/// scripts after its content go after its last widget: requested from the `<head>`, ten
/// of them took the connections and the cores (each is compiled as it comes) that the
/// head's script and the module were waiting for, and a widget was ready some 20 ms later
/// (ADR-0028). From there they are still asked for together, ahead of the first of them.
pub(crate) fn preload(
    html: &str,
    root: &str,
    playground: &Playground<'_>,
) -> Result<(String, bool)> {
    let widgets = has_widget(html);
    let (mut page, loader) = if widgets {
        let (page, src) = take_loader(html)?;
        let site_relative = src.strip_prefix(root).unwrap_or(&src);
        let loader = inline_loader(
            &(playground.read_loader)(site_relative)?,
            root,
            playground.wasm,
        )?;
        (page, Some(loader))
    } else {
        (html.to_owned(), None)
    };
    let head_end = page.find("</head>").context("the page has no </head>")?;
    let mut head = script_preloads(&page[..head_end], &[]);
    let body = script_preloads(&page[head_end..], &head);
    if widgets {
        let at_widgets: String = body
            .iter()
            .map(|link| format!("{link}\n        "))
            .chain(std::iter::once(PLACEHOLDERS_PARSED.to_owned()))
            .collect();
        page = after_last_widget(&page, &at_widgets)?;
    } else {
        head.extend(body);
    }
    if !head.is_empty() {
        let Some(script) = page.find("<script").filter(|script| *script < head_end)
        else {
            bail!(
                "the page's first script is not in its <head>, as in mdBook's page template"
            );
        };
        // mdBook heads that script with a comment about it; the preloads go above both.
        let before = page[..script].trim_end();
        let at = match before.strip_suffix("-->") {
            Some(comment) => comment.rfind("<!--").unwrap_or(script),
            None => script,
        };
        let block: String = std::iter::once(PRELOADS_NOTE.to_owned())
            .chain(head)
            .map(|line| format!("{line}\n        "))
            .collect();
        page.insert_str(at, &block);
    }
    if let Some(loader) = loader {
        page = after_policy(&page, &loader)?;
    }
    Ok((page, widgets))
}

/// A preload of each script `html` loads, in the order they run (the parser waits for
/// each in turn), but those already in `before`.
fn script_preloads(html: &str, before: &[String]) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for tag in tags(html).iter().filter(|tag| tag.name == "script") {
        let Some(src) = tag.attr("src") else { continue };
        let link =
            format!("<link rel=\"preload\" href=\"{}\" as=\"script\">", escape(src));
        if !links.contains(&link) && !before.contains(&link) {
            links.push(link);
        }
    }
    links
}

/// The loader as an inline script with the module (and the WebAssembly) it starts; it runs
/// as the parser reaches it and asks for both at once (`loader.js`).
fn inline_loader(loader: &str, root: &str, wasm: bool) -> Result<String> {
    // Either would end the script early, or change how the parser reads it.
    if loader.contains("</script") || loader.contains("<!--") {
        bail!(
            "the loader holds `</script` or `<!--`, so it cannot be written into a page"
        );
    }
    let wasm = if wasm { format!(" data-wasm=\"{root}{WASM}\"") } else { String::new() };
    Ok(format!("<script data-module=\"{root}{MODULE}\"{wasm}>{loader}</script>"))
}

/// The page as the build writes it when `pkg/` holds no WebAssembly: the loader names the
/// module alone.
pub(crate) fn naming_no_wasm(html: &str, root: &str) -> String {
    html.replace(&format!(" data-wasm=\"{root}{WASM}\""), "")
}

/// The page with `script` right after its policy's `<meta>` tag, ahead of everything the
/// page asks for.
fn after_policy(html: &str, script: &str) -> Result<String> {
    let meta = html.find(POLICY_META).context(
        "the page has no Content-Security-Policy <meta> tag, which theme/head.hbs writes",
    )?;
    let end = meta
        + html[meta..].find('>').context("the policy's <meta> tag is not closed")?
        + 1;
    Ok(format!("{}\n        {script}{}", &html[..end], &html[end..]))
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
