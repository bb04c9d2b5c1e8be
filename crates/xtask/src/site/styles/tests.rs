//! The joined stylesheets, on a small site laid out as mdBook 0.5 writes it.

use super::*;

/// A page's head as mdBook writes it, from `root`.
fn head(root: &str) -> String {
    format!(
        r#"<html><head>
        <link rel="stylesheet" href="{root}css/variables-8adf115d.css">
        <link rel="stylesheet" href="{root}css/general-e96d0476.css">
        <link rel="stylesheet" href="{root}css/chrome-d279d366.css">
        <link rel="stylesheet" href="{root}css/print-9e4910d8.css" media="print">

        <!-- Fonts -->
        <link rel="stylesheet" href="{root}fonts/fonts-9644e21d.css">

        <!-- Highlight.js Stylesheets -->
        <link rel="stylesheet" id="mdbook-highlight-css" href="{root}highlight-493f70e1.css">

        <!-- Custom theme stylesheets -->
        <link rel="stylesheet" href="{root}playground/assets/playground-9163593d.css">
        <link rel="stylesheet" href="{root}playground/assets/accessibility-879959ca.css">
    </head><body></body></html>"#
    )
}

const FONTS: &str = "@font-face {
  font-family: 'Open Sans';
  src: local('Open Sans Light'), local('OpenSans-Light'),
       url('../fonts/open-sans-300.woff2') format('woff2');
}";

/// The stylesheets of [`head`] that the page links, from `root`, in the order it links them.
fn stylesheets(html: &str) -> Vec<String> {
    crate::site_check::tags(html)
        .iter()
        .filter(|tag| tag.name == "link" && tag.attr("rel") == Some("stylesheet"))
        .filter_map(|tag| tag.attr("href").map(str::to_owned))
        .collect()
}

#[test]
fn the_fonts_keep_only_the_files_the_site_serves() {
    assert_eq!(
        without_local_sources(FONTS),
        "@font-face {
  font-family: 'Open Sans';
  src: url('../fonts/open-sans-300.woff2') format('woff2');
}"
    );
    assert_eq!(without_local_sources("a { color: red }"), "a { color: red }");
}

#[test]
fn a_page_links_the_joined_file_where_it_linked_the_first_and_keeps_the_others()
-> Result<()> {
    let files = [
        "css/variables-8adf115d.css",
        "css/general-e96d0476.css",
        "css/chrome-d279d366.css",
        "fonts/fonts-9644e21d.css",
    ]
    .map(str::to_owned);

    let page = link_joined(&head("../"), "../", &files, "css/book-0123abcd.css")?;

    assert_eq!(
        stylesheets(&page),
        [
            "../css/book-0123abcd.css",
            "../css/print-9e4910d8.css",
            "../highlight-493f70e1.css",
            "../playground/assets/playground-9163593d.css",
            "../playground/assets/accessibility-879959ca.css",
        ]
    );
    assert!(
        !page.contains("\n        \n        <link"),
        "each removed link takes its line"
    );
    Ok(())
}

#[test]
fn a_page_that_does_not_link_a_joined_file_is_an_error() {
    let files = ["css/other.css".to_owned()];
    let error = link_joined(&head(""), "", &files, "css/book.css").unwrap_err();
    assert!(error.to_string().contains("css/other.css"), "{error}");
}

#[test]
fn a_site_gets_one_stylesheet_for_each_group_with_every_page_linking_it() -> Result<()> {
    let dir = &std::env::temp_dir().join(format!("xtask-styles-{}", std::process::id()));
    crate::util::remove_all(dir)?;
    for folder in ["css", "fonts", "part1", "playground/assets"] {
        fs::create_dir_all(dir.join(folder))?;
    }
    for (file, text) in [
        ("css/variables-8adf115d.css", ":root { --x: 1 }"),
        ("css/general-e96d0476.css", "body { margin: 0 }"),
        ("css/chrome-d279d366.css", ".menu { color: red }"),
        ("css/print-9e4910d8.css", "nav { display: none }"),
        ("fonts/fonts-9644e21d.css", FONTS),
        ("playground/assets/playground-9163593d.css", ".psr-widget { margin: 0 }"),
        (
            "playground/assets/accessibility-879959ca.css",
            ".navy .hljs-tag { color: #fff }",
        ),
    ] {
        fs::write(dir.join(file), text)?;
    }
    fs::write(dir.join("index.html"), head(""))?;
    fs::write(dir.join("part1/page.html"), head("../"))?;

    let joined = join_site(dir)?;

    let [book, site] = joined.as_slice() else { panic!("two groups: {joined:?}") };
    assert!(book.starts_with("css/book-") && book.ends_with(".css"), "{book}");
    assert!(site.starts_with("playground/assets/site-"), "{site}");
    let text = fs::read_to_string(dir.join(book))?;
    let order =
        [":root", "body {", ".menu", "@font-face"].map(|rule| text.find(rule).unwrap());
    assert!(order.is_sorted(), "in the order the pages linked them: {text}");
    assert!(!text.contains("local("));
    assert!(text.contains("url('../fonts/open-sans-300.woff2')"));
    let text = fs::read_to_string(dir.join(site))?;
    assert!(text.find(".psr-widget") < text.find(".navy"), "{text}");
    assert_eq!(
        stylesheets(&fs::read_to_string(dir.join("index.html"))?),
        [book, "css/print-9e4910d8.css", "highlight-493f70e1.css", site]
    );
    assert_eq!(
        stylesheets(&fs::read_to_string(dir.join("part1/page.html"))?)[0],
        format!("../{book}")
    );
    assert!(!dir.join("css/general-e96d0476.css").exists(), "nothing links it any more");
    assert!(dir.join("css/print-9e4910d8.css").exists());
    crate::util::remove_all(dir)
}
