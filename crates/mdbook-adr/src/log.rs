//! The decision log: every ADR, read from the ADR folder and checked as a whole (numbers,
//! supersede links). What it adds to the book is in [`pages`].

mod pages;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use walkdir::WalkDir;

use crate::error::{Problem, ProblemKind};
use crate::front_matter::{AdrNumber, Status};
use crate::record::Adr;

/// The `[preprocessor.adr]` settings of `book.toml`; every key is optional.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct Settings {
    /// The folder of the ADR files, relative to the book's root.
    pub adr_dir: PathBuf,
    /// The decision log's index page, relative to the book's source folder; the ADRs
    /// become its sub-chapters, and `{{#adr-index}}` in it becomes the table of
    /// ADRs.
    pub index: PathBuf,
    /// Where the ADR pages go in the rendered book, relative to its root.
    pub output_dir: PathBuf,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            adr_dir: "adr".into(),
            index: "decisions.md".into(),
            output_dir: "decisions".into(),
        }
    }
}

/// Every ADR of the book, in number order, known to be valid and consistently linked.
#[derive(Debug, Clone)]
pub struct DecisionLog {
    adrs: BTreeMap<AdrNumber, Adr>,
    output_dir: PathBuf,
}

impl DecisionLog {
    /// Reads every `*.md` file of the ADR folder under `root` (other files are ignored).
    pub fn read(root: &Path, settings: &Settings) -> Result<Self, Vec<Problem>> {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        // Sorted: directory order differs between machines; problems and pages must not.
        for entry in WalkDir::new(root.join(&settings.adr_dir))
            .min_depth(1)
            .max_depth(1)
            .sort_by_file_name()
        {
            let entry = entry.map_err(|error| {
                let error = error
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("a link loop"));
                vec![Problem::in_file(&settings.adr_dir, ProblemKind::Read(error))]
            })?;
            let file = settings.adr_dir.join(entry.file_name());
            let is_markdown =
                file.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
            if !is_markdown || !entry.file_type().is_file() {
                continue;
            }
            match fs::read_to_string(entry.path()) {
                Ok(text) => files.push((file, text)),
                Err(error) => {
                    problems.push(Problem::in_file(file, ProblemKind::Read(error)))
                }
            }
        }
        match Self::from_files(files, &settings.output_dir) {
            Ok(log) if problems.is_empty() => Ok(log),
            Ok(_) => Err(problems),
            Err(mut more) => {
                problems.append(&mut more);
                Err(problems)
            }
        }
    }

    /// Builds the log from `(path relative to the book's root, text)` pairs, checking
    /// each ADR, the uniqueness of numbers, and the supersede links between ADRs.
    pub fn from_files(
        files: impl IntoIterator<Item = (PathBuf, String)>,
        output_dir: &Path,
    ) -> Result<Self, Vec<Problem>> {
        let mut adrs: BTreeMap<AdrNumber, Adr> = BTreeMap::new();
        let mut texts: BTreeMap<AdrNumber, String> = BTreeMap::new();
        let mut problems = Vec::new();
        for (file, text) in files {
            match Adr::parse(&file, &text) {
                Ok(adr) => {
                    if let Some(other) = adrs.get(&adr.number) {
                        let kind = ProblemKind::DuplicateNumber {
                            number: adr.number,
                            other: other.file.clone(),
                        };
                        problems.push(Problem::in_file(&file, kind));
                    } else {
                        texts.insert(adr.number, text);
                        adrs.insert(adr.number, adr);
                    }
                }
                Err(mut found) => problems.append(&mut found),
            }
        }
        let log = Self { adrs, output_dir: output_dir.to_owned() };
        problems.extend(log.check_links(&texts));
        if problems.is_empty() { Ok(log) } else { Err(problems) }
    }

    /// The ADRs, in number order.
    pub fn adrs(&self) -> impl Iterator<Item = &Adr> {
        self.adrs.values()
    }

    /// The ADR with this number.
    pub fn get(&self, number: AdrNumber) -> Option<&Adr> {
        self.adrs.get(&number)
    }

    // ANCHOR: supersede_rule
    /// Supersede links are stated on both sides, name existing ADRs, and agree with the
    /// status: an ADR with `superseded-by` has `status: superseded`, and one with
    /// `supersedes: [3]` is named by ADR-0003's `superseded-by`. Deriving the reverse
    /// link instead would let one file silently change the meaning of another;
    /// stating both keeps each ADR readable on its own, in the book and on GitHub.
    fn check_links(&self, texts: &BTreeMap<AdrNumber, String>) -> Vec<Problem> {
        let mut problems = Vec::new();
        for adr in self.adrs.values() {
            let text = texts.get(&adr.number).map_or("", String::as_str);
            let at =
                |field: &str, kind| Problem::at(&adr.file, field_line(text, field), kind);
            let front = &adr.front;
            if (front.status == Status::Superseded) != front.superseded_by.is_some() {
                problems.push(at("status", ProblemKind::SupersededWithoutSuccessor));
            }
            if let Some(successor) = front.superseded_by {
                match self.adrs.get(&successor) {
                    _ if successor == adr.number => {
                        problems.push(at("superseded-by", ProblemKind::SupersedesItself))
                    }
                    None => problems.push(at(
                        "superseded-by",
                        ProblemKind::UnknownRelated {
                            field: "superseded-by",
                            number: successor,
                        },
                    )),
                    Some(other) if !other.front.supersedes.0.contains(&adr.number) => {
                        problems.push(at(
                            "superseded-by",
                            ProblemKind::OneSidedLink {
                                this: adr.number,
                                other: successor,
                                field: "superseded-by",
                                reverse: "supersedes",
                            },
                        ))
                    }
                    Some(_) => {}
                }
            }
            for &old in &front.supersedes.0 {
                match self.adrs.get(&old) {
                    _ if old == adr.number => {
                        problems.push(at("supersedes", ProblemKind::SupersedesItself))
                    }
                    None => problems.push(at(
                        "supersedes",
                        ProblemKind::UnknownRelated { field: "supersedes", number: old },
                    )),
                    Some(other) if other.front.superseded_by != Some(adr.number) => {
                        problems.push(at(
                            "supersedes",
                            ProblemKind::OneSidedLink {
                                this: adr.number,
                                other: old,
                                field: "supersedes",
                                reverse: "superseded-by",
                            },
                        ))
                    }
                    Some(_) => {}
                }
            }
        }
        problems
    }
    // ANCHOR_END: supersede_rule
}

/// The line of the top-level `field:` in an ADR's front matter, or 2 (the first field's
/// line).
fn field_line(text: &str, field: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(1)
        .take_while(|(_, line)| line.trim_end() != "---")
        .find(|(_, line)| {
            line.strip_prefix(field)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(2, |(index, _)| index + 1)
}

#[cfg(test)]
mod tests;
