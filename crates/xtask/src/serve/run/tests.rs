//! The run service's refusals, and a run that writes nothing but its shadow copy.

use std::{
    collections::BTreeMap,
    io::{Read as _, Write as _},
    net::{SocketAddr, TcpStream},
    path::Path,
    sync::{LazyLock, Mutex},
};

use sha2::{Digest as _, Sha256};
use walkdir::WalkDir;

use super::*;
use crate::{project::Project, serve::spawn_with_runs};

const EXAMPLE: &str = "crates/product-handlers/examples/all_in_one.rs#all_in_one";

/// One server for the tests of this file, on the real workspace (its run-service target
/// folder stays warm between test runs).
static SERVER: LazyLock<(SocketAddr, Arc<RunService>)> = LazyLock::new(|| {
    let root = crate::project::project_root();
    let project = Project::at(root.clone(), root.join("target"));
    spawn_with_runs(&project, 0).unwrap()
});
/// The tests that run cargo take turns: a second run would cancel the first.
static RUNS: Mutex<()> = Mutex::new(());

/// A raw HTTP request; the answer's status and body.
fn send(
    host: Option<&str>,
    headers: &[(&str, &str)],
    path: &str,
    body: &str,
) -> (u16, String) {
    let (addr, _) = &*SERVER;
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut request = format!("POST {path} HTTP/1.1\r\nConnection: close\r\n");
    if let Some(host) = host {
        request.push_str(&format!("Host: {host}\r\n"));
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    // The server may answer (413) before reading all of a large body.
    let _ = stream.write_all(request.as_bytes());
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    let status = answer.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn own_host() -> String {
    format!("127.0.0.1:{}", SERVER.0.port())
}

fn own_origin() -> String {
    format!("http://{}", own_host())
}

/// A request as the served page makes it, with `body`.
fn from_the_page(path: &str, body: &str) -> (u16, String) {
    let token = SERVER.1.token().to_owned();
    let origin = own_origin();
    send(Some(&own_host()), &[("Origin", &origin), (TOKEN_HEADER, &token)], path, body)
}

/// The text the book shows of [`EXAMPLE`], as the page would send it edited.
fn example_shown() -> String {
    let root = crate::project::project_root();
    let source = std::fs::read_to_string(
        root.join("crates/product-handlers/examples/all_in_one.rs"),
    )
    .unwrap();
    shadow::shown(&source, Some("all_in_one")).unwrap().1
}

fn run_body(snippet: &str) -> String {
    json!({"snippet": snippet}).to_string()
}

#[test]
fn a_request_without_the_token_is_refused() {
    let origin = own_origin();
    let (status, _) =
        send(Some(&own_host()), &[("Origin", &origin)], RUN_PATH, &run_body(EXAMPLE));
    assert_eq!(status, 403);
}

#[test]
fn a_request_with_a_wrong_token_is_refused() {
    let origin = own_origin();
    let wrong = "0".repeat(SERVER.1.token().len());
    let headers = [("Origin", origin.as_str()), (TOKEN_HEADER, wrong.as_str())];
    assert_eq!(send(Some(&own_host()), &headers, RUN_PATH, &run_body(EXAMPLE)).0, 403);
}

#[test]
fn a_request_from_a_foreign_origin_or_none_is_refused() {
    let token = SERVER.1.token().to_owned();
    let port = SERVER.0.port();
    for origin in [
        "http://evil.example".to_owned(),
        format!("http://evil.example:{port}"),
        format!("https://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{}", port.wrapping_add(1)),
        "null".to_owned(),
    ] {
        let headers = [("Origin", origin.as_str()), (TOKEN_HEADER, token.as_str())];
        let (status, _) = send(Some(&own_host()), &headers, RUN_PATH, &run_body(EXAMPLE));
        assert_eq!(status, 403, "{origin}");
    }
    let (status, _) =
        send(Some(&own_host()), &[(TOKEN_HEADER, &token)], RUN_PATH, &run_body(EXAMPLE));
    assert_eq!(status, 403, "no Origin");
}

#[test]
fn a_host_other_than_the_loopback_one_is_refused_for_runs_and_pages() {
    let token = SERVER.1.token().to_owned();
    let origin = own_origin();
    let port = SERVER.0.port();
    let headers = [("Origin", origin.as_str()), (TOKEN_HEADER, token.as_str())];
    for host in [format!("evil.example:{port}"), "127.0.0.1".to_owned(), String::new()] {
        let (status, _) = send(Some(&host), &headers, RUN_PATH, &run_body(EXAMPLE));
        assert_eq!(status, 403, "Host: {host}");
    }
    // A page fetched under a rebound name would hand out the token.
    let mut stream = TcpStream::connect(SERVER.0).unwrap();
    let request = format!(
        "GET / HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(!answer.contains(&token));
}

#[test]
fn an_oversize_body_is_refused() {
    let text = "x".repeat(MAX_BODY + 1);
    let body = json!({"snippet": EXAMPLE, "text": text}).to_string();
    assert_eq!(from_the_page(RUN_PATH, &body).0, 413);
}

#[test]
fn a_path_with_dot_dot_or_outside_the_books_snippets_is_refused() {
    for (snippet, status) in [
        ("crates/../../etc/passwd", 400),
        ("../Cargo.toml", 400),
        ("/etc/passwd", 400),
        ("crates/product-handlers/examples/all_in_one.rs#../x", 400),
        ("crates/product-domain/src/lib.rs", 403),
        ("crates/product-handlers/examples/all_in_one.rs#main", 403),
        ("crates/xtask/src/stack.rs#e2e_suite", 403),
        ("Cargo.toml", 403),
    ] {
        assert_eq!(from_the_page(RUN_PATH, &run_body(snippet)).0, status, "{snippet}");
    }
    assert_eq!(from_the_page(RUN_PATH, "{\"snippet\": 1}").0, 400);
}

#[test]
fn only_a_workshop_exercise_can_be_written_back() {
    let body = json!({"snippet": EXAMPLE, "text": "fn main() {}"}).to_string();
    assert_eq!(from_the_page(SAVE_PATH, &body).0, 403);
}

/// The SHA-256 of every file cargo could touch in the workspace, by path.
fn workspace_hashes(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut hashes = BTreeMap::new();
    for top in ["Cargo.toml", "Cargo.lock", "crates", "playground", "src"] {
        let walk = WalkDir::new(root.join(top)).into_iter().filter_entry(|entry| {
            !["target", "node_modules"].iter().any(|name| entry.file_name() == *name)
        });
        for entry in walk.map(Result::unwrap).filter(|entry| entry.file_type().is_file())
        {
            let digest = Sha256::digest(std::fs::read(entry.path()).unwrap()).to_vec();
            hashes.insert(entry.path().display().to_string(), digest);
        }
    }
    hashes
}

/// The events of a streamed run.
fn events(body: &str) -> Vec<Value> {
    // The chunk sizes stand on lines of their own; the events are the JSON lines.
    body.lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(Value::is_object)
        .collect()
}

#[test]
fn an_edited_example_runs_with_the_edit_and_writes_only_its_shadow_copy() {
    let _turn = RUNS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let root = crate::project::project_root();
    let before = workspace_hashes(&root);
    let source = std::fs::read_to_string(
        root.join("crates/product-handlers/examples/all_in_one.rs"),
    )
    .unwrap();
    let (_, shown) = shadow::shown(&source, Some("all_in_one")).unwrap();
    let edited = shown.replace("product already exists", "that id is taken");

    let body = json!({"snippet": EXAMPLE, "text": edited}).to_string();
    let (status, answer) = from_the_page(RUN_PATH, &body);

    assert_eq!(status, 200);
    let events = events(&answer);
    let stdout: String = events
        .iter()
        .filter(|event| event["kind"] == "stdout")
        .map(|event| event["text"].as_str().unwrap().to_owned() + "\n")
        .collect();
    assert!(stdout.contains(r#"PUT    400 {"error":"that id is taken"}"#), "{answer}");
    assert_eq!(events.last().unwrap()["kind"], "exit", "{answer}");
    assert_eq!(workspace_hashes(&root), before, "the run wrote in the workspace");
    assert!(!SERVER.1.shadow_dir.exists(), "the shadow copy was left behind");

    // The next unedited run is built from the workspace's text again, not the edit.
    let (_, answer) = from_the_page(RUN_PATH, &run_body(EXAMPLE));
    assert!(
        answer.contains(r#"PUT    400 {\"error\":\"product already exists\"}"#),
        "{answer}"
    );
}

#[test]
fn a_broken_edit_reports_the_compiler_error_at_the_snippets_line() {
    let _turn = RUNS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let shown = example_shown();
    // The third line of the snippet now names a type that does not exist.
    let mut lines: Vec<&str> = shown.lines().collect();
    lines[2] = "    store: &mut NoSuchMap<String, Value>,";
    let body = json!({"snippet": EXAMPLE, "text": lines.join("\n")}).to_string();

    let (_, answer) = from_the_page(RUN_PATH, &body);

    let events = events(&answer);
    let location =
        events.iter().find(|event| event["kind"] == "location").expect(&answer);
    assert_eq!(location["line"], 3, "{answer}");
    assert!(location["message"].as_str().unwrap().starts_with("error"), "{answer}");
    assert_eq!(events.last().unwrap()["success"], false, "{answer}");
}

mod cancel;
