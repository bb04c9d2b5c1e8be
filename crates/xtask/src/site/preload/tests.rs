//! The preloads, on small pages laid out as mdBook 0.5 writes them.

use super::*;
use crate::site_check::Tag;

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

/// The loader's text, as the site holds it.
const LOADER: &str = "(function () { /* loads the module */ })();";

/// [`preload`] on a page one folder down, in a site whose `pkg/` holds the WebAssembly
/// when `wasm`.
fn preload_in(html: &str, wasm: bool) -> Result<(String, bool)> {
    let read_loader = |src: &str| {
        assert_eq!(
            src, "playground/assets/loader-8b7783d8.js",
            "read from the site's root"
        );
        Ok(LOADER.to_owned())
    };
    preload(html, "../", &Playground { read_loader: &read_loader, wasm })
}

/// The page's inline script that names the module: the loader.
fn inline_loader_tag(html: &str) -> Option<Tag> {
    tags(html)
        .into_iter()
        .find(|tag| tag.name == "script" && tag.attr("data-module").is_some())
}

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

    let (preloaded, widgets) = preload_in(&html, true)?;

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
fn a_page_with_a_widget_runs_the_loader_right_after_its_policy_naming_the_module_it_loads()
-> Result<()> {
    let html = page(WIDGET);

    let (preloaded, widgets) = preload_in(&html, true)?;

    assert!(widgets);
    assert_eq!(
        links(&preloaded, "preload"),
        [
            "../toc-21b7e5d3.js",
            "../book-609e4cb8.js",
            "../playground/assets/run-a2f1e18e.js",
        ],
        "the head's script, then the body's scripts"
    );
    assert!(
        links(&preloaded, "modulepreload").is_empty(),
        "the loader asks for the module itself, ahead of any preload"
    );
    assert_eq!(
        scripts(&preloaded),
        [
            "../toc-21b7e5d3.js",
            "../book-609e4cb8.js",
            "../playground/assets/run-a2f1e18e.js",
        ],
        "the loader's file is no longer loaded"
    );
    let loader = inline_loader_tag(&preloaded).expect("the loader is in the page");
    assert_eq!(loader.attr("src"), None);
    assert_eq!(loader.attr("data-module"), Some("../pkg/playground.js"));
    assert_eq!(loader.attr("data-wasm"), Some("../pkg/playground_bg.wasm"));
    let at = |needle: &str| preloaded.find(needle).unwrap();
    assert!(at(LOADER) > at("Content-Security-Policy"), "the policy covers it");
    assert!(at(LOADER) < at("css/general"), "it waits for no stylesheet");
    assert_eq!(preloaded.matches(LOADER).count(), 1);
    assert!(
        !preloaded.contains("\n        \n"),
        "the loader's line in the body goes with it"
    );
    assert!(at(WIDGET) < at(PLACEHOLDERS_PARSED), "the placeholders come first");
    assert!(
        at(PLACEHOLDERS_PARSED) < at("window.playground_copyable"),
        "ahead of every script after the content"
    );
    let preload_of = |src: &str| at(&format!("<link rel=\"preload\" href=\"{src}\""));
    assert!(
        preload_of("../toc-21b7e5d3.js") < at("</head>"),
        "the head's script from the head"
    );
    for body_script in ["../book-609e4cb8.js", "../playground/assets/run-a2f1e18e.js"] {
        assert!(
            at(WIDGET) < preload_of(body_script)
                && preload_of(body_script) < at(PLACEHOLDERS_PARSED),
            "{body_script} is asked for once the widgets are in the page, not alongside the module"
        );
    }
    Ok(())
}

#[test]
fn a_site_whose_pkg_holds_no_webassembly_has_pages_that_name_none() -> Result<()> {
    let (preloaded, widgets) = preload_in(&page(WIDGET), false)?;

    assert!(widgets);
    let loader = inline_loader_tag(&preloaded).expect("the loader is in the page");
    assert_eq!(loader.attr("data-module"), Some("../pkg/playground.js"));
    assert_eq!(loader.attr("data-wasm"), None);
    assert!(!preloaded.contains("playground_bg.wasm"));
    let (built, _) = preload_in(&page(WIDGET), true)?;
    assert_eq!(naming_no_wasm(&built, "../"), preloaded, "as a built page without it");
    Ok(())
}

#[test]
fn a_loader_that_would_end_its_script_early_is_an_error() {
    let read_loader = |_: &str| Ok(String::from("say('</script>');"));
    let playground = Playground { read_loader: &read_loader, wasm: true };
    let error = preload(&page(WIDGET), "../", &playground).unwrap_err();
    assert!(error.to_string().contains("</script"), "{error}");
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
    let error = preload_in(&html, true).unwrap_err();
    assert!(error.to_string().contains("playground/assets/loader.js"), "{error}");
}

#[test]
fn a_page_whose_first_script_is_not_in_its_head_is_an_error() {
    let html = "<html><head></head><body><script src=\"book.js\"></script></body></html>";
    let read_loader = |_: &str| Ok(String::new());
    assert!(
        preload(html, "", &Playground { read_loader: &read_loader, wasm: true }).is_err()
    );
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
