//! Mermaid diagrams: each ```` ```mermaid ```` block of a chapter becomes
//! `<pre class="mermaid">`, its text escaped, which `playground/assets/diagrams.js` hands
//! to the Mermaid script served from the site itself. This is all the `mdbook-mermaid`
//! preprocessor did for this book; here it needs no install of its own.

use mdbook_preprocessor::{
    Preprocessor, PreprocessorContext,
    book::{Book, BookItem},
    errors::Result,
};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The preprocessor `[preprocessor.mermaid]` of book.toml names.
pub(crate) struct Mermaid;

impl Preprocessor for Mermaid {
    fn name(&self) -> &str {
        "mermaid"
    }

    fn run(&self, _ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item {
                chapter.content = with_diagrams(&chapter.content);
            }
        });
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> Result<bool> {
        Ok(renderer == "html")
    }
}

/// `markdown` with every mermaid code block replaced by its HTML element, and nothing
/// else changed.
fn with_diagrams(markdown: &str) -> String {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (event, span) in
        Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter()
    {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.as_ref() == "mermaid" =>
            {
                current = Some((span.start, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, diagram)) = current.as_mut() {
                    diagram.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((start, diagram)) = current.take() {
                    blocks.push((start..span.end, diagram));
                }
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(markdown.len());
    let mut copied = 0;
    for (span, diagram) in blocks {
        out.push_str(&markdown[copied..span.start]);
        out.push_str("\n<pre class=\"mermaid\">");
        out.push_str(&escape(&diagram));
        out.push_str("</pre>\n\n");
        copied = span.end;
    }
    out.push_str(&markdown[copied..]);
    out
}

/// The diagram's text as HTML text: Mermaid reads it back from the element.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::with_diagrams;

    #[test]
    fn a_mermaid_block_becomes_an_escaped_pre_element() {
        let markdown = "# Flow\n\n```mermaid\nflowchart LR\n  A[\"a & b\"] --> B<br>\n```\n\nAfter.\n";

        assert_eq!(
            with_diagrams(markdown),
            "# Flow\n\n\n<pre class=\"mermaid\">flowchart LR\n  A[&quot;a &amp; b&quot;] \
             --&gt; B&lt;br&gt;\n</pre>\n\n\n\nAfter.\n"
        );
    }

    #[test]
    fn other_code_blocks_and_text_are_left_alone() {
        let markdown = "```rust\nlet a = \"<b>\";\n```\n\n`mermaid` in a sentence.\n";

        assert_eq!(with_diagrams(markdown), markdown);
    }

    #[test]
    fn every_diagram_of_a_page_is_replaced() {
        let markdown = "```mermaid\nA\n```\ntext\n```mermaid\nB\n```\n";

        let html = with_diagrams(markdown);

        assert_eq!(html.matches("<pre class=\"mermaid\">").count(), 2);
        assert!(html.contains("\ntext\n"));
    }
}
