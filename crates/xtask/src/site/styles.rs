//! Joins the stylesheets that every page links one after the other and that no script
//! switches, so that a page waits for fewer of them before it is shown and runs its first
//! script.
//!
//! Chromium opens at most six connections to a host over HTTP/1.1, and mdBook's page
//! links nine stylesheets that block it, and a tenth for print: the first six went out
//! together and the others only as those came back, before the head's script (`toc.js`)
//! ran and the parser went on (ADR-0028). mdBook's `variables.css`, `general.css`,
//! `chrome.css` and `fonts.css` become one file, apart from the print stylesheet, which
//! applies to print alone and is kept (`fonts.css` holds only `@font-face` rules, which
//! the print rules cannot override); so do the book's own two (`additional-css`). The
//! highlighting themes stay apart, as `book.js` turns them on and off by their ids. Each
//! joined file lives in its group's first folder, where `fonts.css`'s `../fonts/` URLs lead
//! to the same files as from `fonts/`.
//!
//! The fonts' `local()` sources go: the site serves every font it names, and each
//! `local()` made Chromium ask the system for a font by name, across processes, during
//! the page's first layout.

use std::{fs, path::Path};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

/// A stylesheet as mdBook writes it: its folder, and its name before a dash and a hash
/// (`css/variables-8adf115d.css`).
type Sheet = (&'static str, &'static str);

/// The stylesheets joined, each group in the order the page links it, and the joined
/// file's folder and name (a hash of its text follows, after a dash).
const GROUPS: &[(&[Sheet], Sheet)] = &[
    (
        &[
            ("css", "variables"),
            ("css", "general"),
            ("css", "chrome"),
            ("fonts", "fonts"),
        ],
        ("css", "book"),
    ),
    (
        &[("playground/assets", "playground"), ("playground/assets", "accessibility")],
        ("playground/assets", "site"),
    ),
];

/// Joins each group of stylesheets and links the joined file from every page under
/// `site` in their place; returns the joined files' paths relative to `site`.
pub(crate) fn join_site(site: &Path) -> Result<Vec<String>> {
    let mut joined = Vec::new();
    for (sheets, into) in GROUPS {
        joined.push(join_group(site, sheets, *into)?);
    }
    Ok(joined)
}

fn join_group(site: &Path, sheets: &[Sheet], (folder, name): Sheet) -> Result<String> {
    let mut files = Vec::new();
    let mut text = String::new();
    for (from, sheet) in sheets {
        let file = hashed_file(&site.join(from), sheet)?;
        let css = fs::read_to_string(site.join(from).join(&file))
            .with_context(|| format!("could not read {from}/{file}"))?;
        text.push_str(&format!("/* {from}/{sheet}.css */\n"));
        text.push_str(&without_local_sources(&css));
        text.push('\n');
        files.push(format!("{from}/{file}"));
    }
    let hash: String = Sha256::digest(text.as_bytes())
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect();
    let joined = format!("{folder}/{name}-{hash}.css");
    fs::write(site.join(&joined), &text)
        .with_context(|| format!("could not write {joined}"))?;
    crate::util::rewrite_html_pages(site, |page, html| {
        link_joined(html, &page.root, &files, &joined)
            .context("could not join the page's stylesheets")
    })?;
    for file in &files {
        fs::remove_file(site.join(file))
            .with_context(|| format!("could not remove {file}"))?;
    }
    Ok(joined)
}

/// The one file in `folder` that mdBook wrote for `name`: `name.css`, or `name-HASH.css`.
fn hashed_file(folder: &Path, name: &str) -> Result<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(folder)
        .with_context(|| format!("could not list {}", folder.display()))?
    {
        let file = entry?.file_name().to_string_lossy().into_owned();
        let Some(stem) = file.strip_suffix(".css") else { continue };
        let hashed = stem.strip_prefix(name).and_then(|rest| rest.strip_prefix('-'));
        if stem == name
            || hashed.is_some_and(|hash| hash.chars().all(|c| c.is_ascii_hexdigit()))
        {
            found.push(file);
        }
    }
    match found.as_slice() {
        [file] => Ok(file.clone()),
        _ => bail!(
            "expected one {name}.css in {}, as mdBook 0.5 writes it, found {found:?}",
            folder.display()
        ),
    }
}

/// The page with the first of `files`' links replaced by the joined file's and the others
/// removed, each with its line; `root` is the page's way to the site's root.
pub(crate) fn link_joined(
    html: &str,
    root: &str,
    files: &[String],
    joined: &str,
) -> Result<String> {
    let mut page = html.to_owned();
    for (index, file) in files.iter().enumerate() {
        let link = format!("<link rel=\"stylesheet\" href=\"{root}{file}\">");
        let Some(at) = page.find(&link) else {
            bail!(
                "the page does not link {file} as `{link}`, as mdBook's page template does"
            );
        };
        if index == 0 {
            let with = format!("<link rel=\"stylesheet\" href=\"{root}{joined}\">");
            page.replace_range(at..at + link.len(), &with);
        } else {
            let start = page[..at].rfind('\n').map_or(at, |newline| newline + 1);
            let start = if page[start..at].trim().is_empty() { start } else { at };
            let mut end = at + link.len();
            if start < at && page[end..].starts_with('\n') {
                end += 1;
            }
            page.replace_range(start..end, "");
        }
    }
    Ok(page)
}

/// A stylesheet with the `local(...)` sources of its `src` descriptors removed, with the
/// comma and the spaces after each.
pub(crate) fn without_local_sources(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("local(") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(close) = after.find(')') else {
            out.push_str(after);
            return out;
        };
        let tail = after[close + 1..].trim_start();
        rest = tail.strip_prefix(',').map_or(tail, str::trim_start);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
