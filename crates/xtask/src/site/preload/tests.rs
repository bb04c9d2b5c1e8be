//! The preloads, on small pages laid out as mdBook 0.5 writes them.

use super::*;

/// A page as mdBook writes it: the policy, the stylesheets, the head's scripts, the
/// content, and the scripts at the end of the body, the loader among `additional-js`.
fn page(content: &str) -> String {
    format!(
        r#"<html><head>
        <meta http-equiv="Content-Security-Policy" content="default-src 'self'">
        <link rel="stylesheet" href="{root}css/general-e96d0476.css">
        <!-- Provide site root and default themes to javascript -->
        <script>
            const path_to_root = "{root}";
        </script>
        <script src="{root}toc-21b7e5d3.js"></script>
    </head>
    <body>
        <main>{content}</main>
        <script>
            window.playground_copyable = true;
        </script>
        <script src="{root}book-609e4cb8.js"></script>
        <script src="{root}playground/assets/loader-8b7783d8.js"></script>
        <script src="{root}playground/assets/run-a2f1e18e.js"></script>
    </body></html>"#,
        root = "../"
    )
}

const WIDGET: &str = r#"<div class="psr-widget" data-widget="validator"></div>"#;

/// The `href`s of the page's `<link>`s of `rel`, in order.
fn links(html: &str, rel: &str) -> Vec<String> {
    tags(html)
        .iter()
        .filter(|tag| tag.name == "link" && tag.attr("rel") == Some(rel))
        .filter_map(|tag| tag.attr("href").map(str::to_owned))
        .collect()
}

/// The `src`s of the page's scripts, in the order they run.
fn scripts(html: &str) -> Vec<String> {
    tags(html)
        .iter()
        .filter(|tag| tag.name == "script")
        .filter_map(|tag| tag.attr("src").map(str::to_owned))
        .collect()
}

#[test]
fn every_script_of_a_page_is_preloaded_after_its_stylesheets_ahead_of_its_first_script()
-> Result<()> {
    let html = page("<p>No widget here.</p>");

    let (preloaded, widgets) = preload(&html, "../")?;

    assert!(!widgets);
    assert_eq!(
        links(&preloaded, "preload"),
        [
            "../toc-21b7e5d3.js",
            "../book-609e4cb8.js",
            "../playground/assets/loader-8b7783d8.js",
            "../playground/assets/run-a2f1e18e.js",
        ]
    );
    let at = |needle: &str| preloaded.find(needle).unwrap();
    assert!(at("css/general") < at("rel=\"preload\""));
    assert!(
        at("rel=\"preload\"") < at("<!-- Provide site root"),
        "mdBook's comment stays with its script"
    );
    assert!(
        tags(&preloaded)
            .iter()
            .filter(|tag| tag.attr("rel") == Some("preload"))
            .all(|tag| tag.attr("as") == Some("script"))
    );
    assert_eq!(scripts(&preloaded), scripts(&html), "the scripts run as before");
    assert!(links(&preloaded, "modulepreload").is_empty(), "no module without a widget");
    assert!(!preloaded.contains("pkg/"));
    assert!(!preloaded.contains(PLACEHOLDERS_PARSED));
    Ok(())
}

#[test]
fn a_page_with_a_widget_starts_the_loader_from_its_head_with_the_module_it_loads()
-> Result<()> {
    let html = page(WIDGET);

    let (preloaded, widgets) = preload(&html, "../")?;

    assert!(widgets);
    assert_eq!(
        links(&preloaded, "preload"),
        [
            "../toc-21b7e5d3.js",
            "../pkg/playground_bg.wasm",
            "../book-609e4cb8.js",
            "../playground/assets/run-a2f1e18e.js",
        ],
        "the head's script, the WebAssembly the loader asks for, then the body's scripts"
    );
    assert_eq!(links(&preloaded, "modulepreload"), ["../pkg/playground.js"]);
    let wasm = tags(&preloaded)
        .into_iter()
        .find(|tag| tag.attr("href") == Some("../pkg/playground_bg.wasm"))
        .expect("the WebAssembly is preloaded");
    assert_eq!(wasm.attr("rel"), Some("preload"));
    assert_eq!(wasm.attr("as"), Some("fetch"));
    assert_eq!(wasm.attr("type"), Some("application/wasm"));
    assert_eq!(wasm.attr("crossorigin"), Some(""), "fetch() asks in CORS mode");
    assert_eq!(
        scripts(&preloaded),
        [
            "../playground/assets/loader-8b7783d8.js",
            "../toc-21b7e5d3.js",
            "../book-609e4cb8.js",
            "../playground/assets/run-a2f1e18e.js",
        ],
        "the loader once, in the head"
    );
    let loader = tags(&preloaded)
        .into_iter()
        .find(|tag| tag.attr("src") == Some("../playground/assets/loader-8b7783d8.js"))
        .expect("the loader is there");
    assert_eq!(loader.attr("async"), Some(""), "it waits for no stylesheet");
    assert_eq!(loader.attr("fetchpriority"), Some("high"));
    assert_eq!(loader.attr("data-module"), Some("../pkg/playground.js"));
    assert_eq!(loader.attr("data-wasm"), Some("../pkg/playground_bg.wasm"));
    let at = |needle: &str| preloaded.find(needle).unwrap();
    assert!(at("css/general") < at("playground/assets/loader"));
    assert!(at("playground/assets/loader") < at("</head>"));
    assert!(at("href=\"../toc-21b7e5d3.js\"") < at("playground/assets/loader"));
    assert!(
        !preloaded.contains("\n        \n"),
        "the loader's line in the body goes with it"
    );
    assert!(at(WIDGET) < at(PLACEHOLDERS_PARSED), "the placeholders come first");
    assert!(
        at(PLACEHOLDERS_PARSED) < at("window.playground_copyable"),
        "ahead of every script after the content"
    );
    Ok(())
}

#[test]
fn the_loader_leaves_its_line_in_the_body_whole() -> Result<()> {
    let (page, src) = take_loader(&page(WIDGET))?;

    assert_eq!(src, "../playground/assets/loader-8b7783d8.js");
    assert!(page.contains(
        "<script src=\"../book-609e4cb8.js\"></script>\n        <script src=\"../playground/assets/run-a2f1e18e.js\"></script>"
    ));
    Ok(())
}

#[test]
fn a_page_with_a_widget_and_no_loader_is_an_error() {
    let html = page(WIDGET).replace("playground/assets/loader-8b7783d8.js", "other.js");
    let error = preload(&html, "../").unwrap_err();
    assert!(error.to_string().contains("playground/assets/loader.js"), "{error}");
}

#[test]
fn a_page_whose_first_script_is_not_in_its_head_is_an_error() {
    let html = "<html><head></head><body><script src=\"book.js\"></script></body></html>";
    assert!(preload(html, "").is_err());
}

#[test]
fn the_loader_is_known_by_its_folder_and_name_with_or_without_its_hash() {
    assert!(is_loader("playground/assets/loader.js"));
    assert!(is_loader("playground/assets/loader-8b7783d8.js"));
    assert!(is_loader("../../playground/assets/loader-8b7783d8.js"));
    assert!(!is_loader("playground/assets/loader-.js"));
    assert!(!is_loader("playground/assets/loaders.js"));
    assert!(!is_loader("playground/assets/run-a2f1e18e.js"));
    assert!(!is_loader("loader.js"));
}
