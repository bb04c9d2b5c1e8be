//! The book's runnable snippets: which included Rust code can be run, and the one cargo
//! command that runs it (ADR-0029).
//!
//! The set is the book's own: a snippet is runnable only if a chapter includes it
//! (`{{#include path:anchor}}`) and it is an example, a fragment of a crate whose tests
//! need nothing but cargo, or a workshop exercise. The run service refuses anything else,
//! and the page shows the command for exactly these.

use std::{fs, path::Path};

use anyhow::{Context, Result};

use crate::book_sources::{includes_in, markdown_files};

/// The crates whose library and test-file tests run with nothing but cargo (no moto, no
/// AWS, no browser), so a fragment of them can be run from the page.
const TESTED_CRATES: &[&str] =
    &["product-domain", "product-events", "product-handlers", "workshop"];

/// Where the workshop's starters live; an edit of one may be written back on request.
pub(crate) const EXERCISES: &str = "crates/workshop/src/exercises/";

/// A snippet as a chapter includes it: a file relative to the repository root (forward
/// slashes) and the anchor, if the chapter includes only part of it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Snippet {
    pub(crate) file: String,
    pub(crate) anchor: Option<String>,
}

impl Snippet {
    /// Reads `file#anchor` or `file`, as the page sends it; `None` for a path that could
    /// leave the repository (`..`, absolute, a backslash) or is empty.
    pub(crate) fn parse(spec: &str) -> Option<Self> {
        let (file, anchor) = match spec.split_once('#') {
            Some((file, anchor)) => (file, Some(anchor.to_owned())),
            None => (spec, None),
        };
        let unsafe_path = file.is_empty()
            || file.starts_with('/')
            || file.contains(['\\', '\0', ':'])
            || file.split('/').any(|part| part.is_empty() || part == "." || part == "..");
        let bad_anchor = anchor.as_deref().is_some_and(|anchor| {
            anchor.is_empty()
                || !anchor
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
        (!unsafe_path && !bad_anchor).then(|| Self { file: file.to_owned(), anchor })
    }

    /// `file#anchor`, the form the page and the service exchange.
    pub(crate) fn spec(&self) -> String {
        match &self.anchor {
            Some(anchor) => format!("{}#{anchor}", self.file),
            None => self.file.clone(),
        }
    }

    /// How this snippet of the workspace at `root` runs: as [`Self::run`] says, except
    /// that a part of an example's `#[cfg(test)]` module runs the example's tests.
    pub(crate) fn run_at(&self, root: &Path) -> Option<Run> {
        match self.run()? {
            Run::Example { package, name, .. } => {
                let source =
                    fs::read_to_string(root.join(&self.file)).unwrap_or_default();
                let tests_from = source.find("#[cfg(test)]");
                let anchor_at = self
                    .anchor
                    .as_ref()
                    .and_then(|anchor| source.find(&format!("ANCHOR: {anchor}")));
                let tests =
                    matches!((tests_from, anchor_at), (Some(t), Some(a)) if a > t);
                Some(Run::Example { package, name, tests })
            }
            run => Some(run),
        }
    }

    /// How this snippet runs, judged by its path alone, or `None` when it cannot run from
    /// the page.
    pub(crate) fn run(&self) -> Option<Run> {
        let parts: Vec<&str> = self.file.split('/').collect();
        let ["crates", package, rest @ ..] = parts.as_slice() else { return None };
        let stem = |name: &str| name.strip_suffix(".rs").map(str::to_owned);
        match rest {
            ["examples", name] => Some(Run::Example {
                package: (*package).to_owned(),
                name: stem(name)?,
                tests: false,
            }),
            ["src", "exercises", name] if *package == "workshop" && *name != "mod.rs" => {
                Some(Run::Exercise { module: stem(name)? })
            }
            _ if !TESTED_CRATES.contains(package) => None,
            ["src", path @ ..] => {
                let path = module_path(path)?;
                let module = tested_module(&path);
                let filter = (!module.is_empty()).then(|| format!("{module}::"));
                Some(Run::Tests { package: (*package).to_owned(), test: None, filter })
            }
            ["tests", name] => Some(Run::Tests {
                package: (*package).to_owned(),
                test: Some(stem(name)?),
                filter: None,
            }),
            ["tests", suite, path @ ..] => {
                let module = module_path(path)?;
                let filter = (!module.is_empty()).then(|| format!("{module}::"));
                Some(Run::Tests {
                    package: (*package).to_owned(),
                    test: Some((*suite).to_owned()),
                    filter,
                })
            }
            _ => None,
        }
    }
}

/// The module path of a source file below `src/` (or a test suite's folder): `a/b.rs` is
/// `a::b`, `a/mod.rs` is `a`, `lib.rs` and `main.rs` are the root (empty).
fn module_path(path: &[&str]) -> Option<String> {
    let (last, dirs) = path.split_last()?;
    let mut names: Vec<&str> = dirs.to_vec();
    match last.strip_suffix(".rs")? {
        "lib" | "main" | "mod" => {}
        name => names.push(name),
    }
    Some(names.join("::"))
}

/// The module whose tests check a library file of module path `module`. A module's tests
/// live beside its main file (`retry/tests.rs` for `retry.rs`), so a file split off it
/// (`retry/policy.rs`) is checked by the tests of its top-level module (`retry`); a tests
/// file runs alone.
fn tested_module(module: &str) -> &str {
    if module.split("::").any(|name| name == "tests") {
        return module;
    }
    module.split("::").next().unwrap_or_default()
}

/// How a runnable snippet runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Run {
    /// `cargo run -p PACKAGE --example NAME`, or `cargo test` of it for a part of its
    /// tests.
    Example { package: String, name: String, tests: bool },
    /// The tests of a library module (`test: None`) or of a test file, narrowed by the
    /// module path.
    Tests { package: String, test: Option<String>, filter: Option<String> },
    /// A workshop module's tests against its starter.
    Exercise { module: String },
}

impl Run {
    /// cargo's arguments, without `cargo` itself.
    pub(crate) fn args(&self) -> Vec<String> {
        let owned =
            |words: &[&str]| words.iter().map(|word| (*word).to_owned()).collect();
        match self {
            Self::Example { package, name, tests } => {
                let verb = if *tests { "test" } else { "run" };
                owned(&[verb, "-p", package, "--example", name])
            }
            Self::Tests { package, test, filter } => {
                let mut args: Vec<String> = owned(&["test", "-p", package]);
                match test {
                    Some(test) => args.extend(["--test".to_owned(), test.clone()]),
                    None => args.push("--lib".to_owned()),
                }
                args.extend(filter.clone());
                args
            }
            Self::Exercise { module } => {
                owned(&["test", "-p", "workshop", "--test", module])
            }
        }
    }

    /// cargo's arguments that build what [`Self::args`] runs and run nothing: the same
    /// packages, targets, profile and features, so that a build made ahead leaves the run
    /// nothing to compile.
    pub(crate) fn build_args(&self) -> Vec<String> {
        let mut args = self.args();
        match self {
            Self::Example { tests: false, .. } => args[0] = "build".to_owned(),
            // The filter narrows which tests run, not what is built.
            Self::Tests { filter: Some(_), .. } => {
                args.pop();
                args.push("--no-run".to_owned());
            }
            _ => args.push("--no-run".to_owned()),
        }
        args
    }

    /// The command a reader types to run the snippet.
    pub(crate) fn command(&self) -> String {
        format!("cargo {}", self.args().join(" "))
    }
}

/// Every runnable snippet the book includes, in order, with its run.
pub(crate) fn book_snippets(root: &Path) -> Result<Vec<(Snippet, Run)>> {
    let mut found = Vec::new();
    for page in markdown_files(&root.join("src"))? {
        let text = fs::read_to_string(&page)
            .with_context(|| format!("could not read {}", page.display()))?;
        for snippet in page_snippets(root, &page, &text).into_iter().flatten() {
            if let Some(run) = snippet.run_at(root) {
                found.push((snippet, run));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.dedup_by(|a, b| a.0 == b.0);
    Ok(found)
}

/// One entry per ```` ```rust ```` block of a page, in order: the snippet it includes, if
/// it includes one `.rs` file (whole or by anchor) and is runnable.
pub(crate) fn page_snippets(
    root: &Path,
    page: &Path,
    text: &str,
) -> Vec<Option<Snippet>> {
    let dir = page.parent().unwrap_or(root);
    let mut blocks = Vec::new();
    let mut open: Option<Option<Snippet>> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match &mut open {
            None if trimmed.starts_with("```rust") => open = Some(None),
            None => {}
            Some(_) if trimmed.starts_with("```") => blocks.push(open.take().flatten()),
            Some(found @ None) => {
                let included =
                    includes_in(line).into_iter().next().map(|(_, include)| include);
                *found = included.and_then(|include| {
                    let file = relative_to_root(root, &dir.join(&include.file))?;
                    // A line range cannot be put back in place; only anchors are run.
                    let anchor = match include.selector {
                        Some(range)
                            if range.starts_with(|c: char| c.is_ascii_digit()) =>
                        {
                            return None;
                        }
                        anchor => anchor,
                    };
                    let snippet = Snippet { file, anchor };
                    (snippet.file.ends_with(".rs") && snippet.run().is_some())
                        .then_some(snippet)
                });
            }
            Some(Some(_)) => {}
        }
    }
    blocks
}

/// `path` (which may hold `..`) relative to `root`, with forward slashes.
fn relative_to_root(root: &Path, path: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let relative = path.strip_prefix(root).ok()?;
    for part in relative.components() {
        match part {
            std::path::Component::Normal(name) => parts.push(name.to_str()?.to_owned()),
            std::path::Component::ParentDir => {
                parts.pop()?;
            }
            std::path::Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

pub(crate) mod pages;

#[cfg(test)]
mod tests;
