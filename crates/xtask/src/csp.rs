//! The Content-Security-Policy of every page (ADR-0028): the theme writes it as a
//! `<meta>` tag, the site build puts the SHA-256 of each of the page's inline scripts in
//! place of [`HASHES_MARKER`], and `cargo xtask serve` sends the same policy as a header.
//!
//! mdBook writes its inline scripts with values that change from page to page
//! (`path_to_root`) and from build to build (the search index's hashed file name), so
//! their hashes cannot be committed; they are taken from the page they protect, after
//! mdBook wrote it.

use std::path::Path;

use anyhow::{Result, bail};
use base64::{Engine as _, engine::general_purpose::STANDARD};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use sha2::{Digest as _, Sha256};

use crate::site_check::tags;

/// What `theme/head.hbs` writes where the hashes go; a page that still holds it was not
/// sealed.
pub(crate) const HASHES_MARKER: &str = "'inline-script-hashes'";
/// The policy a served HTML page without its own gets: nothing runs, so a page that lost
/// its policy fails its tests instead of running unprotected.
pub(crate) const FALLBACK: &str = "default-src 'none'";

/// Fills in the hashes of every HTML page under `site`; returns how many pages it sealed.
pub(crate) fn seal_site(site: &Path) -> Result<usize> {
    let mut problems = Vec::new();
    let mut sealed = 0;
    crate::util::rewrite_html_pages(site, |page, html| {
        // Every page that cannot be sealed is named, not only the first.
        Ok(match seal(html) {
            Ok(sealed_page) => {
                sealed += 1;
                sealed_page
            }
            Err(problem) => {
                problems.push(format!("{}: {problem:#}", page.shown.display()));
                html.to_owned()
            }
        })
    })?;
    if !problems.is_empty() {
        bail!(
            "{} page(s) cannot carry the Content-Security-Policy:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(sealed)
}

/// The page with its policy completed: the marker replaced by the hashes of its inline
/// scripts, and `base-uri 'self'` on a page that sets its own `<base>` (mdBook's 404
/// page, which must find its assets from any depth). Fails on what the policy would
/// block: an event-handler attribute or a `javascript:` URL.
pub(crate) fn seal(html: &str) -> Result<String> {
    let page = read(html);
    if let Some(blocked) = page.blocked.first() {
        bail!("{blocked}, which the policy blocks");
    }
    let [policy] = page.policies.as_slice() else {
        bail!(
            "{} Content-Security-Policy meta tags; theme/head.hbs writes exactly one",
            page.policies.len()
        );
    };
    if page.script_before_policy {
        bail!(
            "a script comes before the Content-Security-Policy meta tag, which covers only what follows it"
        );
    }
    if policy.matches(HASHES_MARKER).count() != 1
        || html.matches(policy.as_str()).count() != 1
    {
        bail!(
            "the policy `{policy}` must appear once, with {HASHES_MARKER} once, as theme/head.hbs writes it"
        );
    }
    let mut hashes: Vec<String> = Vec::new();
    for script in &page.inline_scripts {
        let hash =
            format!("'sha256-{}'", STANDARD.encode(Sha256::digest(script.as_bytes())));
        if !hashes.contains(&hash) {
            hashes.push(hash);
        }
    }
    let mut sealed = policy.replace(HASHES_MARKER, &hashes.join(" "));
    if page.sets_base {
        sealed = sealed.replace("base-uri 'none'", "base-uri 'self'");
    }
    Ok(html.replacen(policy.as_str(), &sealed, 1))
}

/// The policy a page's meta tag carries, to be sent as its header; `None` when it has
/// none. Reads only as far as the tag, which is near the top: the server asks this of
/// every page it sends.
pub(crate) fn policy_of(html: &str) -> Option<String> {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    Tokenizer::new_with_emitter(html, emitter).flatten().find_map(|token| match token {
        Token::StartTag(tag) if &*tag.name == b"meta" => {
            let value = |name: &[u8]| {
                tag.attributes
                    .get(name)
                    .map(|value| String::from_utf8_lossy(value).into_owned())
            };
            value(b"http-equiv")
                .is_some_and(|name| name.eq_ignore_ascii_case("content-security-policy"))
                .then(|| value(b"content"))
                .flatten()
        }
        _ => None,
    })
}

/// What a page holds that its policy is about.
#[derive(Default)]
struct Page {
    /// The `content` of every `<meta http-equiv="Content-Security-Policy">`.
    policies: Vec<String>,
    /// The text of every `<script>` without `src`, as the browser hashes it.
    inline_scripts: Vec<String>,
    script_before_policy: bool,
    sets_base: bool,
    /// Attributes and URLs the policy would refuse to run.
    blocked: Vec<String>,
}

fn read(html: &str) -> Page {
    let mut page = Page::default();
    for tag in tags(html) {
        let csp = tag
            .attr("http-equiv")
            .is_some_and(|name| name.eq_ignore_ascii_case("content-security-policy"));
        if tag.name == "meta" && csp {
            page.policies.extend(tag.attr("content").map(str::to_owned));
        }
        page.script_before_policy |= tag.name == "script" && page.policies.is_empty();
        page.sets_base |= tag.name == "base" && tag.attr("href").is_some();
        for (name, value) in &tag.attrs {
            if name.starts_with("on") {
                page.blocked.push(format!(
                    "`<{} {name}>` (an event-handler attribute)",
                    tag.name
                ));
            }
            if value
                .trim_start()
                .get(..11)
                .is_some_and(|scheme| scheme.eq_ignore_ascii_case("javascript:"))
            {
                page.blocked.push(format!(
                    "`<{} {name}=\"{value}\">` (a javascript: URL)",
                    tag.name
                ));
            }
        }
    }
    page.inline_scripts = inline_scripts(html);
    page
}

/// The bodies of the `<script>` elements that have no `src`, read by a WHATWG tokenizer
/// as script data.
fn inline_scripts(html: &str) -> Vec<String> {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut scripts = Vec::new();
    let mut current: Option<Vec<u8>> = None;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) if &*tag.name == b"script" => {
                current =
                    (!tag.attributes.contains_key(b"src".as_slice())).then(Vec::new);
            }
            Token::String(text) => {
                if let Some(body) = current.as_mut() {
                    body.extend_from_slice(&text);
                }
            }
            Token::EndTag(tag) if &*tag.name == b"script" => {
                scripts.extend(
                    current
                        .take()
                        .map(|body| String::from_utf8_lossy(&body).into_owned()),
                );
            }
            _ => {}
        }
    }
    scripts
}

#[cfg(test)]
mod tests;
