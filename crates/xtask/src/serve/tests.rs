//! What `cargo xtask serve` watches and how it answers requests.

use std::{
    io::{BufRead as _, BufReader, Read as _, Write as _},
    net::{SocketAddr, TcpStream},
};

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
fn parts(response: Reply) -> (u16, String, Option<String>, Vec<u8>) {
    let header = |name: &str| {
        let found = response.headers().get(name)?;
        found.to_str().ok().map(str::to_owned)
    };
    let (content_type, location) =
        (header("Content-Type").unwrap_or_default(), header("Location"));
    (response.status().as_u16(), content_type, location, response.into_body())
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
    let get = |target: &str| parts(respond(&site, &Method::GET, target));
    let (status, content_type, _, body) = get("/");
    assert_eq!(
        (status, content_type.as_str(), body.as_slice()),
        (200, "text/html; charset=utf-8", &b"<h1>book</h1>"[..])
    );
    assert_eq!(get("/adr/").3, b"<h1>adr</h1>");
    assert_eq!(get("/missing.html").0, 404);
    assert_eq!(get("/../Cargo.toml").0, 400);
    assert_eq!(parts(respond(&site, &Method::POST, "/")).0, 405);
}

#[test]
fn a_folder_without_its_trailing_slash_is_redirected_so_relative_links_work() {
    let site = site("redirect");
    let (status, _, location, _) = parts(respond(&site, &Method::GET, "/adr?x=1"));
    assert_eq!(status, 301);
    assert_eq!(location.as_deref(), Some("/adr/"));
}

/// Sends `request` on a connection of its own and reads the whole answer; the server
/// closes the connection after it (`Connection: close`).
fn exchange(addr: SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn a_request_is_answered_with_status_headers_and_body() {
    let addr = spawn(site("http"), 0).unwrap();
    let request = |method: &str| {
        exchange(
            addr,
            &format!(
                "{method} /index.html HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
            ),
        )
    };

    let get = request("GET");
    let head = request("HEAD");

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
        let response = respond(&site, &Method::GET, target);
        let found = response.headers().get("Content-Security-Policy")?;
        found.to_str().ok().map(str::to_owned)
    };
    assert_eq!(header("/sealed.html").as_deref(), Some(policy));
    assert_eq!(header("/").as_deref(), Some(csp::FALLBACK));
    assert_eq!(header("/style.css"), None);
}

/// A browser opens several connections at once and keeps each open for its next request;
/// every one of them gets its answer, however many a page opens together.
#[test]
fn every_one_of_many_connections_opened_at_once_is_answered() {
    let site = site("connections");
    for round in 0..20 {
        let addr = spawn(site.clone(), 0).unwrap();
        let opened: Vec<_> = (0..12)
            .map(|_| {
                std::thread::spawn(move || {
                    let mut stream = TcpStream::connect(addr).unwrap();
                    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                    let request = format!(
                        "GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: keep-alive\r\n\r\n"
                    );
                    stream.write_all(request.as_bytes()).unwrap();
                    let mut status = String::new();
                    let read = BufReader::new(&stream).read_line(&mut status);
                    // Kept open, as a browser keeps it, until every connection has its answer.
                    (read.is_ok() && status.starts_with("HTTP/1.1 200"), stream)
                })
            })
            .collect();
        let answered: Vec<_> =
            opened.into_iter().map(|thread| thread.join().unwrap()).collect();
        let missing = answered.iter().filter(|(ok, _)| !ok).count();
        assert_eq!(
            missing, 0,
            "round {round}: {missing} of 12 connections got no answer in 10 s"
        );
    }
}
