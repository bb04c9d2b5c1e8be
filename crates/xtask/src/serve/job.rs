//! One cargo command of the run service: started in a process group of its own, its
//! output passed on line by line as it comes, stopped at the time or output limit, when
//! a newer run cancels it, or when the page stops listening.

use std::{
    io::{BufRead as _, BufReader, Read},
    process::{Child, Command, Stdio},
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
        mpsc,
    },
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context, Result};
use serde_json::{Value, json};

/// How long a run may take and how much it may print.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// The first run builds the dependencies into the run service's target folder, which
    /// takes minutes on a small machine; later runs take seconds.
    pub(crate) time: Duration,
    /// Output beyond this is of no use in a page and would only fill the browser's memory.
    pub(crate) output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { time: Duration::from_secs(600), output_bytes: 1024 * 1024 }
    }
}

/// Where the lines of the snippet's file start in the built file, to turn a diagnostic's
/// line into the snippet's own.
#[derive(Debug, Clone)]
pub(crate) struct Placement {
    pub(crate) file: String,
    pub(crate) first_line: usize,
    pub(crate) lines: usize,
}

impl Placement {
    /// The snippet's 1-based line and column that an output line points at (a compiler
    /// diagnostic's `--> file:line:col`, a panic's `panicked at file:line:col`).
    pub(crate) fn locate(&self, line: &str) -> Option<(usize, usize)> {
        let rest = line.trim_start();
        let rest = rest
            .strip_prefix("--> ")
            .or_else(|| rest.split_once("panicked at ").map(|(_, rest)| rest))?;
        let mut parts = rest.trim_end_matches(':').rsplitn(3, ':');
        let column = parts.next()?.parse().ok()?;
        let number: usize = parts.next()?.parse().ok()?;
        let file = parts.next()?;
        let inside = number > self.first_line && number <= self.first_line + self.lines;
        (file == self.file && inside).then(|| (number - self.first_line, column))
    }
}

/// Runs `command` (its own process group), handing each event to `send`; returns when it
/// ended, was stopped, or `send` failed (the page went away). Every event is one JSON
/// object: `stdout`/`stderr` with `text`, `location` with `line`, `column`, `message`,
/// and last `exit` (`code`, `success`) or `stopped` (`reason`).
pub(crate) fn run(
    mut command: Command,
    limits: Limits,
    placement: &Placement,
    cancelled: &AtomicBool,
    send: &mut dyn FnMut(&Value) -> std::io::Result<()>,
) -> Result<()> {
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    // Its own group, so that stopping it stops cargo and what cargo started.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().context("could not start cargo")?;
    let (lines, received) = mpsc::channel();
    let readers = [
        forward(
            "stdout",
            child.stdout.take().map(|out| Box::new(out) as Box<dyn Read + Send>),
            &lines,
        ),
        forward(
            "stderr",
            child.stderr.take().map(|err| Box::new(err) as Box<dyn Read + Send>),
            &lines,
        ),
    ];
    drop(lines);
    let started = Instant::now();
    let mut printed = 0;
    let mut message = String::new();
    let stopped = loop {
        if cancelled.load(Ordering::SeqCst) {
            break Some("cancelled: a newer run started");
        }
        if started.elapsed() > limits.time {
            break Some("time limit reached");
        }
        let (stream, text): (&str, String) =
            match received.recv_timeout(Duration::from_millis(100)) {
                Ok(line) => line,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => break None,
            };
        printed += text.len() + 1;
        if printed > limits.output_bytes {
            break Some("output limit reached");
        }
        if text.starts_with("error") || text.starts_with("warning") {
            message.clone_from(&text);
        }
        let located = placement.locate(&text);
        if send(&json!({"kind": stream, "text": text})).is_err() {
            break Some("the page stopped listening");
        }
        if let Some((line, column)) = located {
            let event = json!({"kind": "location", "line": line, "column": column, "message": message});
            if send(&event).is_err() {
                break Some("the page stopped listening");
            }
        }
    };
    match stopped {
        Some(reason) => {
            stop(&mut child);
            let _ = send(&json!({"kind": "stopped", "reason": reason}));
        }
        None => {
            let status = child.wait()?;
            let _ = send(
                &json!({"kind": "exit", "code": status.code(), "success": status.success()}),
            );
        }
    }
    for reader in readers.into_iter().flatten() {
        let _ = reader.join();
    }
    Ok(())
}

/// Passes the lines of `from` to `to`, each tagged with its stream.
fn forward(
    stream: &'static str,
    from: Option<Box<dyn Read + Send>>,
    to: &mpsc::Sender<(&'static str, String)>,
) -> Option<thread::JoinHandle<()>> {
    let from = from?;
    let to = to.clone();
    Some(thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { return };
            if to.send((stream, line)).is_err() {
                return;
            }
        }
    }))
}

/// Kills the child's whole process group (cargo, rustc, the example or test binary) and
/// reaps the child.
pub(crate) fn stop(child: &mut Child) {
    let group = child.id();
    // std kills only the child itself; the group is reached by its negative id (on Unix;
    // elsewhere `kill` fails and only the child is stopped).
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{group}")])
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// A shared flag the next run sets to cancel this one.
pub(crate) type Cancel = Arc<AtomicBool>;

#[cfg(test)]
mod tests;
