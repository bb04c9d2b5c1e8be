//! The run service of `cargo xtask serve` (ADR-0029): the page posts which snippet to run
//! and, if the reader edited it, the new text; cargo builds and runs it in a shadow copy
//! of the workspace and the output streams back as it comes.
//!
//! It runs code, so it answers only a page this server served: the `Host` is this
//! server's loopback address (no DNS rebinding), the `Origin` is this server's, and the
//! request carries the token that only the served pages hold. One run at a time: a new
//! run cancels the one in progress, whose output the reader no longer wants.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex, atomic::AtomicBool, atomic::Ordering},
};

use anyhow::{Context, Result};
use http::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    Reply,
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
/// Why a body over [`MAX_BODY`] is refused.
pub(crate) const TOO_LARGE: &str = "the body is larger than the run service takes";

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

    /// Why a request to [`RUN_PATH`] or [`SAVE_PATH`] is refused from its head alone;
    /// `None` when its body may be read.
    pub(crate) fn refusal(&self, head: &http::request::Parts) -> Option<Reply> {
        let header = |name: &str| header(&head.headers, name);
        let (host, origin, token) =
            (header("Host"), header("Origin"), header(TOKEN_HEADER));
        let origin_ok = origin.is_some_and(|origin| {
            origin
                .strip_prefix("http://")
                .is_some_and(|host| self.is_own_host(Some(host)))
        });
        let token_ok =
            token.is_some_and(|token| same(token.as_bytes(), self.token.as_bytes()));
        let length =
            header("Content-Length").and_then(|length| length.parse::<usize>().ok());
        let (status, reason) = if !self.is_own_host(host) {
            (403, "the Host is not this server's loopback address")
        } else if !origin_ok {
            (403, "the Origin is not this server's")
        } else if !token_ok {
            (403, "no valid run token")
        } else if head.method != Method::POST {
            (405, "only POST")
        } else if length.is_some_and(|length| length > MAX_BODY) {
            (413, TOO_LARGE)
        } else {
            return None;
        };
        Some(refuse(status, reason))
    }

    /// What a request that passed [`Self::refusal`] gets, from its path and its body (at
    /// most [`MAX_BODY`] bytes).
    pub(crate) fn answer(&self, path: &str, body: &[u8]) -> Answer {
        let asked = match self.asked(body) {
            Ok(asked) => asked,
            Err((status, reason)) => return Answer::Reply(refuse(status, &reason)),
        };
        if path == SAVE_PATH {
            return Answer::Reply(self.save(&asked));
        }
        Answer::Run(asked)
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
    fn save(&self, asked: &Asked) -> Reply {
        let only = "only an edited workshop exercise can be written";
        let (Run::Exercise { .. }, Some(text)) = (&asked.run, &asked.text) else {
            return refuse(403, only);
        };
        if !asked.snippet.file.starts_with(EXERCISES) {
            return refuse(403, only);
        }
        let path = self.root.join(&asked.snippet.file);
        let written = std::fs::read_to_string(&path).ok().and_then(|source| {
            let spliced = shadow::splice(&source, asked.snippet.anchor.as_deref(), text)?;
            std::fs::write(&path, spliced).ok()
        });
        match written {
            Some(()) => reply(200, &json!({"written": asked.snippet.file})),
            None => refuse(500, "could not write the exercise"),
        }
    }

    /// Runs the snippet, handing each event of its output to `send` as it comes; a new
    /// run cancels this one, and an error from `send` (the page left) stops it.
    pub(crate) fn stream(
        &self,
        asked: &Asked,
        send: &mut dyn FnMut(&Value) -> std::io::Result<()>,
    ) {
        let cancel: Cancel = Arc::new(AtomicBool::new(false));
        if let Some(previous) =
            self.current.lock().expect("not poisoned").replace(cancel.clone())
        {
            previous.store(true, Ordering::SeqCst);
        }
        let _running =
            self.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Err(err) = self.run(asked, &cancel, send) {
            let _ = send(&json!({"kind": "stopped", "reason": format!("{err:#}")}));
        }
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

pub(crate) struct Asked {
    snippet: Snippet,
    run: snippets::Run,
    text: Option<String>,
}

/// What a request to the run service gets.
pub(crate) enum Answer {
    /// A whole answer: a refusal, or what a save did.
    Reply(Reply),
    /// A run, whose events [`RunService::stream`] sends as they come.
    Run(Asked),
}

/// The value of the header `name`, if the request has one that is text.
pub(crate) fn header<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// Compares without stopping at the first difference, so that timing tells nothing about
/// the token.
fn same(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given.iter().zip(expected).fold(0, |diff, (a, b)| diff | (a ^ b)) == 0
}

/// The answer to a request that is refused: its status and why, as JSON.
pub(crate) fn refuse(status: u16, reason: &str) -> Reply {
    reply(status, &json!({"error": reason}))
}

fn reply(status: u16, body: &Value) -> Reply {
    super::answer(status, "application/json", format!("{body}\n").into_bytes())
}

#[cfg(test)]
mod tests;
