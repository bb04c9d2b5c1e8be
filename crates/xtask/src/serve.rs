//! `cargo xtask serve`: the site on http://127.0.0.1:PORT, rebuilt when a source changes.
//!
//! hyper answers GET and HEAD of the files under one folder (`index.html` for folders,
//! 404 for the rest), each page with its Content-Security-Policy as a header (`listen`);
//! it also serves the site to the browser tests. notify reports changes under the watched
//! folders, and a burst of them (an editor writes in several steps) makes one rebuild.
//! Unless told `--no-run`, it also runs the book's snippets for its pages (`run`,
//! ADR-0029).

use std::{
    fs,
    path::{Path, PathBuf},
    sync::mpsc::{self, Receiver},
    time::Duration,
};

use anyhow::{Context, Result};
use http::{HeaderValue, Method, Response, StatusCode, header::HeaderName};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher as _};
use percent_encoding::percent_decode_str;

use crate::{
    csp,
    project::Project,
    site::{self, Module},
};

mod job;
mod listen;
pub(crate) mod run;
pub(crate) mod shadow;
pub(crate) mod warm;

pub(crate) use listen::{parse_args, spawn, spawn_with_runs};

/// A whole answer, as the server sends it.
pub(crate) type Reply = Response<Vec<u8>>;

/// What is watched, relative to the repository root.
const WATCHED: &[&str] = &["book.toml", "src", "adr", "crates", "playground", "theme"];
/// Never watched: outputs, dependencies, and the xtask itself (a change to it needs a
/// restart anyway).
const IGNORED: &[&str] = &["target", "node_modules", ".git", "xtask"];

/// Builds, serves (with the run service when `runs`) and rebuilds until interrupted.
///
/// When the site has never been built with the playground's module (a fresh clone), the
/// book is served first, with a stand-in for the module (`site::pending`), and the module
/// is built while the reader reads: the module's first build takes minutes, the book's
/// seconds.
pub(crate) fn serve(project: &Project, port: u16, runs: bool) -> Result<()> {
    let first_start = !has_module(&project.site_dir());
    let first = if first_start { Module::Pending } else { Module::Built };
    if let Err(err) = site::build_for_serve(project, first) {
        eprintln!(
            "error: the first build failed; serving what {} holds: {err:#}",
            project.site_dir().display()
        );
    }
    let addr = if runs {
        let (addr, _) = spawn_with_runs(project, port)?;
        println!("snippets run on this machine from the pages (`--no-run` turns it off)");
        addr
    } else {
        spawn(project.site_dir(), port)?
    };
    println!(
        "serving {} on http://{addr}/ (Ctrl-C to stop)",
        project.site_dir().display()
    );
    // Watching starts before the module's build, so that an edit made during it is
    // built too.
    let (_watcher, changes) = watch(&project.root)?;
    if first_start {
        println!(
            "the book is served; the playground's module is built next ({FIRST_MODULE_BUILD} the \
             first time): its widgets say so meanwhile, and their pages reload by themselves"
        );
        rebuild(project, addr);
    }
    loop {
        next_change(&project.root, &changes, Duration::MAX)?;
        // Editors write in several steps; wait until the files stop changing.
        while next_change(&project.root, &changes, Duration::from_millis(300)).is_ok() {}
        println!("change detected, rebuilding");
        rebuild(project, addr);
    }
}

/// How long the module's first build takes on two cores: what `cargo xtask serve` on a
/// fresh clone measured (README).
const FIRST_MODULE_BUILD: &str = "about 90 s on two idle cores";

/// Whether `site` holds a built playground module, not none or the stand-in.
fn has_module(site: &Path) -> bool {
    site.join("pkg").join("playground_bg.wasm").is_file()
}

/// Builds the site with its module, and says whether the reader has something new.
fn rebuild(project: &Project, addr: std::net::SocketAddr) {
    match site::build_for_serve(project, Module::Built) {
        Ok(()) => println!("rebuilt; reload http://{addr}/"),
        Err(err) => {
            eprintln!("error: rebuild failed; still serving the last good site: {err:#}");
        }
    }
}

/// Watches the [`WATCHED`] places under `root`; the events arrive on the receiver while
/// the watcher lives.
fn watch(root: &Path) -> Result<(RecommendedWatcher, Receiver<notify::Result<Event>>)> {
    let (sender, changes) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(sender)
        .context("could not start the file watcher")?;
    for place in WATCHED.iter().map(|place| root.join(place)).filter(|path| path.exists())
    {
        watcher
            .watch(&place, RecursiveMode::Recursive)
            .with_context(|| format!("could not watch {}", place.display()))?;
    }
    Ok((watcher, changes))
}

/// The next changed file that is watched, within `timeout`; an error when none came.
fn next_change(
    root: &Path,
    changes: &Receiver<notify::Result<Event>>,
    timeout: Duration,
) -> Result<PathBuf> {
    loop {
        let event = changes.recv_timeout(timeout)?.context("the file watcher failed")?;
        let changed =
            event.kind.is_create() || event.kind.is_modify() || event.kind.is_remove();
        if let Some(path) =
            event.paths.into_iter().find(|path| changed && is_watched(root, path))
        {
            return Ok(path);
        }
    }
}

/// Whether a change to `path` calls for a rebuild: it is under a [`WATCHED`] place and
/// under no [`IGNORED`] folder (the build's own output would otherwise rebuild it
/// forever).
fn is_watched(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else { return false };
    let mut names = relative.iter();
    names.next().is_some_and(|first| WATCHED.iter().any(|place| first == *place))
        && !relative.iter().any(|name| IGNORED.iter().any(|ignored| name == *ignored))
}

/// Answers a request for `target` (such as `/pkg/playground_bg.wasm`) from the files
/// under `site`.
pub(crate) fn respond(site: &Path, method: &Method, target: &str) -> Reply {
    respond_with_token(site, method, target, None)
}

/// [`respond`], with the run service's token in every HTML page when there is one.
pub(crate) fn respond_with_token(
    site: &Path,
    method: &Method,
    target: &str,
    token: Option<&str>,
) -> Reply {
    let text = |status: u16, body: &str| {
        answer(status, "text/plain; charset=utf-8", body.as_bytes().to_vec())
    };
    if !matches!(*method, Method::GET | Method::HEAD) {
        return text(405, "only GET and HEAD\n");
    }
    let Some(segments) = request_segments(target) else {
        return text(400, "bad path\n");
    };
    let mut file: PathBuf = site.to_path_buf();
    file.extend(&segments);
    if file.is_dir() {
        let path = target.split(['?', '#']).next().unwrap_or("/");
        if !path.ends_with('/') {
            // Relative links in index.html resolve against the folder only with the
            // trailing slash.
            return with_header(text(301, "moved\n"), "Location", &format!("{path}/"));
        }
        file.push("index.html");
    }
    match fs::read(&file) {
        Ok(body)
            if file.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("html")) =>
        {
            // The page's own policy as a header too: unlike the meta tag it covers the
            // document from its first byte, as a host that sends headers
            // would.
            let policy = csp::policy_of(&String::from_utf8_lossy(&body))
                .unwrap_or_else(|| csp::FALLBACK.to_owned());
            let body = match token {
                Some(token) => listen::with_token_meta(body, token),
                None => body,
            };
            with_header(
                answer(200, &content_type(&file), body),
                "Content-Security-Policy",
                &policy,
            )
        }
        Ok(body) => answer(200, &content_type(&file), body),
        Err(_) => text(404, "not found\n"),
    }
}

pub(crate) fn answer(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    let mut response = Response::new(body);
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let response = with_header(response, "Content-Type", content_type);
    with_header(response, "Cache-Control", "no-store")
}

fn with_header(mut response: Reply, name: &str, value: &str) -> Reply {
    // Only a value with bytes that are not visible ASCII fails; the answer then goes
    // without that header.
    if let (Ok(name), Ok(value)) =
        (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value))
    {
        response.headers_mut().insert(name, value);
    }
    response
}

/// The decoded path segments of a request target; `None` when it could name something
/// outside the served folder (`..`, a backslash, a drive or NUL) or is not a path.
pub(crate) fn request_segments(target: &str) -> Option<Vec<String>> {
    let path = target.split(['?', '#']).next()?;
    if !path.starts_with('/') {
        return None;
    }
    let mut segments = Vec::new();
    for raw in path.split('/').filter(|segment| !segment.is_empty()) {
        let segment = percent_decode_str(raw).decode_utf8_lossy().into_owned();
        let forbidden =
            segment == "." || segment == ".." || segment.contains(['/', '\\', '\0', ':']);
        if forbidden {
            return None;
        }
        segments.push(segment);
    }
    Some(segments)
}

/// The `Content-Type` of a file by its extension, UTF-8 for text; `.wasm` must be
/// `application/wasm` for streaming compilation, and module scripts must have a
/// JavaScript type.
pub(crate) fn content_type(path: &Path) -> String {
    match mime_guess::from_path(path).first_raw() {
        Some(text) if text.starts_with("text/") => format!("{text}; charset=utf-8"),
        Some(other) => other.to_owned(),
        None => "application/octet-stream".to_owned(),
    }
}

#[cfg(test)]
mod tests;
