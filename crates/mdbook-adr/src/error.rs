//! What can be wrong with the decision log or with a citation of it, each problem located
//! by file and line.
//!
//! The preprocessor collects every problem before it fails, so one build lists them all.

use std::fmt;
use std::path::PathBuf;

use thiserror::Error;

use crate::front_matter::AdrNumber;

/// One problem, where it is, and what it is.
#[derive(Debug, Error)]
#[error("{location}: {kind}")]
pub struct Problem {
    /// The file and line, relative to the book's root.
    pub location: Location,
    /// What is wrong.
    #[source]
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem at `line` (1-based) of `file`.
    pub fn at(file: impl Into<PathBuf>, line: usize, kind: ProblemKind) -> Self {
        Self { location: Location { file: file.into(), line: Some(line) }, kind }
    }

    /// A problem with a whole file, or with a file that is missing.
    pub fn in_file(file: impl Into<PathBuf>, kind: ProblemKind) -> Self {
        Self { location: Location { file: file.into(), line: None }, kind }
    }
}

/// A file relative to the book's root, and a line in it when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: PathBuf,
    /// The line, counted from 1.
    pub line: Option<usize>,
}

/// `path:line`, the form editors and terminals turn into a link.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file.display()),
            None => write!(f, "{}", self.file.display()),
        }
    }
}

/// The kinds of problem, each a rule of the decision log.
#[derive(Debug, Error)]
pub enum ProblemKind {
    /// The `[preprocessor.adr]` table of `book.toml` has a key of the wrong type.
    #[error("the [preprocessor.adr] settings are invalid: {0}")]
    Settings(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A file or folder could not be read.
    #[error("cannot be read: {0}")]
    Read(#[source] std::io::Error),
    /// A Markdown file in the ADR folder whose name is not `NNNN-title.md`.
    #[error(
        "an ADR file must be named NNNN-title.md: four digits from 0001, a dash, then lower-case words \
         (a-z, 0-9) joined by dashes"
    )]
    FileName,
    /// Two files with the same number.
    #[error("ADR number {number} is also used by {}", other.display())]
    DuplicateNumber {
        /// The number used twice.
        number: AdrNumber,
        /// The other file.
        other: PathBuf,
    },
    /// The file does not start with a `---` line.
    #[error(
        "an ADR must start with YAML front matter: a `---` line, the fields, and another `---` line"
    )]
    MissingFrontMatter,
    /// The front matter has no closing `---` line.
    #[error("the front matter is not closed by a `---` line")]
    UnclosedFrontMatter,
    /// The front matter is not valid YAML, or a field is missing, unknown or invalid.
    #[error("invalid front matter: {0}")]
    FrontMatter(#[source] serde_norway::Error),
    /// No `# Title` heading after the front matter.
    #[error("expected the title as a level-1 heading (`# Title`) after the front matter")]
    MissingTitle,
    /// A second level-1 heading.
    #[error("an ADR has one level-1 heading (its title); this is a second one")]
    SecondTitle,
    /// A required section is absent.
    #[error(
        "the required section `{heading}` is missing (MADR 4 sections, in this order: {order})"
    )]
    MissingSection {
        /// The missing heading, with its `#` marks.
        heading: &'static str,
        /// All the required headings, in order.
        order: &'static str,
    },
    /// A required section appears before one that must precede it.
    #[error("the section `{heading}` must come after `{after}`")]
    SectionOutOfOrder {
        /// The misplaced heading.
        heading: &'static str,
        /// The heading it must follow.
        after: &'static str,
    },
    /// The Decision Outcome section does not say which option was chosen.
    #[error(
        "`## Decision Outcome` must state the choice as `Chosen option: ..., because ...`"
    )]
    NoChosenOption,
    /// `supersedes` or `superseded-by` names an ADR that does not exist.
    #[error("`{field}` names ADR-{number}, which does not exist")]
    UnknownRelated {
        /// The front-matter field.
        field: &'static str,
        /// The number named.
        number: AdrNumber,
    },
    /// An ADR names itself in `supersedes` or `superseded-by`.
    #[error("an ADR cannot supersede itself")]
    SupersedesItself,
    /// One side of a supersede link is missing.
    #[error(
        "ADR-{this} says `{field}: {other}`, but ADR-{other} does not say `{reverse}: {this}`; \
         both ADRs must state the link"
    )]
    OneSidedLink {
        /// The ADR that states the link.
        this: AdrNumber,
        /// The ADR that does not.
        other: AdrNumber,
        /// The field that states it.
        field: &'static str,
        /// The field that should state it back.
        reverse: &'static str,
    },
    /// `status: superseded` without `superseded-by`, or the other way round.
    #[error("`status: superseded` and `superseded-by` go together: set both or neither")]
    SupersededWithoutSuccessor,
    /// A chapter cites an ADR that does not exist.
    #[error("{} is cited, but no ADR has number {number}", number.citation())]
    MissingCitation {
        /// The number cited.
        number: AdrNumber,
    },
    /// No chapter of the book has the decision log's index page as its source.
    #[error(
        "no chapter has the source `{index}`: add a line such as `- [Decision log]({index})` to SUMMARY.md \
         so the ADRs have a place in the book"
    )]
    NoIndexChapter {
        /// The index page's path, relative to the book's source folder.
        index: String,
    },
}

/// Every problem found in one run; never empty when returned as an error.
#[derive(Debug, Error)]
pub struct Report(pub Vec<Problem>);

/// One problem a line. The kinds that carry a source error (a read, the YAML, the
/// settings) show it in their own message, so a line says all there is to say without
/// walking the chain.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the decision log has {} problem(s):", self.0.len())?;
        self.0.iter().try_for_each(|problem| writeln!(f, "  {problem}"))
    }
}
