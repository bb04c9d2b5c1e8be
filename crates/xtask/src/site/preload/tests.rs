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
    Ok(())
}

#[test]
fn a_page_with_a_widget_preloads_the_module_and_runs_the_loader_ahead_of_mdbooks_scripts()
-> Result<()> {
    let html = page(WIDGET);

    let (preloaded, widgets) = preload(&html, "../")?;

    assert!(widgets);
    assert_eq!(
        links(&preloaded, "preload"),
        [
            "../toc-21b7e5d3.js",
            "../playground/assets/loader-8b7783d8.js",
            "../book-609e4cb8.js",
            "../playground/assets/run-a2f1e18e.js",
            "../pkg/playground_bg.wasm",
        ],
        "the scripts in the order they run, then the WebAssembly"
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
            "../toc-21b7e5d3.js",
            "../playground/assets/loader-8b7783d8.js",
            "../book-609e4cb8.js",
            "../playground/assets/run-a2f1e18e.js",
        ]
    );
    let at = |needle: &str| preloaded.find(needle).unwrap();
    assert!(at(WIDGET) < at("<script src=\"../playground/assets/loader"));
    assert!(
        at("<script src=\"../playground/assets/loader")
            < at("window.playground_copyable"),
        "ahead of every script after the content"
    );
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
