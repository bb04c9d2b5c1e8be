//! Checks of the book's Markdown sources that mdBook does not make: every `{{#include}}`
//! names a file that exists and an anchor that the file marks, no line it includes is
//! wider than the page's code column, and every link to a file of this repository points
//! at a file that exists.
//!
//! mdBook 0.5 logs a missing include file and still exits 0, and turns a missing anchor
//! into an empty snippet without a word; the book would then show nothing where the code
//! should be.

use std::{
    fs,
    path::{Path, PathBuf},
    sync::LazyLock,
};

use anyhow::{Context, Result, bail};
use regex_lite::Regex;
use walkdir::WalkDir;

/// The prefix of links to this repository's files.
const REPOSITORY_BLOB: &str =
    "https://github.com/pragmatic-serverless/pragmatic-serverless-rust/blob/main/";

/// The widest line a snippet may have: what the content column shows at mdBook's default
/// font size without scrolling sideways, on a laptop as on a projector. `rustfmt.toml`'s
/// `max_width` is the same.
pub(crate) const MAX_INCLUDED_WIDTH: usize = 90;

/// Checks every `.md` file under `root/src`; fails with every problem found, each with
/// file and line.
pub(crate) fn check(root: &Path) -> Result<()> {
    let pages = markdown_files(&root.join("src"))?;
    let mut problems = Vec::new();
    let mut includes = 0;
    for page in &pages {
        let text = fs::read_to_string(page)
            .with_context(|| format!("could not read {}", page.display()))?;
        let shown = page.strip_prefix(root).unwrap_or(page).display().to_string();
        let dir = page.parent().unwrap_or(root);
        for (line, directive) in includes_in(&text) {
            includes += 1;
            if let Err(problem) = check_include(dir, &directive) {
                problems.push(format!("{shown}:{line}: {problem}"));
            }
        }
        for (line, path) in repository_links(&text) {
            if !root.join(&path).exists() {
                problems.push(format!(
                    "{shown}:{line}: links to {path}, which is not in the repository"
                ));
            }
        }
    }
    println!("checked {includes} includes in {} pages", pages.len());
    if !problems.is_empty() {
        bail!(
            "the book's sources have {} problem(s):\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(())
}

/// An include directive: the file as written, and the anchor or line range after the
/// colon, if any.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Include {
    pub(crate) file: String,
    pub(crate) selector: Option<String>,
}

/// Every `{{#include ...}}` and `{{#rustdoc_include ...}}` with its 1-based line number.
pub(crate) fn includes_in(text: &str) -> Vec<(usize, Include)> {
    static INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\{\{#(?:rustdoc_)?include ([^}]*)\}\}")
            .expect("the pattern is valid")
    });
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for spec in INCLUDE.captures_iter(line).filter_map(|captures| captures.get(1)) {
            let (file, selector) = match spec.as_str().split_once(':') {
                Some((file, selector)) => (file, Some(selector.trim().to_owned())),
                None => (spec.as_str(), None),
            };
            found.push((index + 1, Include { file: file.trim().to_owned(), selector }));
        }
    }
    found
}

fn check_include(dir: &Path, include: &Include) -> Result<(), String> {
    let path = dir.join(&include.file);
    let Ok(source) = fs::read_to_string(&path) else {
        return Err(format!("includes {}, which does not exist", include.file));
    };
    let lines: Vec<&str> = source.lines().collect();
    let included: Vec<(usize, &str)> = match &include.selector {
        // Line ranges (`10`, `10:20`, `:20`) are mdBook's other form; anchors are names.
        Some(anchor)
            if !anchor.is_empty()
                && !anchor.starts_with(|c: char| c.is_ascii_digit()) =>
        {
            let marks = |kind: &str, line: &str| {
                line.split_once(kind)
                    .is_some_and(|(_, name)| name.trim() == anchor.as_str())
            };
            let start = lines.iter().position(|line| marks("ANCHOR:", line));
            let end = lines.iter().position(|line| marks("ANCHOR_END:", line));
            let (Some(start), Some(end)) = (start, end) else {
                return Err(format!(
                    "includes anchor `{anchor}` of {}, which does not mark it",
                    include.file
                ));
            };
            numbered(&lines, start + 1, end)
        }
        Some(range) if !range.is_empty() => {
            let bound = |text: Option<&str>| {
                text.and_then(|text| text.trim().parse::<usize>().ok())
            };
            let mut parts = range.splitn(2, ':');
            let first = bound(parts.next()).unwrap_or(1).max(1);
            let last = match parts.next() {
                Some(last) => bound(Some(last)).unwrap_or(lines.len()),
                None => lines.len(),
            };
            numbered(&lines, first - 1, last.min(lines.len()))
        }
        _ => numbered(&lines, 0, lines.len()),
    };
    // A Markdown file is included as prose, which wraps; only code keeps its lines.
    if include.file.ends_with(".md") {
        return Ok(());
    }
    // mdBook drops the markers of other anchors inside an included range.
    let wide: Vec<(usize, usize)> = included
        .iter()
        .filter(|(_, line)| !line.contains("ANCHOR:") && !line.contains("ANCHOR_END:"))
        .map(|(number, line)| (*number, line.chars().count()))
        .filter(|(_, width)| *width > MAX_INCLUDED_WIDTH)
        .collect();
    match wide.as_slice() {
        [] => Ok(()),
        [(number, width), ..] => Err(format!(
            "includes {} line(s) wider than {MAX_INCLUDED_WIDTH} columns from {} (line {number} has {width})",
            wide.len(),
            include.file
        )),
    }
}

/// Lines `from..to` (0-based, end excluded) of `lines`, each with its 1-based number.
fn numbered<'a>(lines: &[&'a str], from: usize, to: usize) -> Vec<(usize, &'a str)> {
    lines
        .iter()
        .copied()
        .enumerate()
        .take(to)
        .skip(from)
        .map(|(index, line)| (index + 1, line))
        .collect()
}

/// Paths of this repository's files that the page links to, with line numbers.
pub(crate) fn repository_links(text: &str) -> Vec<(usize, String)> {
    static LINK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r#"{}([^)">#\s]*)"#, regex_lite::escape(REPOSITORY_BLOB)))
            .expect("the pattern is valid")
    });
    let lines = text.lines().enumerate();
    let links = lines.flat_map(|(index, line)| {
        LINK.captures_iter(line).map(move |captures| (index + 1, captures))
    });
    links
        .filter_map(|(line, captures)| Some((line, captures.get(1)?.as_str().to_owned())))
        .collect()
}

/// Every `.md` file under `dir`, in name order.
pub(crate) fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let path = entry?.into_path();
        if path.is_file() && path.extension().is_some_and(|ext| ext == "md") {
            found.push(path);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_are_read_with_their_anchor_or_range() {
        let text = "a\n{{#include ../x.rs:port}} and {{#include y.rs}}\n{{#rustdoc_include z.rs:10:20}}\n";
        let found = includes_in(text);
        assert_eq!(
            found,
            [
                (2, Include { file: "../x.rs".into(), selector: Some("port".into()) }),
                (2, Include { file: "y.rs".into(), selector: None }),
                (3, Include { file: "z.rs".into(), selector: Some("10:20".into()) }),
            ]
        );
    }

    #[test]
    fn a_missing_file_or_an_unmarked_anchor_is_a_problem() {
        let dir = std::env::temp_dir()
            .join(format!("xtask-book-sources-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("code.rs"),
            "// ANCHOR: port\nfn port() {}\n// ANCHOR_END: port\n// ANCHOR: half\n",
        )
        .unwrap();
        let include = |file: &str, selector: Option<&str>| Include {
            file: file.into(),
            selector: selector.map(Into::into),
        };

        assert!(check_include(&dir, &include("code.rs", Some("port"))).is_ok());
        assert!(check_include(&dir, &include("code.rs", Some("3:5"))).is_ok());
        assert!(check_include(&dir, &include("code.rs", Some("por"))).is_err());
        assert!(check_include(&dir, &include("code.rs", Some("half"))).is_err());
        assert!(check_include(&dir, &include("missing.rs", None)).is_err());
        let wide = format!(
            "// ANCHOR: wide\nfn f() {{}} // {}\n// ANCHOR_END: wide\nfn g() {{}}\n",
            "x".repeat(90)
        );
        fs::write(dir.join("wide.rs"), wide).unwrap();
        let problem = check_include(&dir, &include("wide.rs", Some("wide"))).unwrap_err();
        assert_eq!(
            problem,
            "includes 1 line(s) wider than 90 columns from wide.rs (line 2 has 103)"
        );
        assert!(check_include(&dir, &include("wide.rs", Some("4:4"))).is_ok());
        assert!(check_include(&dir, &include("wide.rs", None)).is_err());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn repository_links_lose_their_line_fragment() {
        let text = format!(
            "see [x]({REPOSITORY_BLOB}crates/a/src/lib.rs#L3) and <{REPOSITORY_BLOB}README.md>"
        );
        assert_eq!(
            repository_links(&text),
            [(1, "crates/a/src/lib.rs".to_owned()), (1, "README.md".to_owned())]
        );
    }
}
