//! `cargo xtask serve`: the site on http://127.0.0.1:PORT, rebuilt when a source changes.
//!
//! The server is deliberately small: GET and HEAD of files under one folder, the content types the site
//! uses, `index.html` for folders, 404 for the rest. It also serves the site to the browser tests.
//! Watching polls modification times once a second: slower than file system events, but with no
//! dependency and the same behaviour everywhere.

use std::{
    collections::hash_map::DefaultHasher,
    fs,
    hash::{Hash, Hasher},
    io::{BufRead, BufReader, Write},
    net::{SocketAddr, TcpListener, TcpStream},
    path::{Path, PathBuf},
    thread,
    time::Duration,
};

use anyhow::{Context, Result};

use crate::{
    site,
    util::{Project, report},
};

/// What is watched, relative to the repository root.
const WATCHED: &[&str] = &["book.toml", "src", "adr", "crates", "playground"];
/// Never watched: outputs, dependencies, and the xtask itself (a change to it needs a restart anyway).
const IGNORED: &[&str] = &["target", "node_modules", ".git", "xtask"];

/// Builds, serves and rebuilds until interrupted.
pub(crate) fn serve(project: &Project, port: u16) -> Result<()> {
    if let Err(err) = site::build(project) {
        eprintln!(
            "error: the first build failed; serving what {} holds: {}",
            project.site_dir().display(),
            report(&err)
        );
    }
    let addr = spawn(project.site_dir(), port)?;
    println!("serving {} on http://{addr}/ (Ctrl-C to stop)", project.site_dir().display());

    let mut last = fingerprint(&project.root);
    loop {
        thread::sleep(Duration::from_secs(1));
        let now = fingerprint(&project.root);
        if now == last {
            continue;
        }
        // Editors write in several steps; wait until the files stop changing.
        let mut settled = now;
        loop {
            thread::sleep(Duration::from_millis(300));
            let again = fingerprint(&project.root);
            if again == settled {
                break;
            }
            settled = again;
        }
        println!("change detected, rebuilding");
        match site::build(project) {
            Ok(()) => println!("rebuilt; reload http://{addr}/"),
            Err(err) => eprintln!("error: rebuild failed; still serving the last good site: {}", report(&err)),
        }
        last = fingerprint(&project.root);
    }
}

/// Serves `site` on 127.0.0.1:`port` (0 for any free port) from a background thread.
pub(crate) fn spawn(site: PathBuf, port: u16) -> Result<SocketAddr> {
    let listener =
        TcpListener::bind(("127.0.0.1", port)).with_context(|| format!("could not listen on 127.0.0.1:{port}"))?;
    let addr = listener.local_addr()?;
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let site = site.clone();
            thread::spawn(move || {
                // A client that hangs up early is its own business.
                let _ = handle(stream, &site);
            });
        }
    });
    Ok(addr)
}

fn handle(stream: TcpStream, site: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let reader = BufReader::new(stream.try_clone()?);
    answer(reader, stream, site)
}

/// Reads one request from `reader` and writes the answer to `writer`.
fn answer(mut reader: impl BufRead, mut writer: impl Write, site: &Path) -> std::io::Result<()> {
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // The headers say nothing we use, but must be read before answering.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let response = respond(site, &request_line);
    let head = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        response.status,
        response.content_type,
        response.body.len(),
        response.location.as_deref().map(|to| format!("Location: {to}\r\n")).unwrap_or_default(),
    );
    writer.write_all(head.as_bytes())?;
    if !response.head_only {
        writer.write_all(&response.body)?;
    }
    writer.flush()
}

/// An answer to one request.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: &'static str,
    pub(crate) content_type: &'static str,
    pub(crate) location: Option<String>,
    pub(crate) body: Vec<u8>,
    head_only: bool,
}

impl Response {
    fn text(status: &'static str, body: &str) -> Self {
        Self {
            status,
            content_type: "text/plain; charset=utf-8",
            location: None,
            body: body.as_bytes().to_vec(),
            head_only: false,
        }
    }
}

/// Answers a request line such as `GET /pkg/playground_bg.wasm HTTP/1.1` from the files under `site`.
pub(crate) fn respond(site: &Path, request_line: &str) -> Response {
    let mut words = request_line.split_whitespace();
    let (method, target) = (words.next().unwrap_or_default(), words.next().unwrap_or_default());
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Response::text("405 Method Not Allowed", "only GET and HEAD\n"),
    };
    let Some(segments) = request_segments(target) else {
        return Response::text("400 Bad Request", "bad path\n");
    };
    let mut file: PathBuf = site.to_path_buf();
    file.extend(&segments);
    if file.is_dir() {
        let path = target.split(['?', '#']).next().unwrap_or("/");
        if !path.ends_with('/') {
            // Relative links in index.html resolve against the folder only with the trailing slash.
            let mut response = Response::text("301 Moved Permanently", "moved\n");
            response.location = Some(format!("{path}/"));
            return response;
        }
        file.push("index.html");
    }
    let mut response = match fs::read(&file) {
        Ok(body) => {
            Response { status: "200 OK", content_type: content_type(&file), location: None, body, head_only: false }
        }
        Err(_) => Response::text("404 Not Found", "not found\n"),
    };
    response.head_only = head_only;
    response
}

/// The decoded path segments of a request target; `None` when it could name something outside the
/// served folder (`..`, a backslash, a drive or NUL) or is not a path.
pub(crate) fn request_segments(target: &str) -> Option<Vec<String>> {
    let path = target.split(['?', '#']).next()?;
    if !path.starts_with('/') {
        return None;
    }
    let mut segments = Vec::new();
    for raw in path.split('/').filter(|segment| !segment.is_empty()) {
        let segment = crate::site_check::percent_decode(raw);
        let forbidden = segment == "." || segment == ".." || segment.contains(['/', '\\', '\0', ':']);
        if forbidden {
            return None;
        }
        segments.push(segment);
    }
    Some(segments)
}

/// The `Content-Type` of a file by its extension; `.wasm` must be `application/wasm` for streaming
/// compilation, and module scripts must have a JavaScript type.
pub(crate) fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|ext| ext.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

/// A hash of the names, sizes and modification times of every watched file.
fn fingerprint(root: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    for watched in WATCHED {
        visit(&root.join(watched), &mut hasher);
    }
    hasher.finish()
}

fn visit(path: &Path, hasher: &mut DefaultHasher) {
    let Ok(meta) = fs::metadata(path) else { return };
    if meta.is_dir() {
        let ignored = path.file_name().is_some_and(|name| IGNORED.iter().any(|ignored| name == *ignored));
        if ignored {
            return;
        }
        let Ok(entries) = fs::read_dir(path) else { return };
        let mut children: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
        children.sort();
        for child in children {
            visit(&child, hasher);
        }
    } else {
        path.hash(hasher);
        meta.len().hash(hasher);
        meta.modified().ok().hash(hasher);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository-shaped folder with one file in each watched and each ignored place.
    fn tree(test: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("psr-watch-{test}-{}", std::process::id()));
        for file in [
            "book.toml",
            "src/chapter.md",
            "adr/0001-a.md",
            "crates/product-domain/src/lib.rs",
            "crates/xtask/src/main.rs",
            "playground/src/lib.rs",
            "playground/tests/browser/node_modules/x/index.js",
            "target/site/index.html",
            ".git/HEAD",
        ] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "one").unwrap();
        }
        root
    }

    #[test]
    fn a_change_to_a_chapter_a_crate_or_the_playground_is_seen() {
        let root = tree("seen");
        for (file, text) in [
            ("src/chapter.md", "changed"),
            ("book.toml", "changed"),
            ("adr/0001-a.md", "changed"),
            ("crates/product-domain/src/lib.rs", "changed"),
            ("crates/product-domain/src/new.rs", "new"),
            ("playground/src/lib.rs", "changed"),
        ] {
            let before = fingerprint(&root);
            // Another length too, so the change shows even where modification times are coarse.
            fs::write(root.join(file), text).unwrap();
            assert_ne!(fingerprint(&root), before, "a change to {file} was not seen");
        }
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn outputs_dependencies_and_the_xtask_itself_are_not_watched() {
        let root = tree("ignored");
        let before = fingerprint(&root);
        for file in [
            "target/site/index.html",
            "target/site/new.html",
            "playground/tests/browser/node_modules/x/index.js",
            ".git/HEAD",
            "crates/xtask/src/main.rs",
        ] {
            fs::write(root.join(file), "two, and longer").unwrap();
        }
        assert_eq!(fingerprint(&root), before, "the build's own output would rebuild it forever");
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn wasm_and_javascript_get_the_types_browsers_require() {
        assert_eq!(content_type(Path::new("pkg/playground_bg.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("pkg/playground.js")), "text/javascript; charset=utf-8");
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

    fn site(test: &str) -> PathBuf {
        let site = std::env::temp_dir().join(format!("xtask-serve-{test}-{}", std::process::id()));
        fs::create_dir_all(site.join("adr")).unwrap();
        fs::write(site.join("index.html"), "<h1>book</h1>").unwrap();
        fs::write(site.join("adr/index.html"), "<h1>adr</h1>").unwrap();
        site
    }

    #[test]
    fn folders_are_answered_with_their_index_and_missing_files_with_404() {
        let site = site("folders");
        let root = respond(&site, "GET / HTTP/1.1\r\n");
        assert_eq!(
            (root.status, root.content_type, root.body.as_slice()),
            ("200 OK", "text/html; charset=utf-8", &b"<h1>book</h1>"[..])
        );
        assert_eq!(respond(&site, "GET /adr/ HTTP/1.1").body, b"<h1>adr</h1>");
        assert_eq!(respond(&site, "GET /missing.html HTTP/1.1").status, "404 Not Found");
        assert_eq!(respond(&site, "GET /../Cargo.toml HTTP/1.1").status, "400 Bad Request");
        assert_eq!(respond(&site, "POST / HTTP/1.1").status, "405 Method Not Allowed");
    }

    #[test]
    fn a_folder_without_its_trailing_slash_is_redirected_so_relative_links_work() {
        let site = site("redirect");
        let response = respond(&site, "GET /adr?x=1 HTTP/1.1");
        assert_eq!(response.status, "301 Moved Permanently");
        assert_eq!(response.location.as_deref(), Some("/adr/"));
    }

    #[test]
    fn a_request_is_answered_with_status_headers_and_body() {
        let site = site("http");
        let exchange = |request: &[u8]| {
            let mut written = Vec::new();
            answer(request, &mut written, &site).unwrap();
            String::from_utf8(written).unwrap()
        };

        let get = exchange(b"GET /index.html HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");
        let head = exchange(b"HEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\n");

        assert!(get.starts_with("HTTP/1.1 200 OK\r\n"), "{get}");
        assert!(get.contains("Content-Type: text/html; charset=utf-8\r\n"), "{get}");
        assert!(get.ends_with("\r\n\r\n<h1>book</h1>"), "{get}");
        assert!(head.contains("Content-Length: 13\r\n"), "{head}");
        assert!(head.ends_with("\r\n\r\n"), "HEAD must not send a body: {head}");
    }
}
