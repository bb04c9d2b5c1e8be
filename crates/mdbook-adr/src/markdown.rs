//! Reading Markdown the way mdBook does: where the prose is, and where the headings are.
//!
//! The preprocessor never edits Markdown by searching raw text: a citation in a code
//! block, in inline code, in a heading (whose text mdBook already wraps in a link) or
//! inside a link must stay as it is. pulldown-cmark, with the options mdBook 0.5 uses,
//! tells which bytes are prose.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The parser with the extensions mdBook 0.5 enables by default, so both see the same
/// structure.
fn parser(text: &str) -> Parser<'_> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM;
    Parser::new_ext(text, options)
}

/// The byte ranges of `text` that are plain prose: text outside code, headings, links,
/// images and raw HTML. Adjacent pieces of text are merged, since the parser splits text
/// at punctuation.
pub(crate) fn prose_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    // Depth of constructs whose text must not be touched.
    let mut excluded = 0usize;
    let mut in_raw_link = false;
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(
                Tag::CodeBlock(_)
                | Tag::Heading { .. }
                | Tag::Link { .. }
                | Tag::Image { .. },
            )
            | Event::Start(Tag::HtmlBlock | Tag::MetadataBlock(_)) => excluded += 1,
            Event::End(
                TagEnd::CodeBlock
                | TagEnd::Heading(_)
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::HtmlBlock
                | TagEnd::MetadataBlock(_),
            ) => excluded = excluded.saturating_sub(1),
            Event::InlineHtml(html) => {
                let tag = html.trim_start_matches('<').to_ascii_lowercase();
                if tag.starts_with("a ") || tag.starts_with("a>") {
                    in_raw_link = true;
                } else if tag.starts_with("/a") {
                    in_raw_link = false;
                }
            }
            Event::Text(_) if excluded == 0 && !in_raw_link => match ranges.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => ranges.push(range),
            },
            _ => {}
        }
    }
    ranges
}

/// A heading of a Markdown document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    /// 1 for `#`, 2 for `##`, and so on.
    pub(crate) level: u8,
    /// The heading's text, without its `#` marks or Markdown.
    pub(crate) text: String,
    /// The heading's Markdown as written, without its `#` marks (`` Use `cargo xtask`
    /// ``).
    pub(crate) markdown: String,
    /// Where the heading starts in the document.
    pub(crate) start: usize,
    /// Where the heading's line ends.
    pub(crate) end: usize,
}

/// Every heading of `text`, in order; `#` lines inside code blocks are not headings.
pub(crate) fn headings(text: &str) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut current: Option<Heading> = None;
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some(Heading {
                    // `HeadingLevel` counts from `H1 = 1`.
                    level: level as u8,
                    text: String::new(),
                    markdown: heading_markdown(
                        text.get(range.clone()).unwrap_or_default(),
                    ),
                    start: range.start,
                    end: 0,
                });
            }
            Event::Text(piece) | Event::Code(piece) => {
                if let Some(heading) = current.as_mut() {
                    heading.text.push_str(&piece);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut heading) = current.take() {
                    heading.end = range.end;
                    heading.text = heading.text.trim().to_owned();
                    headings.push(heading);
                }
            }
            _ => {}
        }
    }
    headings
}

/// The content of a heading's source: `## Title ##` and `Title\n=====` both give `Title`.
fn heading_markdown(source: &str) -> String {
    let first_line = source.lines().next().unwrap_or_default().trim();
    if first_line.starts_with('#') {
        first_line.trim_start_matches('#').trim_end_matches('#').trim().to_owned()
    } else {
        first_line.to_owned()
    }
}

/// The 1-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    1 + text.as_bytes().iter().take(end).filter(|b| **b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str) -> Vec<&str> {
        prose_ranges(text).into_iter().filter_map(|range| text.get(range)).collect()
    }

    #[test]
    fn prose_excludes_code_headings_links_and_raw_html() {
        let text = "# Title ADR-1\n\nSee *this* ADR-1 and `ADR-2`.\n\n```\nADR-3\n```\n\n\
                    [ADR-4](x.md) <a href=\"y\">ADR-5</a> after\n\n<div>\nADR-6\n</div>\n";
        let found = prose(text).join("|");
        assert!(found.contains("ADR-1 and"), "{found}");
        for hidden in ["Title", "ADR-2", "ADR-3", "ADR-4", "ADR-5", "ADR-6"] {
            assert!(!found.contains(hidden), "{hidden} in {found}");
        }
        assert!(found.contains("after"), "{found}");
    }

    #[test]
    fn table_cells_and_list_items_are_prose() {
        let found =
            prose("| a | b ADR-0001 |\n|---|---|\n| c | d |\n\n- item ADR-0002\n")
                .join("|");
        assert!(found.contains("ADR-0001") && found.contains("ADR-0002"), "{found}");
    }

    #[test]
    fn headings_skip_hash_lines_in_code_blocks() {
        let text =
            "# One\n\n```md\n## Not a heading\n```\n\n## Two `code` ##\n\nThree\n=====\n";
        let found: Vec<(u8, String, String, usize)> = headings(text)
            .into_iter()
            .map(|h| (h.level, h.text, h.markdown, line_of(text, h.start)))
            .collect();
        assert_eq!(
            found,
            vec![
                (1, "One".to_owned(), "One".to_owned(), 1),
                (2, "Two code".to_owned(), "Two `code`".to_owned(), 7),
                (1, "Three".to_owned(), "Three".to_owned(), 9)
            ]
        );
    }

    #[test]
    fn lines_are_counted_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
