//! Stylesheets written into pages, on small pages laid out as mdBook 0.5 writes them.

use super::*;

/// The head of a page one folder down, with the book's stylesheets as the build links them.
const PAGE: &str = r#"<html><head>
        <meta http-equiv="Content-Security-Policy" content="default-src 'self'">
        <link rel="stylesheet" href="../css/book-9f382cce.css">
        <link rel="stylesheet" href="../css/print-9e4910d8.css" media="print">
        <link rel="stylesheet" id="mdbook-highlight-css" href="../highlight-493f70e1.css">
    </head><body><div data-widget="validator"></div></body></html>"#;

fn read(file: &str) -> Result<String> {
    Ok(match file {
        "css/book-9f382cce.css" => {
            "@font-face { src: url('../fonts/open-sans-2e3b1d34.woff2') format('woff2'); }\n\
             .copy { background: url(data:image/svg+xml;base64,AAAA); }\n\
             .logo { background: url(\"../images/logo.svg\"), url(/absolute.png), url(https://example.com/x.png); }"
        }
        "highlight-493f70e1.css" => ".hljs { color: #000; }",
        other => bail!("no such stylesheet: {other}"),
    }
    .to_owned())
}

#[test]
fn the_stylesheets_that_block_the_page_come_with_it_under_their_ids() -> Result<()> {
    let page = inline(PAGE, "../", read)?;

    assert!(
        page.contains(
            r#"<style id="mdbook-highlight-css">.hljs { color: #000; }</style>"#
        )
    );
    assert!(!page.contains("book-9f382cce.css"), "the book's stylesheet is in the page");
    assert!(
        page.contains(
            r#"<link rel="stylesheet" href="../css/print-9e4910d8.css" media="print">"#
        ),
        "the print stylesheet blocks nothing and stays linked"
    );
    let at = |needle: &str| page.find(needle).unwrap();
    assert!(
        at("@font-face") < at("mdbook-highlight-css"),
        "in the order they were linked"
    );
    Ok(())
}

#[test]
fn a_stylesheets_urls_lead_from_the_page_where_they_led_from_the_stylesheet() -> Result<()>
{
    let page = inline(PAGE, "../", read)?;

    assert!(page.contains("url('../fonts/open-sans-2e3b1d34.woff2')"));
    assert!(page.contains("url(\"../images/logo.svg\")"));
    assert!(page.contains("url(data:image/svg+xml;base64,AAAA)"));
    assert!(page.contains("url(/absolute.png)"));
    assert!(page.contains("url(https://example.com/x.png)"));
    let top = inline(&PAGE.replace("../", ""), "", read)?;
    assert!(top.contains("url('fonts/open-sans-2e3b1d34.woff2')"));
    Ok(())
}

#[test]
fn a_stylesheet_that_would_end_its_element_is_an_error() {
    let read = |_: &str| Ok(String::from("p::after { content: '</style>'; }"));
    let error = inline(PAGE, "../", read).unwrap_err();
    assert!(error.to_string().contains("</style"), "{error}");
}
