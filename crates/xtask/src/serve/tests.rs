//! What `cargo xtask serve` watches and how it answers requests.

use tiny_http::Response;

use super::*;

const WATCHED_FILES: [&str; 6] = [
    "src/chapter.md",
    "book.toml",
    "adr/0001-a.md",
    "crates/product-domain/src/lib.rs",
    "crates/product-domain/src/new.rs",
    "playground/src/lib.rs",
];
const IGNORED_FILES: [&str; 5] = [
    "target/site/index.html",
    "target/site/new.html",
    "playground/tests/browser/node_modules/x/index.js",
    ".git/HEAD",
    "crates/xtask/src/main.rs",
];

/// A repository-shaped folder with one file in each watched and each ignored place.
fn tree(test: &str) -> PathBuf {
    let root =
        std::env::temp_dir().join(format!("psr-watch-{test}-{}", std::process::id()));
    for file in WATCHED_FILES.iter().chain(&IGNORED_FILES) {
        let path = root.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, "one").unwrap();
    }
    root
}

#[test]
fn a_change_to_a_chapter_a_crate_or_the_playground_is_seen() {
    let root = Path::new("/repo");
    for file in WATCHED_FILES {
        assert!(is_watched(root, &root.join(file)), "a change to {file} was not seen");
    }
}

#[test]
fn outputs_dependencies_and_the_xtask_itself_are_not_watched() {
    let root = Path::new("/repo");
    for file in IGNORED_FILES.iter().chain(&["Cargo.lock", "README.md"]) {
        assert!(
            !is_watched(root, &root.join(file)),
            "{file}: the build's own output would rebuild it forever"
        );
    }
}

#[test]
fn the_watcher_reports_a_changed_chapter_and_passes_over_the_build_output() {
    let root = tree("events");
    let (_watcher, changes) = watch(&root).unwrap();
    for file in IGNORED_FILES {
        fs::write(root.join(file), "two, and longer").unwrap();
    }
    fs::write(root.join("src/chapter.md"), "changed").unwrap();

    let seen = next_change(&root, &changes, Duration::from_secs(20)).unwrap();

    assert_eq!(seen, root.join("src/chapter.md"));
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn wasm_and_javascript_get_the_types_browsers_require() {
    assert_eq!(content_type(Path::new("pkg/playground_bg.wasm")), "application/wasm");
    assert_eq!(
        content_type(Path::new("pkg/playground.js")),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(content_type(Path::new("index.HTML")), "text/html; charset=utf-8");
    assert_eq!(content_type(Path::new("fonts/open-sans.woff2")), "font/woff2");
    assert_eq!(content_type(Path::new("LICENSE")), "application/octet-stream");
}

#[test]
fn request_paths_are_decoded_into_segments() {
    assert_eq!(
        request_segments("/adr/0001%20use.html?x=1#top"),
        Some(vec!["adr".to_owned(), "0001 use.html".to_owned()])
    );
    assert_eq!(request_segments("/"), Some(vec![]));
}

#[test]
fn paths_that_could_leave_the_site_are_rejected() {
    for target in [
        "/../etc/passwd",
        "/pkg/%2e%2e/%2e%2e/secret",
        "/a%2f..%2f..%2fsecret",
        "/..%5c..%5csecret",
        "/c:/x",
        "/a%00",
        "*",
        "http://host/",
    ] {
        assert_eq!(request_segments(target), None, "{target}");
    }
}

/// The status, content type, location and body of an answer.
fn parts(response: Response<Cursor<Vec<u8>>>) -> (u16, String, Option<String>, Vec<u8>) {
    let header = |name: &'static str| {
        let found = response.headers().iter().find(|header| header.field.equiv(name));
        found.map(|header| header.value.to_string())
    };
    let (content_type, location) =
        (header("Content-Type").unwrap_or_default(), header("Location"));
    (
        response.status_code().0,
        content_type,
        location,
        response.into_reader().into_inner(),
    )
}

fn site(test: &str) -> PathBuf {
    let site =
        std::env::temp_dir().join(format!("xtask-serve-{test}-{}", std::process::id()));
    fs::create_dir_all(site.join("adr")).unwrap();
    fs::write(site.join("index.html"), "<h1>book</h1>").unwrap();
    fs::write(site.join("adr/index.html"), "<h1>adr</h1>").unwrap();
    site
}

#[test]
fn folders_are_answered_with_their_index_and_missing_files_with_404() {
    let site = site("folders");
    let get = |target: &str| parts(respond(&site, &Method::Get, target));
    let (status, content_type, _, body) = get("/");
    assert_eq!(
        (status, content_type.as_str(), body.as_slice()),
        (200, "text/html; charset=utf-8", &b"<h1>book</h1>"[..])
    );
    assert_eq!(get("/adr/").3, b"<h1>adr</h1>");
    assert_eq!(get("/missing.html").0, 404);
    assert_eq!(get("/../Cargo.toml").0, 400);
    assert_eq!(parts(respond(&site, &Method::Post, "/")).0, 405);
}

#[test]
fn a_folder_without_its_trailing_slash_is_redirected_so_relative_links_work() {
    let site = site("redirect");
    let (status, _, location, _) = parts(respond(&site, &Method::Get, "/adr?x=1"));
    assert_eq!(status, 301);
    assert_eq!(location.as_deref(), Some("/adr/"));
}

#[test]
fn a_request_is_answered_with_status_headers_and_body() {
    let site = site("http");
    // What tiny_http writes to the connection; it sends no body when the request's method
    // is HEAD. Unit tests run without network, so the bytes go to memory rather than
    // through a socket.
    let exchange = |method: Method| {
        let mut written = Vec::new();
        let response = respond(&site, &method, "/index.html");
        response
            .raw_print(&mut written, (1, 1).into(), &[], method == Method::Head, None)
            .unwrap();
        String::from_utf8(written).unwrap()
    };

    let get = exchange(Method::Get);
    let head = exchange(Method::Head);

    assert!(get.starts_with("HTTP/1.1 200 OK\r\n"), "{get}");
    assert!(get.contains("Content-Type: text/html; charset=utf-8\r\n"), "{get}");
    assert!(get.ends_with("\r\n\r\n<h1>book</h1>"), "{get}");
    assert!(head.contains("Content-Length: 13\r\n"), "{head}");
    assert!(head.ends_with("\r\n\r\n"), "HEAD must not send a body: {head}");
}

#[test]
fn a_page_is_served_with_its_own_policy_as_a_header_and_one_without_runs_nothing() {
    let site = site("policy");
    let policy = "default-src 'self'; script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='";
    fs::write(
        site.join("sealed.html"),
        format!("<head><meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\"></head>"),
    )
    .unwrap();
    fs::write(site.join("style.css"), "body {}").unwrap();
    let header = |target: &str| {
        let response = respond(&site, &Method::Get, target);
        let found = response
            .headers()
            .iter()
            .find(|header| header.field.equiv("Content-Security-Policy"));
        found.map(|header| header.value.to_string())
    };
    assert_eq!(header("/sealed.html").as_deref(), Some(policy));
    assert_eq!(header("/").as_deref(), Some(csp::FALLBACK));
    assert_eq!(header("/style.css"), None);
}
