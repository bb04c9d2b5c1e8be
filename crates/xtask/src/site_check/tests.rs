//! The checks of the built site, on small pages made by the tests.

use super::*;

#[test]
fn attributes_are_read_quoted_unquoted_and_with_entities() {
    let tags = tags(
        r#"<!DOCTYPE html><A HREF="a.html?x=1&amp;y=2" id=top class='x y' hidden><br/>"#,
    );
    assert_eq!(tags[0].name, "a");
    assert_eq!(tags[0].attr("href"), Some("a.html?x=1&y=2"));
    assert_eq!(tags[0].attr("id"), Some("top"));
    assert_eq!(tags[0].attr("class"), Some("x y"));
    assert_eq!(tags[0].attr("hidden"), Some(""));
    assert_eq!(tags[1].name, "br");
    assert_eq!(tags.len(), 2);
}

#[test]
fn comments_and_script_bodies_are_not_read_as_tags() {
    let html = r#"<!-- <a href="gone.html"> --><script>if (a<b) { x = '<img src="https://cdn.example/x.png">'; }</script><p id="after">"#;
    let names: Vec<_> = tags(html).into_iter().map(|tag| tag.name).collect();
    assert_eq!(names, ["script", "p"]);
}

#[test]
fn scripts_and_stylesheets_from_another_host_are_found() {
    let html = r#"
        <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Open+Sans">
        <link rel="stylesheet" href="css/general.css">
        <script src="//cdn.jsdelivr.net/npm/mermaid.min.js"></script>
        <script src="playground/assets/loader.js"></script>
        <img srcset="a.png 1x, https://img.example/b.png 2x">
        <a href="https://github.com/pragmatic-serverless/pragmatic-serverless-rust">repository</a>"#;
    assert_eq!(
        external_resources(&tags(html)),
        [
            "https://fonts.googleapis.com/css?family=Open+Sans",
            "//cdn.jsdelivr.net/npm/mermaid.min.js",
            "https://img.example/b.png"
        ]
    );
}

#[test]
fn stylesheet_urls_on_another_host_are_found() {
    let css = r#"@import url("https://fonts.googleapis.com/x.css"); @import 'https://cdn.example/y.css';
        @font-face { src: url('../fonts/open-sans.woff2') format('woff2'); }
        .logo { background: url(HTTPS://cdn.example/logo.svg) }"#;
    assert_eq!(
        css_external_urls(css),
        [
            "https://fonts.googleapis.com/x.css",
            "HTTPS://cdn.example/logo.svg",
            "https://cdn.example/y.css"
        ]
    );
}

#[test]
fn links_with_a_scheme_or_to_another_host_are_not_checked() {
    for href in [
        "https://example.com/a",
        "//example.com",
        "mailto:a@example.com",
        "javascript:void(0)",
    ] {
        assert_eq!(classify(href), Link::External, "{href}");
    }
}

#[test]
fn internal_links_are_split_into_a_decoded_path_and_fragment() {
    assert_eq!(
        classify("adr/0001-use%20rust.html?x=1#d%C3%A9cision"),
        Link::Internal {
            path: "adr/0001-use rust.html".to_owned(),
            fragment: Some("décision".to_owned())
        }
    );
    assert_eq!(
        classify("#top"),
        Link::Internal { path: String::new(), fragment: Some("top".to_owned()) }
    );
}

#[test]
fn relative_links_resolve_against_the_folder_of_their_page() {
    assert_eq!(
        resolve(Path::new("adr"), "../testing/index.html"),
        Ok(PathBuf::from("testing/index.html"))
    );
    assert_eq!(resolve(Path::new(""), "./adr/"), Ok(PathBuf::from("adr/index.html")));
}

#[test]
fn links_that_leave_the_site_or_start_at_the_host_root_are_rejected() {
    assert!(resolve(Path::new("adr"), "../../etc/passwd").is_err());
    assert!(resolve(Path::new(""), "/pragmatic-serverless-rust/index.html").is_err());
}

#[test]
fn a_malformed_percent_escape_is_kept_as_written() {
    assert_eq!(
        classify("100%#%zz%41"),
        Link::Internal { path: "100%".to_owned(), fragment: Some("%zzA".to_owned()) }
    );
}

#[test]
fn a_site_with_a_missing_anchor_or_page_fails_the_check() {
    let site =
        std::env::temp_dir().join(format!("xtask-site-check-{}", std::process::id()));
    fs::create_dir_all(site.join("adr")).unwrap();
    fs::write(
        site.join("index.html"),
        r##"<h1 id="intro">x</h1><a href="adr/one.html#status">ok</a><a href="#intro">ok</a>"##,
    )
    .unwrap();
    fs::write(
        site.join("adr/one.html"),
        r##"<h2 id="status"></h2><a href="../index.html#missing">bad</a><a href="two.html">bad</a>"##,
    )
    .unwrap();

    let err = check(&site).unwrap_err().to_string();

    assert!(err.contains("2 problem(s)"), "{err}");
    assert!(err.contains("index.html has no element with id `missing`"), "{err}");
    assert!(err.contains("adr/two.html does not exist"), "{err}");
    fs::remove_dir_all(&site).unwrap();
}
