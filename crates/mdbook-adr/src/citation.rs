//! Citations (`ADR-0007`) and the index directive (`{{#adr-index}}`) in a chapter's
//! prose, and the relative links that replace them.

use std::ops::Range;
use std::path::{Component, Path};

use crate::front_matter::AdrNumber;
use crate::markdown::prose_ranges;

/// The directive that `decisions.md` uses for the table of all ADRs.
pub const INDEX_DIRECTIVE: &str = "{{#adr-index}}";

/// Something in a chapter's prose that the preprocessor replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// `ADR-NNNN`.
    Citation(AdrNumber),
    /// `{{#adr-index}}`.
    Index,
}

/// A [`Mark`] and the bytes of the chapter it occupies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// What was found.
    pub mark: Mark,
    /// Where, in bytes of the chapter's text.
    pub range: Range<usize>,
}

// ANCHOR: find_marks
/// Every citation and index directive in the prose of `text`, in order.
///
/// A citation is `ADR-` and exactly four digits, standing as a word of its own:
/// `ADR-0007` and `(ADR-0007)` count, `XADR-0007`, `ADR-00071` and `ADR-7` do not. Code,
/// headings, links and raw HTML are left alone, as mdBook would parse them.
pub fn find_marks(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for prose in prose_ranges(text) {
        let Some(slice) = text.get(prose.clone()) else { continue };
        let bytes = slice.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let Some(rest) = bytes.get(at..) else { break };
            if rest.starts_with(INDEX_DIRECTIVE.as_bytes()) {
                let start = prose.start + at;
                found.push(Found {
                    mark: Mark::Index,
                    range: start..start + INDEX_DIRECTIVE.len(),
                });
                at += INDEX_DIRECTIVE.len();
                continue;
            }
            if let Some(number) = citation_at(bytes, at) {
                let start = prose.start + at;
                found.push(Found {
                    mark: Mark::Citation(number),
                    range: start..start + "ADR-0000".len(),
                });
                at += "ADR-0000".len();
                continue;
            }
            at += 1;
        }
    }
    found
}
// ANCHOR_END: find_marks

/// The number cited at byte `at` of `bytes`, if a whole-word `ADR-NNNN` starts there.
fn citation_at(bytes: &[u8], at: usize) -> Option<AdrNumber> {
    let word_start = at == 0
        || bytes.get(at - 1).is_some_and(|b| !b.is_ascii_alphanumeric() && *b != b'_');
    let digits = bytes
        .get(at..at + 8)
        .filter(|candidate| candidate.starts_with(b"ADR-"))?
        .get(4..)?;
    let word_end =
        bytes.get(at + 8).is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'_');
    if !(word_start && word_end) {
        return None;
    }
    AdrNumber::from_digits(std::str::from_utf8(digits).ok()?)
}

/// Replaces each found mark with what `replace` gives for it, leaving the rest of `text`
/// as it is.
pub fn replace_marks(
    text: &str,
    found: &[Found],
    mut replace: impl FnMut(&Found) -> String,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for item in found {
        out.push_str(text.get(copied..item.range.start).unwrap_or_default());
        out.push_str(&replace(item));
        copied = item.range.end;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

// ANCHOR: relative_href
/// The link from the page rendered from chapter `from` to the page rendered from chapter
/// `to`, both paths relative to the book's source folder (`guide/events.md` to
/// `decisions/0011-envelope.md` gives `../decisions/0011-envelope.html`). Pages keep
/// their folders in the rendered site, so the link is relative and works wherever the
/// site is hosted.
pub fn relative_href(from: &Path, to: &Path) -> String {
    let folders = |path: &Path| -> Vec<String> {
        let parent = path.parent().unwrap_or(Path::new(""));
        parent
            .components()
            .filter_map(|c| match c {
                Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect()
    };
    let from_dirs = folders(from);
    let to_dirs = folders(to);
    let shared = from_dirs.iter().zip(&to_dirs).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from_dirs.len() - shared];
    parts.extend(to_dirs.into_iter().skip(shared));
    let page = to.with_extension("html");
    parts.push(
        page.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
    );
    parts.join("/")
}
// ANCHOR_END: relative_href

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(text: &str) -> Vec<u16> {
        find_marks(text)
            .into_iter()
            .filter_map(|f| match f.mark {
                Mark::Citation(n) => Some(n.get()),
                Mark::Index => None,
            })
            .collect()
    }

    #[test]
    fn citations_in_prose_are_found_as_whole_words() {
        assert_eq!(
            cited("See ADR-0007, (ADR-0012) and ADR-0003's outcome."),
            vec![7, 12, 3]
        );
        assert_eq!(
            cited("XADR-0007 ADR-00071 ADR-7 ADR-000a ADR-0007b ADR_0007 ADR-0000"),
            Vec::<u16>::new()
        );
    }

    #[test]
    fn citations_in_code_headings_and_links_are_left_alone() {
        let text = "# About ADR-0001\n\n`ADR-0002` [ADR-0003](x.md)\n\n```text\nADR-0004\n```\n\n    ADR-0005\n\nADR-0006\n";
        assert_eq!(cited(text), vec![6]);
    }

    #[test]
    fn a_citation_split_by_smart_punctuation_is_still_found() {
        assert_eq!(cited("\"ADR-0009\" -- as 'ADR-0010'"), vec![9, 10]);
    }

    #[test]
    fn the_index_directive_is_found_outside_code_only() {
        let found = find_marks("Intro\n\n{{#adr-index}}\n\n`{{#adr-index}}`\n");
        assert_eq!(found, vec![Found { mark: Mark::Index, range: 7..21 }]);
    }

    #[test]
    fn replacing_keeps_everything_else_byte_for_byte() {
        let text = "a ADR-0001 b ADR-0002 c";
        let found = find_marks(text);
        let out = replace_marks(text, &found, |f| match f.mark {
            Mark::Citation(n) => format!("<{n}>"),
            Mark::Index => String::new(),
        });
        assert_eq!(out, "a <0001> b <0002> c");
    }

    #[test]
    fn relative_links_climb_out_of_the_citing_chapters_folder() {
        let adr = Path::new("decisions/0011-envelope.md");
        assert_eq!(
            relative_href(Path::new("intro.md"), adr),
            "decisions/0011-envelope.html"
        );
        assert_eq!(
            relative_href(Path::new("guide/events.md"), adr),
            "../decisions/0011-envelope.html"
        );
        assert_eq!(
            relative_href(Path::new("a/b/c.md"), adr),
            "../../decisions/0011-envelope.html"
        );
        assert_eq!(
            relative_href(Path::new("decisions/0001-mdbook.md"), adr),
            "0011-envelope.html"
        );
        assert_eq!(
            relative_href(Path::new("decisions/x/y.md"), adr),
            "../0011-envelope.html"
        );
    }
}
