//! Checks of the built site that the link checker does not make: every link between pages
//! and every `#anchor` resolves in the generated HTML, and no page or stylesheet loads
//! anything from another host (the book must work offline from any static host).

use std::{
    collections::{HashMap, HashSet},
    fs,
    path::{Path, PathBuf},
};

use anyhow::{Context, Result, bail};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use percent_encoding::percent_decode_str;
use walkdir::WalkDir;

/// Checks every `.html` and `.css` file under `site`; fails with the list of problems
/// found.
pub(crate) fn check(site: &Path) -> Result<()> {
    let mut files = Vec::new();
    for entry in WalkDir::new(site).sort_by_file_name() {
        let entry = entry?;
        if entry.file_type().is_file() {
            files.push(entry.path().strip_prefix(site)?.to_path_buf());
        }
    }
    let mut problems = Vec::new();
    let mut runnable_pages = Vec::new();
    let mut ids = IdCache::default();
    for file in &files {
        let shown = file.display();
        match file.extension().and_then(|ext| ext.to_str()) {
            Some("html") => {
                let html = read(&site.join(file))?;
                let tags = tags(&html);
                for url in external_resources(&tags) {
                    problems.push(format!("{shown}: loads {url} from another host"));
                }
                if tags.iter().any(|tag| tag.has_class("playground")) {
                    runnable_pages.push(file.clone());
                }
                // The 404 page links through `site-url`
                // (`/pragmatic-serverless-rust/...`), which only resolves
                // on the real host; print.html repeats every chapter's links, and so
                // would repeat every problem.
                if file != Path::new("404.html") && file != Path::new("print.html") {
                    for href in tags
                        .iter()
                        .filter(|tag| tag.name == "a")
                        .filter_map(|tag| tag.attr("href"))
                    {
                        if let Err(problem) = check_link(site, file, href, &mut ids) {
                            problems.push(format!("{shown}: link `{href}`: {problem}"));
                        }
                    }
                }
            }
            Some("css") => {
                for url in css_external_urls(&read(&site.join(file))?) {
                    problems.push(format!("{shown}: loads {url} from another host"));
                }
            }
            _ => {}
        }
    }
    if !runnable_pages.is_empty() {
        // mdBook's book.js asks play.rust-lang.org which crates it has as soon as such a
        // page loads, and the site must not ask any other host for anything.
        problems.push(format!(
            "runnable Rust blocks (mark them `noplayground`; they make the page contact play.rust-lang.org): {}",
            runnable_pages.iter().map(|page| page.display().to_string()).collect::<Vec<_>>().join(", ")
        ));
    }
    println!(
        "checked {} files for broken links, anchors and requests to other hosts",
        files.len()
    );
    if !problems.is_empty() {
        bail!("the site has {} problem(s):\n  {}", problems.len(), problems.join("\n  "));
    }
    Ok(())
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("could not read {}", path.display()))
}

#[derive(Default)]
struct IdCache(HashMap<PathBuf, HashSet<String>>);

impl IdCache {
    fn ids(&mut self, page: &Path) -> Result<&HashSet<String>> {
        if !self.0.contains_key(page) {
            let ids = ids(&tags(&read(page)?));
            self.0.insert(page.to_path_buf(), ids);
        }
        self.0.get(page).context("the page was just read")
    }
}

fn check_link(
    site: &Path,
    page: &Path,
    href: &str,
    cache: &mut IdCache,
) -> Result<(), String> {
    let Link::Internal { path, fragment } = classify(href) else {
        return Ok(());
    };
    let target = if path.is_empty() {
        page.to_path_buf()
    } else {
        let base = page.parent().unwrap_or(Path::new(""));
        let resolved = resolve(base, &path)?;
        if site.join(&resolved).is_dir() { resolved.join("index.html") } else { resolved }
    };
    let file = site.join(&target);
    if !file.is_file() {
        return Err(format!("{} does not exist", target.display()));
    }
    let Some(fragment) = fragment.filter(|fragment| !fragment.is_empty()) else {
        return Ok(());
    };
    if file.extension().is_none_or(|ext| ext != "html") {
        return Ok(());
    }
    let ids = cache.ids(&file).map_err(|err| err.to_string())?;
    if ids.contains(&fragment) {
        Ok(())
    } else {
        Err(format!("{} has no element with id `{fragment}`", target.display()))
    }
}

/// Where a link points.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Link {
    /// Another host, or a scheme the browser handles (`mailto:`): not ours to check.
    External,
    /// A file of this site (percent-decoded; an empty path is the page itself).
    Internal { path: String, fragment: Option<String> },
}

pub(crate) fn classify(href: &str) -> Link {
    if href.starts_with("//") || has_scheme(href) {
        return Link::External;
    }
    let (rest, fragment) = match href.split_once('#') {
        Some((rest, fragment)) => (rest, Some(percent_decode(fragment))),
        None => (href, None),
    };
    let path = rest.split(['?']).next().unwrap_or_default();
    Link::Internal { path: percent_decode(path), fragment }
}

fn has_scheme(href: &str) -> bool {
    let Some((scheme, _)) = href.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// Joins a relative link to the folder of the page holding it, refusing links that climb
/// out of the site or start at the host root (they break when the site is served below a
/// path, as on GitHub Pages).
pub(crate) fn resolve(base: &Path, link: &str) -> Result<PathBuf, String> {
    if link.starts_with('/') {
        return Err("starts at the host root; use a relative link so the site works below any path".to_owned());
    }
    let mut parts: Vec<String> =
        base.iter().map(|part| part.to_string_lossy().into_owned()).collect();
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("climbs out of the site".to_owned());
                }
            }
            segment => parts.push(segment.to_owned()),
        }
    }
    let mut path: PathBuf = parts.iter().collect();
    if link.ends_with('/') {
        path.push("index.html");
    }
    Ok(path)
}

/// Decodes `%XX` escapes; invalid escapes are kept as they are.
fn percent_decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// A start tag and its attributes, enough to find links, ids and loaded resources.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Tag {
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, String)>,
}

impl Tag {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
    }
}

/// The start tags of an HTML document, read by a WHATWG tokenizer: names lower-cased,
/// entities decoded, comments skipped, and `<script>` and `<style>` bodies read as text,
/// not markup.
pub(crate) fn tags(html: &str) -> Vec<Tag> {
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    Tokenizer::new_with_emitter(html, emitter)
        .filter_map(|token| match token {
            Ok(Token::StartTag(tag)) => Some(Tag {
                name: text(&tag.name),
                attrs: tag
                    .attributes
                    .iter()
                    .map(|(key, value)| (text(key), text(&value.value)))
                    .collect(),
            }),
            _ => None,
        })
        .collect()
}

/// Every `id` (and old-style `<a name>`) of a page: the targets of `#fragment` links.
pub(crate) fn ids(tags: &[Tag]) -> HashSet<String> {
    let names =
        tags.iter().filter(|tag| tag.name == "a").filter_map(|tag| tag.attr("name"));
    tags.iter().filter_map(|tag| tag.attr("id")).chain(names).map(str::to_owned).collect()
}

/// URLs on other hosts that the browser would fetch while showing the page.
pub(crate) fn external_resources(tags: &[Tag]) -> Vec<String> {
    let mut urls = Vec::new();
    for tag in tags {
        let attrs: &[&str] = match tag.name.as_str() {
            "script" | "img" | "iframe" | "source" | "audio" | "video" | "track"
            | "embed" | "input" => &["src", "srcset"],
            "link" => &["href"],
            "object" => &["data"],
            _ => &[],
        };
        for &attr in attrs {
            let Some(value) = tag.attr(attr) else { continue };
            // srcset holds `url width, url width`.
            for url in value
                .split(',')
                .filter_map(|candidate| candidate.split_whitespace().next())
            {
                if is_other_host(url) {
                    urls.push(url.to_owned());
                }
            }
        }
        if let Some(style) = tag.attr("style") {
            urls.extend(css_external_urls(style));
        }
    }
    urls
}

/// URLs on other hosts in a stylesheet (`url(...)` and `@import "..."`).
pub(crate) fn css_external_urls(css: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let after_url = css.split("url(").skip(1).filter_map(|rest| rest.split(')').next());
    // `@import url(...)` is already among the `url(` matches; only the bare string form
    // is added here.
    let after_import = css
        .split("@import")
        .skip(1)
        .filter_map(|rest| rest.split(';').next())
        .filter(|rest| !rest.trim_start().starts_with("url("));
    for candidate in after_url.chain(after_import) {
        let url = candidate.trim().trim_matches(['"', '\'', ' ']);
        if is_other_host(url) {
            urls.push(url.to_owned());
        }
    }
    urls
}

fn is_other_host(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")
}

#[cfg(test)]
mod tests;
