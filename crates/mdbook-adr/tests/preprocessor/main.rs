//! Runs the `mdbook-adr` binary the way mdBook does: `supports <renderer>`, then
//! `[context, book]` as JSON on stdin, the changed book as JSON on stdout, problems on
//! stderr and a failing exit code.

// The helpers below are test code too: their unwraps are assertions.
#![cfg(test)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem, Chapter, SectionNumber};
use mdbook_preprocessor::config::Config;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mdbook-adr"))
}

/// A chapter loaded from the fixture's `src/`, as mdBook's loader makes it from a
/// SUMMARY.md line.
fn chapter(root: &Path, name: &str, path: &str, number: Option<u32>) -> Chapter {
    let content = std::fs::read_to_string(root.join("src").join(path)).unwrap();
    let mut chapter = Chapter::new(name, content, path, Vec::new());
    chapter.number = number.map(|n| SectionNumber::new(vec![n]));
    chapter
}

/// The book mdBook loads from `fixtures/book/src/SUMMARY.md`.
fn fixture_book(root: &Path) -> Book {
    Book::new_with_items(vec![
        BookItem::Chapter(chapter(root, "Introduction", "introduction.md", None)),
        BookItem::Chapter(chapter(root, "Events", "guide/events.md", Some(1))),
        BookItem::Chapter(chapter(root, "Decision log", "decisions.md", Some(2))),
    ])
}

fn run(root: &Path, book: &Book) -> Output {
    let config = Config::from_disk(root.join("book.toml")).unwrap();
    let ctx = PreprocessorContext::new(root.to_owned(), config, "html".to_owned());
    let input = serde_json::to_vec(&(&ctx, book)).unwrap();
    let mut child = binary()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    child.wait_with_output().unwrap()
}

fn processed(root: &Path, book: &Book) -> Book {
    let output = run(root, book);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn find<'a>(book: &'a Book, path: &str) -> &'a Chapter {
    book.chapters().find(|c| c.path.as_deref() == Some(Path::new(path))).unwrap()
}

#[test]
fn every_renderer_is_supported() {
    for renderer in ["html", "linkcheck2", "markdown"] {
        assert!(
            binary().args(["supports", renderer]).status().unwrap().success(),
            "{renderer}"
        );
    }
}

#[test]
fn unknown_arguments_are_a_usage_error() {
    let output = binary().arg("--frobnicate").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Usage: mdbook-adr"));
}

#[test]
fn the_adrs_become_pages_under_the_decision_log_in_number_order() {
    let root = fixture("book");
    let book = processed(&root, &fixture_book(&root));
    let log = find(&book, "decisions.md");
    let pages: Vec<(&str, Option<&Path>, Option<&Path>)> = log
        .sub_items
        .iter()
        .filter_map(|item| match item {
            BookItem::Chapter(c) => {
                Some((c.name.as_str(), c.path.as_deref(), c.source_path.as_deref()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        pages,
        vec![
            (
                "ADR-0001: Keep a decision log",
                Some(Path::new("decisions/0001-keep-a-decision-log.md")),
                Some(Path::new("../adr/0001-keep-a-decision-log.md"))
            ),
            (
                "ADR-0002: Plain JSON events",
                Some(Path::new("decisions/0002-plain-json-events.md")),
                Some(Path::new("../adr/0002-plain-json-events.md"))
            ),
            (
                "ADR-0003: An event envelope with metadata",
                Some(Path::new("decisions/0003-an-event-envelope.md")),
                Some(Path::new("../adr/0003-an-event-envelope.md"))
            ),
        ]
    );
    let page = find(&book, "decisions/0002-plain-json-events.md");
    assert_eq!(page.parent_names, vec!["Decision log".to_owned()]);
}

#[test]
fn each_page_starts_with_its_title_and_a_status_banner_linking_both_ways() {
    let root = fixture("book");
    let book = processed(&root, &fixture_book(&root));
    let old = &find(&book, "decisions/0002-plain-json-events.md").content;
    assert!(
        old.starts_with(
            "# ADR-0002: Plain JSON events\n\n> **Status:** Superseded &middot; **Date:** 2026-11-01 &middot; \
             **Decision-makers:** Ada, Grace\n>\n> **Superseded by** <a href=\"0003-an-event-envelope.html\" \
             title=\"An event envelope with metadata\">ADR-0003: An event envelope with `metadata`</a>\n"
        ),
        "{old}"
    );
    let new = &find(&book, "decisions/0003-an-event-envelope.md").content;
    assert!(
        new.contains("> **Supersedes** <a href=\"0002-plain-json-events.html\""),
        "{new}"
    );
    assert!(new.contains("<a href=\"0002-plain-json-events.html\" title=\"Plain JSON events\">ADR-0002</a> left out"));
    assert!(new.contains("ADR-0042 in a code block is not checked."));
}

#[test]
fn the_index_directive_becomes_a_table_of_every_adr() {
    let root = fixture("book");
    let book = processed(&root, &fixture_book(&root));
    let index = &find(&book, "decisions.md").content;
    assert!(!index.contains("{{#adr-index}}"));
    for row in [
        "| 0001 | <a href=\"decisions/0001-keep-a-decision-log.html\" title=\"Keep a decision log\">Keep a decision log</a> | Accepted | <time datetime=\"2026-11-28\" style=\"white-space: nowrap\">2026-11-28</time> |",
        "| 0002 | <a href=\"decisions/0002-plain-json-events.html\" title=\"Plain JSON events\">Plain JSON events</a> | Superseded by <a href=\"decisions/0003-an-event-envelope.html\" title=\"An event envelope with metadata\">ADR-0003</a> | <time datetime=\"2026-11-01\" style=\"white-space: nowrap\">2026-11-01</time> |",
        "| 0003 | <a href=\"decisions/0003-an-event-envelope.html\" title=\"An event envelope with metadata\">An event envelope with `metadata`</a> | Proposed | <time datetime=\"2026-11-28\" style=\"white-space: nowrap\">2026-11-28</time> |",
    ] {
        assert!(index.contains(row), "missing {row} in\n{index}");
    }
}

#[test]
fn citations_in_prose_link_relative_to_the_citing_chapter_and_code_is_untouched() {
    let root = fixture("book");
    let book = processed(&root, &fixture_book(&root));
    let intro = &find(&book, "introduction.md").content;
    assert!(intro.contains(
        "as <a href=\"decisions/0001-keep-a-decision-log.html\" title=\"Keep a decision log\">ADR-0001</a> records."
    ));
    assert!(intro.contains("`ADR-0009`"));
    assert!(intro.contains("[ADR-0001](decisions.md)"));
    assert!(intro.contains("ADR-0002 inside a code block"));
    let events = &find(&book, "guide/events.md").content;
    assert!(events.contains(
        "| envelope | <a href=\"../decisions/0003-an-event-envelope.html\" title=\"An event envelope with metadata\">ADR-0003</a> (which replaced <a href=\"../decisions/0002-plain-json-events.html\""
    ), "{events}");
}

#[test]
fn a_citation_of_a_missing_adr_fails_the_build_with_file_and_line() {
    let root = fixture("book");
    let mut book = fixture_book(&root);
    book.for_each_chapter_mut(|chapter| {
        if chapter.path.as_deref() == Some(Path::new("guide/events.md")) {
            chapter.content.push_str("\nSee also ADR-0042.\n");
        }
    });
    let output = run(&root, &book);
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "src/guide/events.md:7: ADR-0042 is cited, but no ADR has number 0042"
        ),
        "{stderr}"
    );
}

#[test]
fn a_book_without_the_decision_log_chapter_fails_and_says_which_line_to_add() {
    let root = fixture("book");
    let book = Book::new_with_items(vec![BookItem::Chapter(chapter(
        &root,
        "Introduction",
        "introduction.md",
        None,
    ))]);
    let stderr = String::from_utf8_lossy(&run(&root, &book).stderr).into_owned();
    assert!(
        stderr.contains("src/SUMMARY.md: no chapter has the source `decisions.md`"),
        "{stderr}"
    );
    assert!(stderr.contains("- [Decision log](decisions.md)"), "{stderr}");
}

#[test]
fn broken_adrs_fail_the_build_and_every_problem_is_named() {
    let root = fixture("broken");
    let book = Book::new_with_items(vec![BookItem::Chapter(chapter(
        &root,
        "Decision log",
        "decisions.md",
        None,
    ))]);
    let output = run(&root, &book);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "the decision log has 5 problem(s):",
        "adr/0001-keep-a-decision-log.md: ADR number 0001 is also used by adr/0001-duplicate-number.md",
        "adr/0002-bad-status.md:2: invalid front matter: status: unknown variant `done`",
        "adr/0003-an-event-envelope.md:3: invalid front matter: date: invalid value: string \"2026-02-30\"",
        "adr/0003-an-event-envelope.md:9: the required section `## Considered Options` is missing",
        "adr/Bad_Name.md: an ADR file must be named NNNN-title.md",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in\n{stderr}");
    }
}
