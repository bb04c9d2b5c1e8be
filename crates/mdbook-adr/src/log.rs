//! The decision log: every ADR, checked as a whole, and the pages, links and index it adds to the book.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use serde::Deserialize;

use crate::citation::{Found, Mark, find_marks, relative_href, replace_marks};
use crate::error::{Problem, ProblemKind};
use crate::front_matter::{AdrNumber, Status};
use crate::markdown::line_of;
use crate::record::Adr;

/// The `[preprocessor.adr]` settings of `book.toml`; every key is optional.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct Settings {
    /// The folder of the ADR files, relative to the book's root.
    pub adr_dir: PathBuf,
    /// The decision log's index page, relative to the book's source folder; the ADRs become its
    /// sub-chapters, and `{{#adr-index}}` in it becomes the table of ADRs.
    pub index: PathBuf,
    /// Where the ADR pages go in the rendered book, relative to its root.
    pub output_dir: PathBuf,
}

impl Default for Settings {
    fn default() -> Self {
        Self { adr_dir: "adr".into(), index: "decisions.md".into(), output_dir: "decisions".into() }
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
        let read_error = |path: &Path, error| vec![Problem::in_file(path, ProblemKind::Read(error))];
        let entries = fs::read_dir(root.join(&settings.adr_dir)).map_err(|e| read_error(&settings.adr_dir, e))?;
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| read_error(&settings.adr_dir, e))?;
            let file = settings.adr_dir.join(entry.file_name());
            let is_markdown = file.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
            if !is_markdown || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            match fs::read_to_string(entry.path()) {
                Ok(text) => files.push((file, text)),
                Err(error) => problems.push(Problem::in_file(file, ProblemKind::Read(error))),
            }
        }
        // Directory order differs between machines; problems and pages must not.
        files.sort();
        match Self::from_files(files, &settings.output_dir) {
            Ok(log) if problems.is_empty() => Ok(log),
            Ok(_) => Err(problems),
            Err(mut more) => {
                problems.append(&mut more);
                Err(problems)
            }
        }
    }

    /// Builds the log from `(path relative to the book's root, text)` pairs, checking each ADR, the
    /// uniqueness of numbers, and the supersede links between ADRs.
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
                        let kind = ProblemKind::DuplicateNumber { number: adr.number, other: other.file.clone() };
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
    /// Supersede links are stated on both sides, name existing ADRs, and agree with the status: an ADR
    /// with `superseded-by` has `status: superseded`, and one with `supersedes: [3]` is named by ADR-0003's
    /// `superseded-by`. Deriving the reverse link instead would let one file silently change the
    /// meaning of another; stating both keeps each ADR readable on its own, in the book and on GitHub.
    fn check_links(&self, texts: &BTreeMap<AdrNumber, String>) -> Vec<Problem> {
        let mut problems = Vec::new();
        for adr in self.adrs.values() {
            let text = texts.get(&adr.number).map_or("", String::as_str);
            let at = |field: &str, kind| Problem::at(&adr.file, field_line(text, field), kind);
            let front = &adr.front;
            if (front.status == Status::Superseded) != front.superseded_by.is_some() {
                problems.push(at("status", ProblemKind::SupersededWithoutSuccessor));
            }
            if let Some(successor) = front.superseded_by {
                match self.adrs.get(&successor) {
                    _ if successor == adr.number => problems.push(at("superseded-by", ProblemKind::SupersedesItself)),
                    None => problems.push(at(
                        "superseded-by",
                        ProblemKind::UnknownRelated { field: "superseded-by", number: successor },
                    )),
                    Some(other) if !other.front.supersedes.0.contains(&adr.number) => problems.push(at(
                        "superseded-by",
                        ProblemKind::OneSidedLink {
                            this: adr.number,
                            other: successor,
                            field: "superseded-by",
                            reverse: "supersedes",
                        },
                    )),
                    Some(_) => {}
                }
            }
            for &old in &front.supersedes.0 {
                match self.adrs.get(&old) {
                    _ if old == adr.number => problems.push(at("supersedes", ProblemKind::SupersedesItself)),
                    None => problems
                        .push(at("supersedes", ProblemKind::UnknownRelated { field: "supersedes", number: old })),
                    Some(other) if other.front.superseded_by != Some(adr.number) => problems.push(at(
                        "supersedes",
                        ProblemKind::OneSidedLink {
                            this: adr.number,
                            other: old,
                            field: "supersedes",
                            reverse: "superseded-by",
                        },
                    )),
                    Some(_) => {}
                }
            }
        }
        problems
    }
    // ANCHOR_END: supersede_rule

    /// Where the page of ADR `number` is, relative to the book's source folder.
    pub fn page_path(&self, adr: &Adr) -> PathBuf {
        self.output_dir.join(adr.page_name())
    }

    // ANCHOR: rewrite
    /// Rewrites the citations and index directives of `text`, the content of the chapter rendered at
    /// `page` (relative to the source folder). Problems are reported against `file`, whose line
    /// `first_line` is the first line of `text`.
    pub fn rewrite(&self, text: &str, page: &Path, file: &Path, first_line: usize) -> Result<String, Vec<Problem>> {
        let found = find_marks(text);
        let problems: Vec<Problem> = found
            .iter()
            .filter_map(|item| match item.mark {
                Mark::Citation(number) if !self.adrs.contains_key(&number) => Some(Problem::at(
                    file,
                    first_line + line_of(text, item.range.start) - 1,
                    ProblemKind::MissingCitation { number },
                )),
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

    /// A link from the page at `from` to ADR `number`, as inline HTML: mdBook keeps it as it is, and
    /// the link checker, which looks for Markdown files on disk, does not look for a page that only
    /// this preprocessor creates.
    fn link(&self, number: AdrNumber, from: &Path, text: &str) -> String {
        match self.adrs.get(&number) {
            Some(adr) => format!(
                "<a href=\"{}\" title=\"{}\">{text}</a>",
                relative_href(from, &self.page_path(adr)),
                escape_html(&adr.plain_title())
            ),
            None => text.to_owned(),
        }
    }

    // ANCHOR: index_table
    /// The table that replaces `{{#adr-index}}`: number, linked title, status and date of every ADR.
    pub fn index_table(&self, from: &Path) -> String {
        if self.adrs.is_empty() {
            return "\n\n*No decisions are recorded yet.*\n".to_owned();
        }
        let mut table = String::from("\n\n| ADR | Title | Status | Date |\n|-----|-------|--------|------|\n");
        for adr in self.adrs.values() {
            let title = self.link(adr.number, from, &adr.title.replace('|', "\\|"));
            let status = match adr.front.superseded_by {
                Some(successor) => format!("Superseded by {}", self.link(successor, from, &successor.citation())),
                None => adr.front.status.label().to_owned(),
            };
            // A date must not wrap at its dashes in a narrow column.
            let date = format!("<time datetime=\"{0}\" style=\"white-space: nowrap\">{0}</time>", adr.front.date);
            table.push_str(&format!("| {} | {title} | {status} | {date} |\n", adr.number));
        }
        table
    }
    // ANCHOR_END: index_table

    /// The page of one ADR: its title, the status banner, and its body with citations linked.
    pub fn render_page(&self, adr: &Adr) -> Result<String, Vec<Problem>> {
        let page = self.page_path(adr);
        let body = self.rewrite(&adr.body, &page, &adr.file, adr.body_line)?;
        let front = &adr.front;
        let mut banner = format!(
            "> **Status:** {} &middot; **Date:** {} &middot; **Decision-makers:** {}",
            front.status.label(),
            front.date,
            escape_html(&front.decision_makers.to_string())
        );
        for (label, people) in [("Consulted", &front.consulted), ("Informed", &front.informed)] {
            if let Some(people) = people {
                banner.push_str(&format!(" &middot; **{label}:** {}", escape_html(&people.to_string())));
            }
        }
        banner.push('\n');
        let mut related = Vec::new();
        for &old in &front.supersedes.0 {
            related.push(format!("**Supersedes** {}", self.titled_link(old, &page)));
        }
        if let Some(successor) = front.superseded_by {
            related.push(format!("**Superseded by** {}", self.titled_link(successor, &page)));
        }
        for line in related {
            banner.push_str(&format!(">\n> {line}\n"));
        }
        Ok(format!("# {}: {}\n\n{banner}\n{}", adr.number.citation(), adr.title, body.trim_start_matches('\n')))
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
    /// Adds the ADR pages under the index chapter and links every citation in every chapter.
    ///
    /// `src` is the book's source folder relative to its root (`src`), used to name chapter files in
    /// problems and to point each ADR page's "edit" link at its file in `adr/`.
    pub fn apply(&self, book: &mut Book, settings: &Settings, src: &Path) -> Result<(), Vec<Problem>> {
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
                ProblemKind::NoIndexChapter { index: settings.index.display().to_string() },
            )),
            Some(index) => {
                let mut parents = index.parent_names.clone();
                parents.push(index.name.clone());
                for adr in self.adrs.values() {
                    match self.render_page(adr) {
                        Ok(content) => index.sub_items.push(BookItem::Chapter(Chapter {
                            name: format!("{}: {}", adr.number.citation(), adr.plain_title()),
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
fn find_chapter_mut<'a>(items: &'a mut [BookItem], source: &Path) -> Option<&'a mut Chapter> {
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
fn up_to_root(src: &Path) -> PathBuf {
    src.components().filter(|c| matches!(c, Component::Normal(_))).map(|_| Component::ParentDir).collect()
}

/// The line of the top-level `field:` in an ADR's front matter, or 2 (the first field's line).
fn field_line(text: &str, field: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(1)
        .take_while(|(_, line)| line.trim_end() != "---")
        .find(|(_, line)| line.strip_prefix(field).is_some_and(|rest| rest.trim_start().starts_with(':')))
        .map_or(2, |(index, _)| index + 1)
}

/// Escapes text for HTML content and attribute values.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adr(number: u16, slug: &str, extra: &str) -> (PathBuf, String) {
        let text = format!(
            "---\nstatus: accepted\ndate: 2026-11-28\ndecision-makers: Maintainers\n{extra}---\n# Title {number}\n\n\
             ## Context and Problem Statement\n\nSee ADR-0001.\n\n## Considered Options\n\n* A\n* B\n\n\
             ## Decision Outcome\n\nChosen option: \"A\", because.\n\n### Consequences\n\n* Good.\n\n\
             ### Confirmation\n\nA test.\n\n## Pros and Cons of the Options\n\n* Fine.\n"
        );
        (PathBuf::from(format!("adr/{number:04}-{slug}.md")), text.replace("status: accepted\n", &status(extra)))
    }

    fn status(extra: &str) -> String {
        if extra.contains("superseded-by") { "status: superseded\n".into() } else { "status: accepted\n".into() }
    }

    fn log(files: Vec<(PathBuf, String)>) -> Result<DecisionLog, Vec<String>> {
        DecisionLog::from_files(files, Path::new("decisions"))
            .map_err(|problems| problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn adrs_are_kept_in_number_order() {
        let log = log(vec![adr(2, "two", ""), adr(1, "one", "")]).unwrap();
        let numbers: Vec<u16> = log.adrs().map(|a| a.number.get()).collect();
        assert_eq!(numbers, vec![1, 2]);
    }

    #[test]
    fn a_duplicate_number_names_both_files() {
        let problems = log(vec![adr(1, "one", ""), adr(1, "uno", "")]).unwrap_err();
        assert_eq!(problems, vec!["adr/0001-uno.md: ADR number 0001 is also used by adr/0001-one.md"]);
    }

    #[test]
    fn a_supersede_link_stated_on_both_sides_is_accepted() {
        let log = log(vec![adr(1, "one", "superseded-by: 2\n"), adr(2, "two", "supersedes: 1\n")]).unwrap();
        let page = log.render_page(log.get(AdrNumber::new(1).unwrap()).unwrap()).unwrap();
        assert!(page.contains("**Superseded by** <a href=\"0002-two.html\" title=\"Title 2\">ADR-0002: Title 2</a>"));
        let page = log.render_page(log.get(AdrNumber::new(2).unwrap()).unwrap()).unwrap();
        assert!(page.contains("**Supersedes** <a href=\"0001-one.html\""), "{page}");
    }

    #[test]
    fn a_one_sided_supersede_link_fails_on_the_line_that_states_it() {
        let problems = log(vec![adr(1, "one", ""), adr(2, "two", "supersedes: 1\n")]).unwrap_err();
        assert_eq!(
            problems,
            vec![
                "adr/0002-two.md:5: ADR-0002 says `supersedes: 0001`, but ADR-0001 does not say \
                 `superseded-by: 0002`; both ADRs must state the link"
            ]
        );
        let problems = log(vec![adr(1, "one", "superseded-by: 2\n"), adr(2, "two", "")]).unwrap_err();
        assert!(problems[0].contains("ADR-0001 says `superseded-by: 0002`"), "{problems:?}");
    }

    #[test]
    fn links_to_missing_or_same_adrs_and_status_mismatches_fail() {
        let problems = log(vec![adr(1, "one", "supersedes: 7\n")]).unwrap_err();
        assert_eq!(problems, vec!["adr/0001-one.md:5: `supersedes` names ADR-0007, which does not exist"]);
        let problems = log(vec![adr(1, "one", "superseded-by: 1\nsupersedes: 1\n")]).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        let (file, text) = adr(1, "one", "");
        let problems = log(vec![(file, text.replace("status: accepted", "status: superseded"))]).unwrap_err();
        assert_eq!(
            problems,
            vec!["adr/0001-one.md:2: `status: superseded` and `superseded-by` go together: set both or neither"]
        );
    }

    #[test]
    fn citations_become_relative_links_and_a_missing_one_names_file_and_line() {
        let log = log(vec![adr(1, "one", "")]).unwrap();
        let text = log.rewrite("Per ADR-0001.\n", Path::new("guide/x.md"), Path::new("src/guide/x.md"), 1).unwrap();
        assert_eq!(text, "Per <a href=\"../decisions/0001-one.html\" title=\"Title 1\">ADR-0001</a>.\n");
        let problems = log.rewrite("a\n\nPer ADR-0002.\n", Path::new("x.md"), Path::new("src/x.md"), 1).unwrap_err();
        let [problem] = problems.as_slice() else { panic!("{problems:?}") };
        assert_eq!(problem.to_string(), "src/x.md:3: ADR-0002 is cited, but no ADR has number 0002");
    }

    #[test]
    fn a_missing_citation_inside_an_adr_is_located_in_the_adr_file() {
        let (file, text) = adr(1, "one", "");
        let log = log(vec![(file, text.replace("See ADR-0001.", "See ADR-0005."))]).unwrap();
        let adr = log.get(AdrNumber::new(1).unwrap()).unwrap();
        let problems = log.render_page(adr).unwrap_err();
        assert_eq!(problems[0].to_string(), "adr/0001-one.md:10: ADR-0005 is cited, but no ADR has number 0005");
    }

    #[test]
    fn the_index_table_lists_number_linked_title_status_and_date() {
        let log = log(vec![adr(1, "one", "superseded-by: 2\n"), adr(2, "two", "supersedes: 1\n")]).unwrap();
        let table = log.index_table(Path::new("decisions.md"));
        assert!(table.contains("| ADR | Title | Status | Date |"));
        assert!(table.contains(
            "| 0001 | <a href=\"decisions/0001-one.html\" title=\"Title 1\">Title 1</a> | Superseded by \
             <a href=\"decisions/0002-two.html\" title=\"Title 2\">ADR-0002</a> | <time datetime=\"2026-11-28\" \
             style=\"white-space: nowrap\">2026-11-28</time> |"
        ));
        assert!(
            table.contains("| 0002 | <a href=\"decisions/0002-two.html\" title=\"Title 2\">Title 2</a> | Accepted |")
        );
    }

    #[test]
    fn the_banner_shows_status_date_and_decision_makers() {
        let log = log(vec![adr(1, "one", "consulted: [Ops]\n")]).unwrap();
        let page = log.render_page(log.get(AdrNumber::new(1).unwrap()).unwrap()).unwrap();
        assert!(
            page.starts_with(
                "# ADR-0001: Title 1\n\n> **Status:** Accepted &middot; **Date:** 2026-11-28 &middot; \
             **Decision-makers:** Maintainers &middot; **Consulted:** Ops\n\n## Context and Problem Statement"
            ),
            "{page}"
        );
    }

    #[test]
    fn the_way_back_to_the_root_has_one_step_per_folder() {
        assert_eq!(up_to_root(Path::new("src")), PathBuf::from(".."));
        assert_eq!(up_to_root(Path::new("book/src")), PathBuf::from("../.."));
        assert_eq!(up_to_root(Path::new("./src")), PathBuf::from(".."));
    }
}
