//! Writes the stylesheets that block a page with widgets into the page itself.
//!
//! A page's scripts wait for every stylesheet linked ahead of them (mdBook's `toc.js` in
//! the `<head>`, then its inline scripts in the `<body>`), so the parser could reach the
//! widgets only one round trip after the page itself had come, and the stylesheets took
//! four of Chromium's six connections to the host while the module and its WebAssembly
//! waited for one. On a page with widgets the reader waits for the widgets, so its
//! stylesheets come with it, as `<style>` elements with the same ids (`book.js` switches
//! the highlighting themes by id, which a `<style>` answers as a `<link>` does); the
//! policy allows inline styles already (ADR-0028). The print stylesheet stays linked: it
//! blocks nothing. Other pages keep their links, so that a reader moving between them
//! reuses the cached files; a page with widgets is some 55 KiB larger (about 11 KiB
//! compressed).

use std::{fs, path::Path};

use anyhow::{Context, Result, bail};

use super::preload::has_widget;
use crate::site_check::tags;

/// Writes the stylesheets of every page with a widget under `site` into it; returns how
/// many pages it changed.
pub(crate) fn inline_site(site: &Path) -> Result<usize> {
    let mut pages = 0;
    crate::util::rewrite_html_pages(site, |page, html| {
        if !has_widget(html) {
            return Ok(html.to_owned());
        }
        pages += 1;
        inline(html, &page.root, |file| {
            fs::read_to_string(site.join(file))
                .with_context(|| format!("could not read the stylesheet {file}"))
        })
    })?;
    Ok(pages)
}

/// The page with each stylesheet it links without a `media` attribute replaced by a
/// `<style>` holding its text (read by `read`, from its path relative to the site's root),
/// its URLs made relative to the page; `root` is the page's way to the site's root.
pub(crate) fn inline(
    html: &str,
    root: &str,
    read: impl Fn(&str) -> Result<String>,
) -> Result<String> {
    let mut page = html.to_owned();
    for tag in tags(html) {
        if tag.name != "link"
            || tag.attr("rel") != Some("stylesheet")
            || tag.attr("media").is_some()
        {
            continue;
        }
        let href = tag.attr("href").context("a stylesheet's <link> has no href")?;
        let link = match tag.attr("id") {
            Some(id) => format!("<link rel=\"stylesheet\" id=\"{id}\" href=\"{href}\">"),
            None => format!("<link rel=\"stylesheet\" href=\"{href}\">"),
        };
        let Some(at) = page.find(&link) else {
            bail!(
                "the page does not link {href} as `{link}`, as mdBook's page template does"
            );
        };
        let file = href.strip_prefix(root).unwrap_or(href);
        let css = read(file)?;
        // The one thing that would end the element early.
        if css.to_ascii_lowercase().contains("</style") {
            bail!("{file} holds `</style`, so it cannot be written into a page");
        }
        let folder = file.rsplit_once('/').map_or("", |(folder, _)| folder);
        let id = tag.attr("id").map(|id| format!(" id=\"{id}\"")).unwrap_or_default();
        let style = format!("<style{id}>{}</style>", relative_urls(&css, folder, root));
        page.replace_range(at..at + link.len(), &style);
    }
    Ok(page)
}

/// The stylesheet with each relative `url(...)` that led from `folder` (relative to the
/// site's root) made to lead there from a page whose way to the root is `root`.
fn relative_urls(css: &str, folder: &str, root: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        let (before, after) = rest.split_at(at + "url(".len());
        out.push_str(before);
        let Some(close) = after.find(')') else { break };
        let argument = &after[..close];
        let quote = argument.trim().chars().next().filter(|c| *c == '\'' || *c == '"');
        let url = argument.trim().trim_matches(['\'', '"']);
        match resolve(folder, url) {
            Some(path) => {
                let quote = quote.map(String::from).unwrap_or_default();
                out.push_str(&format!("{quote}{root}{path}{quote}"));
            }
            None => out.push_str(argument),
        }
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

/// `url` from `folder`, as a path from the site's root; `None` for what does not depend
/// on the stylesheet's place (`data:`, another scheme, an absolute path, a fragment).
fn resolve(folder: &str, url: &str) -> Option<String> {
    let scheme = url.split_once(':').is_some_and(|(scheme, _)| {
        scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if url.is_empty() || scheme || url.starts_with('/') || url.starts_with('#') {
        return None;
    }
    let mut parts: Vec<&str> =
        folder.split('/').filter(|part| !part.is_empty()).collect();
    for part in url.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests;
