//! An mdBook preprocessor that turns the architecture decision records in `adr/` into the
//! book's decision log.
//!
//! It reads every `adr/NNNN-title.md` (MADR 4: YAML front matter, then `# Title` and the
//! required sections), checks them, and then:
//!
//! - adds each ADR as a page `decisions/NNNN-title.html` under the chapter whose source
//!   is `decisions.md`, in number order, with a banner of status, date, decision-makers
//!   and supersede links;
//! - replaces `{{#adr-index}}` with a table of every ADR's number, title, status and
//!   date;
//! - turns every `ADR-NNNN` in the prose of any chapter into a relative link to that
//!   ADR's page.
//!
//! Any broken rule fails the build, and every problem is listed with its file and line
//! (see [`ProblemKind`]):
//!
//! - every Markdown file in `adr/` is named `NNNN-title.md` (0001 to 9999, lower-case
//!   words joined by dashes), and no two share a number;
//! - it starts with YAML front matter with `status` (proposed, accepted, rejected,
//!   deprecated or superseded), `date` (`YYYY-MM-DD`, a real day) and `decision-makers`;
//!   the optional fields are `consulted`, `informed`, `supersedes` and `superseded-by`,
//!   and any other field is refused;
//! - then one `# Title` and, in order, `## Context and Problem Statement`, `## Considered
//!   Options`, `## Decision Outcome` (stating `Chosen option:`, with `### Consequences`
//!   and `### Confirmation`) and `## Pros and Cons of the Options`; other sections may
//!   sit between them;
//! - supersede links are stated on both sides and agree with the status (see
//!   [`DecisionLog`]); they are checked, not derived, so each file stays true when read
//!   alone;
//! - every `ADR-NNNN` cited in the prose of a chapter or an ADR names an existing ADR;
//! - the book has a chapter whose source is `decisions.md` to hold the ADR pages.
//!
//! The folder, the index page and the output folder can be changed in
//! `[preprocessor.adr]` with `adr-dir`, `index` and `output-dir` (see [`Settings`]).
//!
//! - [`front_matter`]: the typed front matter.
//! - [`record`]: one ADR file.
//! - [`citation`]: finding and linking `ADR-NNNN`.
//! - [`log`]: all ADRs together, and what they add to the book.

pub mod citation;
pub mod error;
pub mod front_matter;
pub mod log;
mod markdown;
pub mod record;

use std::path::Path;

use mdbook_preprocessor::book::Book;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

pub use error::{Location, Problem, ProblemKind, Report};
pub use front_matter::{AdrDate, AdrNumber, FrontMatter, Status};
pub use log::{DecisionLog, Settings};
pub use record::Adr;

/// The preprocessor as mdBook sees it; its name in `book.toml` is `adr`.
#[derive(Debug, Clone, Copy, Default)]
pub struct AdrPreprocessor;

impl AdrPreprocessor {
    /// The name of the `[preprocessor.adr]` table.
    pub const NAME: &'static str = "adr";
}

impl Preprocessor for AdrPreprocessor {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn run(
        &self,
        ctx: &PreprocessorContext,
        book: Book,
    ) -> mdbook_preprocessor::errors::Result<Book> {
        Ok(process(ctx, book)?)
    }

    /// Every renderer gets the pages: the link checker must see the same book as the HTML
    /// renderer.
    fn supports_renderer(
        &self,
        _renderer: &str,
    ) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(true)
    }
}

// ANCHOR: process
/// Reads the decision log under the book's root and applies it to `book`.
pub fn process(ctx: &PreprocessorContext, mut book: Book) -> Result<Book, Report> {
    let settings = ctx
        .config
        .get::<Settings>(&format!("preprocessor.{}", AdrPreprocessor::NAME))
        .map_err(|error| {
            Report(vec![Problem::in_file(
                "book.toml",
                ProblemKind::Settings(error.into()),
            )])
        })?
        .unwrap_or_default();
    let log = DecisionLog::read(&ctx.root, &settings).map_err(Report)?;
    log.apply(&mut book, &settings, relative_src(&ctx.config.book.src, &ctx.root))
        .map_err(Report)?;
    Ok(book)
}
// ANCHOR_END: process

/// The source folder relative to the root, whichever way the configuration gives it.
fn relative_src<'a>(src: &'a Path, root: &Path) -> &'a Path {
    src.strip_prefix(root).unwrap_or(src)
}
