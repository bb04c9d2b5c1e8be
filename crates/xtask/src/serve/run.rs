//! The run service of `cargo xtask serve` (ADR-0029): the page posts which snippet to run
//! and, if the reader edited it, the new text; cargo builds and runs it in a shadow copy
//! of the workspace and the output streams back as it comes.
//!
//! It runs code, so it answers only a page this server served: the `Host` is this
//! server's loopback address (no DNS rebinding), the `Origin` is this server's, and the
//! request carries the token that only the served pages hold. One run at a time: a new
//! run cancels the one in progress, whose output the reader no longer wants.

use std::{
    io::{Read as _, Write},
    path::{Path, PathBuf},
    sync::{Arc, Mutex, atomic::AtomicBool, atomic::Ordering},
};

use anyhow::{Context, Result};
use serde::Deserialize;
use serde_json::{Value, json};
use tiny_http::{Method, Request};

use super::{
    job::{self, Cancel, Limits, Placement},
    shadow::{self, Shadow},
};
use crate::snippets::{self, EXERCISES, Run, Snippet, book_snippets};

/// Where the page posts a run.
pub(crate) const RUN_PATH: &str = "/__run";
/// Where the page posts "write my edit into the exercise file".
pub(crate) const SAVE_PATH: &str = "/__run/save";
/// The header that carries the token.
pub(crate) const TOKEN_HEADER: &str = "X-Run-Token";
/// The largest request body: a snippet is a few kilobytes; an exercise file under 20.
pub(crate) const MAX_BODY: usize = 64 * 1024;

/// The service's settings and its one run at a time.
pub(crate) struct RunService {
    root: PathBuf,
    token: String,
    port: u16,
    target_dir: PathBuf,
    shadow_dir: PathBuf,
    limits: Limits,
    /// Taken for the whole of a run; the next run waits for the cancelled one to stop.
    running: Mutex<()>,
    /// The flag of the run in progress.
    current: Mutex<Option<Cancel>>,
}

impl RunService {
    /// A service for the workspace at `root`, answering pages served on `port`, with a
    /// fresh random token.
    pub(crate) fn new(root: PathBuf, target: &Path, port: u16) -> Result<Self> {
        // A run's whole process group is stopped at its end, which only Unix offers.
        if !cfg!(unix) {
            anyhow::bail!(
                "the run service needs a Unix system (it stops a run's whole process group); \
                 use `cargo xtask serve --no-run`"
            );
        }
        let mut bytes = [0_u8; 16];
        getrandom::fill(&mut bytes)
            .context("could not read random bytes for the run token")?;
        let token = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
        let shadow_dir =
            std::env::temp_dir().join(format!("psr-run-{}-{port}", std::process::id()));
        Ok(Self {
            root,
            token,
            port,
            target_dir: run_service_target(target),
            shadow_dir,
            limits: Limits::default(),
            running: Mutex::new(()),
            current: Mutex::new(None),
        })
    }

    /// The token the served pages carry.
    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    /// Whether `host` (a `Host` header) names this server by its loopback name.
    pub(crate) fn is_own_host(&self, host: Option<&str>) -> bool {
        let port = self.port;
        host.is_some_and(|host| {
            host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
        })
    }

    /// Answers a request to [`RUN_PATH`] or [`SAVE_PATH`].
    pub(crate) fn handle(&self, mut request: Request) {
        let header = |name: &str| header(&request, name);
        let (host, origin, token) =
            (header("Host"), header("Origin"), header(TOKEN_HEADER));
        let origin_ok = origin.as_deref().is_some_and(|origin| {
            origin
                .strip_prefix("http://")
                .is_some_and(|host| self.is_own_host(Some(host)))
        });
        let token_ok =
            token.is_some_and(|token| same(token.as_bytes(), self.token.as_bytes()));
        let refusal = if !self.is_own_host(host.as_deref()) {
            Some((403, "the Host is not this server's loopback address"))
        } else if !origin_ok {
            Some((403, "the Origin is not this server's"))
        } else if !token_ok {
            Some((403, "no valid run token"))
        } else if *request.method() != Method::Post {
            Some((405, "only POST"))
        } else if request.body_length().is_some_and(|length| length > MAX_BODY) {
            Some((413, "the body is larger than the run service takes"))
        } else {
            None
        };
        if let Some((status, reason)) = refusal {
            return refuse(request, status, reason);
        }
        let mut body = Vec::new();
        let read = request.as_reader().take(MAX_BODY as u64 + 1).read_to_end(&mut body);
        if read.is_err() || body.len() > MAX_BODY {
            return refuse(request, 413, "the body is larger than the run service takes");
        }
        let asked = match self.asked(&body) {
            Ok(asked) => asked,
            Err((status, reason)) => return refuse(request, status, &reason),
        };
        if request.url() == SAVE_PATH {
            return self.save(request, &asked);
        }
        self.stream(request, &asked);
    }

    /// The request's snippet, checked against the book's runnable set.
    fn asked(&self, body: &[u8]) -> Result<Asked, (u16, String)> {
        let wire: WireRun = serde_json::from_slice(body)
            .map_err(|err| (400, format!("the body is not a run request: {err}")))?;
        let snippet = Snippet::parse(&wire.snippet)
            .ok_or((400, format!("`{}` is not a path inside the book", wire.snippet)))?;
        let known = book_snippets(&self.root).map_err(|err| (500, format!("{err:#}")))?;
        let run = known
            .into_iter()
            .find(|(known, _)| *known == snippet)
            .map(|(_, run)| run)
            .ok_or((403, format!("`{}` is not a snippet the book runs", wire.snippet)))?;
        Ok(Asked { snippet, run, text: wire.text })
    }

    /// Writes an edited exercise into the workshop's starter, the one file the service
    /// ever writes in the workspace, and only when the reader asked for it.
    fn save(&self, request: Request, asked: &Asked) {
        let (Run::Exercise { .. }, Some(text)) = (&asked.run, &asked.text) else {
            return refuse(
                request,
                403,
                "only an edited workshop exercise can be written",
            );
        };
        if !asked.snippet.file.starts_with(EXERCISES) {
            return refuse(
                request,
                403,
                "only an edited workshop exercise can be written",
            );
        }
        let path = self.root.join(&asked.snippet.file);
        let written = std::fs::read_to_string(&path).ok().and_then(|source| {
            let spliced = shadow::splice(&source, asked.snippet.anchor.as_deref(), text)?;
            std::fs::write(&path, spliced).ok()
        });
        match written {
            Some(()) => reply(request, 200, &json!({"written": asked.snippet.file})),
            None => refuse(request, 500, "could not write the exercise"),
        }
    }

    /// Runs the snippet and streams its output as newline-delimited JSON.
    fn stream(&self, request: Request, asked: &Asked) {
        let cancel: Cancel = Arc::new(AtomicBool::new(false));
        if let Some(previous) =
            self.current.lock().expect("not poisoned").replace(cancel.clone())
        {
            previous.store(true, Ordering::SeqCst);
        }
        let _running =
            self.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut writer = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson; charset=utf-8\r\n\
                    Cache-Control: no-store\r\nTransfer-Encoding: chunked\r\n\r\n";
        if writer.write_all(head.as_bytes()).and_then(|()| writer.flush()).is_err() {
            return;
        }
        let mut send = |event: &Value| chunk(&mut writer, &format!("{event}\n"));
        if let Err(err) = self.run(asked, &cancel, &mut send) {
            let _ = send(&json!({"kind": "stopped", "reason": format!("{err:#}")}));
        }
        let _ = writer.write_all(b"0\r\n\r\n").and_then(|()| writer.flush());
    }

    fn run(
        &self,
        asked: &Asked,
        cancel: &AtomicBool,
        send: &mut dyn FnMut(&Value) -> std::io::Result<()>,
    ) -> Result<()> {
        let Asked { snippet, run, text } = asked;
        let source = std::fs::read_to_string(self.root.join(&snippet.file))?;
        let anchor = snippet.anchor.as_deref();
        let (first_line, shown) = shadow::shown(&source, anchor)
            .context("the file no longer marks the anchor")?;
        // Unedited, the file is copied as it is (with its time, so nothing rebuilds).
        let edited = text.as_ref().is_some_and(|text| *text != shown);
        let text = text.clone().filter(|_| edited).unwrap_or(shown);
        let spliced = match edited {
            true => Some(
                shadow::splice(&source, anchor, &text).context("the anchor is gone")?,
            ),
            false => None,
        };
        let edit = spliced.as_deref().map(|text| (snippet.file.as_str(), text));
        let record = Shadow::record(&self.target_dir);
        let shadow = Shadow::create(&self.root, self.shadow_dir.clone(), edit, &record)?;
        send(&json!({"kind": "command", "text": run.command(), "edited": edited}))?;
        let mut command = std::process::Command::new(crate::util::cargo());
        command
            .args(run.args())
            .current_dir(&shadow.dir)
            .env("CARGO_TARGET_DIR", &self.target_dir)
            .env("CARGO_TERM_COLOR", "never");
        let placement = Placement {
            file: snippet.file.clone(),
            first_line,
            lines: text.lines().count(),
        };
        job::run(command, self.limits, &placement, cancel, send)
    }
}

/// The run service's own target folder under the project's `target`: its builds differ
/// from the reader's (a shadow copy, the reader's edits), and would otherwise make
/// each other stale.
pub(crate) fn run_service_target(target: &Path) -> PathBuf {
    target.join("run-service")
}

/// What the page sends.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireRun {
    snippet: String,
    text: Option<String>,
}

struct Asked {
    snippet: Snippet,
    run: snippets::Run,
    text: Option<String>,
}

/// The value of the request's header `name`, if it has one.
pub(crate) fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|header| header.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|header| header.value.as_str().to_owned())
}

/// Compares without stopping at the first difference, so that timing tells nothing about
/// the token.
fn same(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given.iter().zip(expected).fold(0, |diff, (a, b)| diff | (a ^ b)) == 0
}

fn chunk(writer: &mut dyn Write, text: &str) -> std::io::Result<()> {
    write!(writer, "{:x}\r\n{text}\r\n", text.len())?;
    writer.flush()
}

fn refuse(request: Request, status: u16, reason: &str) {
    reply(request, status, &json!({"error": reason}));
}

fn reply(request: Request, status: u16, body: &Value) {
    let response = tiny_http::Response::from_string(format!("{body}\n"))
        .with_status_code(status)
        .with_header(
            tiny_http::Header::from_bytes("Content-Type", "application/json")
                .expect("ASCII header"),
        );
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests;
