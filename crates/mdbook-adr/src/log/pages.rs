//! What the decision log adds to the book: a page per ADR, the index table, and a link
//! for every citation.

use std::path::{Component, Path, PathBuf};

use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use pulldown_cmark_escape::escape_html;

use super::{DecisionLog, Settings};
use crate::citation::{Found, Mark, find_marks, relative_href, replace_marks};
use crate::error::{Problem, ProblemKind};
use crate::front_matter::AdrNumber;
use crate::markdown::line_of;
use crate::record::Adr;

impl DecisionLog {
    /// Where the page of ADR `number` is, relative to the book's source folder.
    pub fn page_path(&self, adr: &Adr) -> PathBuf {
        self.output_dir.join(adr.page_name())
    }

    // ANCHOR: rewrite
    /// Rewrites the citations and index directives of `text`, the content of the chapter
    /// rendered at `page` (relative to the source folder). Problems are reported
    /// against `file`, whose line `first_line` is the first line of `text`.
    pub fn rewrite(
        &self,
        text: &str,
        page: &Path,
        file: &Path,
        first_line: usize,
    ) -> Result<String, Vec<Problem>> {
        let found = find_marks(text);
        let problems: Vec<Problem> = found
            .iter()
            .filter_map(|item| match item.mark {
                Mark::Citation(number) if !self.adrs.contains_key(&number) => {
                    Some(Problem::at(
                        file,
                        first_line + line_of(text, item.range.start) - 1,
                        ProblemKind::MissingCitation { number },
                    ))
                }
                _ => None,
            })
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(replace_marks(text, &found, |item: &Found| match item.mark {
            Mark::Citation(number) => self.link(number, page, &number.citation()),
            Mark::Index => self.index_table(page),
        }))
    }
    // ANCHOR_END: rewrite

    /// A link from the page at `from` to ADR `number`, as inline HTML: mdBook keeps it as
    /// it is, and the link checker, which looks for Markdown files on disk, does not
    /// look for a page that only this preprocessor creates.
    fn link(&self, number: AdrNumber, from: &Path, text: &str) -> String {
        match self.adrs.get(&number) {
            Some(adr) => format!(
                "<a href=\"{}\" title=\"{}\">{text}</a>",
                relative_href(from, &self.page_path(adr)),
                escape(&adr.plain_title())
            ),
            None => text.to_owned(),
        }
    }

    // ANCHOR: index_table
    /// The table that replaces `{{#adr-index}}`: number, linked title, status and date of
    /// every ADR.
    pub fn index_table(&self, from: &Path) -> String {
        if self.adrs.is_empty() {
            return "\n\n*No decisions are recorded yet.*\n".to_owned();
        }
        let mut table = String::from(
            "\n\n| ADR | Title | Status | Date |\n|-----|-------|--------|------|\n",
        );
        for adr in self.adrs.values() {
            let title = self.link(adr.number, from, &adr.title.replace('|', "\\|"));
            let status = match adr.front.superseded_by {
                Some(successor) => format!(
                    "Superseded by {}",
                    self.link(successor, from, &successor.citation())
                ),
                None => adr.front.status.label().to_owned(),
            };
            // A date must not wrap at its dashes in a narrow column.
            let date = format!(
                "<time datetime=\"{0}\" style=\"white-space: nowrap\">{0}</time>",
                adr.front.date
            );
            table
                .push_str(&format!("| {} | {title} | {status} | {date} |\n", adr.number));
        }
        table
    }
    // ANCHOR_END: index_table

    /// The page of one ADR: its title, the status banner, and its body with citations
    /// linked.
    pub fn render_page(&self, adr: &Adr) -> Result<String, Vec<Problem>> {
        let page = self.page_path(adr);
        let body = self.rewrite(&adr.body, &page, &adr.file, adr.body_line)?;
        let front = &adr.front;
        let mut banner = format!(
            "> **Status:** {} &middot; **Date:** {} &middot; **Decision-makers:** {}",
            front.status.label(),
            front.date,
            escape(&front.decision_makers.to_string())
        );
        for (label, people) in
            [("Consulted", &front.consulted), ("Informed", &front.informed)]
        {
            if let Some(people) = people {
                banner.push_str(&format!(
                    " &middot; **{label}:** {}",
                    escape(&people.to_string())
                ));
            }
        }
        banner.push('\n');
        let mut related = Vec::new();
        for &old in &front.supersedes.0 {
            related.push(format!("**Supersedes** {}", self.titled_link(old, &page)));
        }
        if let Some(successor) = front.superseded_by {
            related.push(format!(
                "**Superseded by** {}",
                self.titled_link(successor, &page)
            ));
        }
        for line in related {
            banner.push_str(&format!(">\n> {line}\n"));
        }
        Ok(format!(
            "# {}: {}\n\n{banner}\n{}",
            adr.number.citation(),
            adr.title,
            body.trim_start_matches('\n')
        ))
    }

    /// `ADR-0003: Its title`, linked.
    fn titled_link(&self, number: AdrNumber, from: &Path) -> String {
        let text = match self.adrs.get(&number) {
            Some(adr) => format!("{}: {}", number.citation(), adr.title),
            None => number.citation(),
        };
        self.link(number, from, &text)
    }

    // ANCHOR: apply
    /// Adds the ADR pages under the index chapter and links every citation in every
    /// chapter.
    ///
    /// `src` is the book's source folder relative to its root (`src`), used to name
    /// chapter files in problems and to point each ADR page's "edit" link at its file
    /// in `adr/`.
    pub fn apply(
        &self,
        book: &mut Book,
        settings: &Settings,
        src: &Path,
    ) -> Result<(), Vec<Problem>> {
        let mut problems = Vec::new();
        book.for_each_chapter_mut(|chapter| {
            let Some(page) = chapter.path.clone() else { return };
            let file = src.join(chapter.source_path.as_deref().unwrap_or(&page));
            match self.rewrite(&chapter.content, &page, &file, 1) {
                Ok(content) => chapter.content = content,
                Err(mut found) => problems.append(&mut found),
            }
        });

        match find_chapter_mut(&mut book.items, &settings.index) {
            None => problems.push(Problem::in_file(
                src.join("SUMMARY.md"),
                ProblemKind::NoIndexChapter {
                    index: settings.index.display().to_string(),
                },
            )),
            Some(index) => {
                let mut parents = index.parent_names.clone();
                parents.push(index.name.clone());
                for adr in self.adrs.values() {
                    match self.render_page(adr) {
                        Ok(content) => index.sub_items.push(BookItem::Chapter(Chapter {
                            name: format!(
                                "{}: {}",
                                adr.number.citation(),
                                adr.plain_title()
                            ),
                            content,
                            number: None,
                            sub_items: Vec::new(),
                            path: Some(self.page_path(adr)),
                            source_path: Some(up_to_root(src).join(&adr.file)),
                            parent_names: parents.clone(),
                        })),
                        Err(mut found) => problems.append(&mut found),
                    }
                }
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }
    // ANCHOR_END: apply
}

/// The chapter whose source file is `source`, searched depth first.
fn find_chapter_mut<'a>(
    items: &'a mut [BookItem],
    source: &Path,
) -> Option<&'a mut Chapter> {
    for item in items {
        if let BookItem::Chapter(chapter) = item {
            if chapter.source_path.as_deref() == Some(source) {
                return Some(chapter);
            }
            if let Some(found) = find_chapter_mut(&mut chapter.sub_items, source) {
                return Some(found);
            }
        }
    }
    None
}

/// `..` once per folder of `src`: the way from the source folder back to the book's root.
pub(super) fn up_to_root(src: &Path) -> PathBuf {
    src.components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .map(|_| Component::ParentDir)
        .collect()
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = escape_html(&mut out, text);
    out
}
