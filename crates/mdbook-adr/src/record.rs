//! One architecture decision record: its file name, front matter, title and required
//! sections.

use std::path::{Path, PathBuf};

use crate::error::{Problem, ProblemKind};
use crate::front_matter::{AdrNumber, FrontMatter};
use crate::markdown::{Heading, headings, line_of};

/// An ADR read from `adr/NNNN-title.md` and checked against the rules of the decision
/// log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adr {
    /// From the file name: `0007` in `0007-page-tokens.md`.
    pub number: AdrNumber,
    /// From the file name: `page-tokens` in `0007-page-tokens.md`.
    pub slug: String,
    /// The file, relative to the book's root (as problems name it).
    pub file: PathBuf,
    /// The front matter.
    pub front: FrontMatter,
    /// The text of the `# Title` heading.
    pub title: String,
    /// Everything after the title line, Markdown as written.
    pub body: String,
    /// The line of the file on which [`Adr::body`] starts.
    pub body_line: usize,
}

/// The sections MADR 4 requires, in order, with their heading level.
pub(crate) const REQUIRED_SECTIONS: [(u8, &str, &str); 6] = [
    (2, "Context and Problem Statement", "## Context and Problem Statement"),
    (2, "Considered Options", "## Considered Options"),
    (2, "Decision Outcome", "## Decision Outcome"),
    (3, "Consequences", "### Consequences"),
    (3, "Confirmation", "### Confirmation"),
    (2, "Pros and Cons of the Options", "## Pros and Cons of the Options"),
];

const SECTION_ORDER: &str = "`## Context and Problem Statement`, `## Considered Options`, `## Decision Outcome` \
     with `### Consequences` and `### Confirmation`, `## Pros and Cons of the Options`";

/// Splits `NNNN-title.md` into its number and title slug.
///
/// The slug is lower-case ASCII words joined by single dashes, so the page's address
/// needs no escaping.
pub fn parse_file_name(name: &str) -> Option<(AdrNumber, &str)> {
    let stem = name.strip_suffix(".md")?;
    let (digits, slug) = stem.split_once('-')?;
    let number = AdrNumber::from_digits(digits)?;
    let words_ok = slug.split('-').all(|word| {
        !word.is_empty()
            && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    words_ok.then_some((number, slug))
}

impl Adr {
    /// Reads an ADR from its text. `file` is its path relative to the book's root: its
    /// name gives the number, and problems are reported against it.
    ///
    /// Every problem found is returned, not only the first.
    pub fn parse(file: &Path, text: &str) -> Result<Self, Vec<Problem>> {
        let name = file.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        let Some((number, slug)) = parse_file_name(name) else {
            return Err(vec![Problem::in_file(file, ProblemKind::FileName)]);
        };
        let (yaml, body, body_line) =
            split_front_matter(file, text).map_err(|problem| vec![problem])?;

        let mut problems = Vec::new();
        let front = serde_norway::from_str::<FrontMatter>(&yaml)
            .map_err(|error| {
                let line = error.location().map_or(1, |location| location.line());
                problems.push(Problem::at(file, line, ProblemKind::FrontMatter(error)));
            })
            .ok();
        let title = check_structure(file, body, body_line, &mut problems);
        match (front, title) {
            (Some(front), Some((title, rest, rest_line))) if problems.is_empty() => {
                Ok(Self {
                    number,
                    slug: slug.to_owned(),
                    file: file.to_owned(),
                    front,
                    title,
                    body: rest.to_owned(),
                    body_line: rest_line,
                })
            }
            _ => Err(problems),
        }
    }

    /// The file name of the page in the book: `0007-page-tokens.md` (rendered as
    /// `.html`).
    pub fn page_name(&self) -> String {
        format!("{}-{}.md", self.number, self.slug)
    }

    /// The title without Markdown code marks, for the sidebar and the browser's title
    /// bar.
    pub fn plain_title(&self) -> String {
        self.title.replace('`', "")
    }
}

/// Splits the file into the YAML (padded with blank lines so the YAML reader's line
/// numbers are the file's), the Markdown after the closing `---`, and the line on which
/// that Markdown starts.
fn split_front_matter<'a>(
    file: &Path,
    text: &'a str,
) -> Result<(String, &'a str, usize), Problem> {
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return Err(Problem::at(file, 1, ProblemKind::MissingFrontMatter));
    }
    let mut yaml = String::from("\n");
    let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
    for (index, line) in lines.enumerate() {
        offset += line.len();
        if line.trim_end() == "---" {
            let body = text.get(offset..).unwrap_or_default();
            // The opening `---` is line 1, the first YAML line is line 2, this `---` is
            // line index + 2.
            return Ok((yaml, body, index + 3));
        }
        yaml.push_str(line);
    }
    Err(Problem::at(file, 1, ProblemKind::UnclosedFrontMatter))
}

/// Checks the title and the required sections; returns the title, the Markdown after the
/// title's line, and the line on which that Markdown starts.
fn check_structure<'a>(
    file: &Path,
    body: &'a str,
    body_line: usize,
    problems: &mut Vec<Problem>,
) -> Option<(String, &'a str, usize)> {
    let line = |offset: usize| body_line + line_of(body, offset) - 1;
    let found = headings(body);
    let title = found.first().filter(|h| {
        h.level == 1 && body.get(..h.start).is_some_and(|s| s.trim().is_empty())
    });
    let Some(title) = title else {
        problems.push(Problem::at(file, body_line, ProblemKind::MissingTitle));
        return None;
    };
    for extra in found.iter().skip(1).filter(|h| h.level == 1) {
        problems.push(Problem::at(file, line(extra.start), ProblemKind::SecondTitle));
    }

    let positions: Vec<Option<usize>> = REQUIRED_SECTIONS
        .iter()
        .map(|(level, text, _)| {
            found.iter().position(|h| h.level == *level && h.text == *text)
        })
        .collect();
    let mut last_found: Option<(usize, &'static str)> = None;
    for ((_, _, heading), position) in REQUIRED_SECTIONS.iter().zip(&positions) {
        match position {
            None => {
                let after = last_found.map_or(title.start, |(index, _)| {
                    found.get(index).map_or(0, |h| h.start)
                });
                problems.push(Problem::at(
                    file,
                    line(after),
                    ProblemKind::MissingSection { heading, order: SECTION_ORDER },
                ));
            }
            Some(index) => match last_found {
                Some((previous, after)) if *index < previous => {
                    let at = found.get(*index).map_or(0, |h| h.start);
                    problems.push(Problem::at(
                        file,
                        line(at),
                        ProblemKind::SectionOutOfOrder { heading, after },
                    ));
                }
                _ => last_found = Some((*index, heading)),
            },
        }
    }
    check_subsections(file, &found, &positions, &line, problems);
    check_chosen_option(
        file,
        body,
        &found,
        positions.get(2).copied().flatten(),
        &line,
        problems,
    );

    let rest = body.get(title.end..).unwrap_or_default();
    Some((title.markdown.clone(), rest, line(title.end)))
}

/// `### Consequences` and `### Confirmation` belong to `## Decision Outcome`, not to a
/// later section.
fn check_subsections(
    file: &Path,
    found: &[Heading],
    positions: &[Option<usize>],
    line: &dyn Fn(usize) -> usize,
    problems: &mut Vec<Problem>,
) {
    for required in [3, 4] {
        let (Some(Some(index)), Some((_, _, heading))) =
            (positions.get(required), REQUIRED_SECTIONS.get(required))
        else {
            continue;
        };
        let parent = found
            .get(..*index)
            .and_then(|before| before.iter().rev().find(|h| h.level <= 2));
        if parent
            .is_some_and(|parent| parent.level == 2 && parent.text != "Decision Outcome")
        {
            let at = found.get(*index).map_or(0, |h| h.start);
            problems.push(Problem::at(
                file,
                line(at),
                ProblemKind::SectionOutOfOrder {
                    heading,
                    after: "## Decision Outcome (as its subsection)",
                },
            ));
        }
    }
}

/// The outcome names the chosen option in MADR's words, so a reader finds the decision at
/// once.
fn check_chosen_option(
    file: &Path,
    body: &str,
    found: &[Heading],
    outcome: Option<usize>,
    line: &dyn Fn(usize) -> usize,
    problems: &mut Vec<Problem>,
) {
    let Some(index) = outcome else { return };
    let Some(heading) = found.get(index) else { return };
    let end = found.get(index + 1).map_or(body.len(), |next| next.start);
    let text = body.get(heading.end..end).unwrap_or_default();
    if !text.contains("Chosen option") {
        problems.push(Problem::at(
            file,
            line(heading.start),
            ProblemKind::NoChosenOption,
        ));
    }
}

#[cfg(test)]
mod tests;
