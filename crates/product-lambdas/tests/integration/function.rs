//! A Lambda binary running under the emulator, with its log lines kept for the test to
//! read.

use std::process::Stdio;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::emulator::RuntimeApi;

/// A running function process; killed when dropped.
pub(crate) struct Function {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

/// The command for the binary `name` of this package, with the environment Lambda gives a
/// function (and the test's own, which carries the AWS endpoint and credentials).
pub(crate) fn command(binary: &str, name: &str, runtime: Option<&RuntimeApi>) -> Command {
    let mut command = Command::new(binary);
    command
        .env("AWS_LAMBDA_FUNCTION_NAME", name)
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]0123456789abcdef")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", format!("/aws/lambda/{name}"))
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if let Some(runtime) = runtime {
        command.env("AWS_LAMBDA_RUNTIME_API", runtime.address());
    }
    command
}

impl Function {
    /// Starts `command` and collects what it writes to stdout and stderr, line by line.
    pub(crate) fn spawn(mut command: Command) -> Self {
        let mut child = command.spawn().expect("the function binary starts");
        let lines = Arc::new(Mutex::new(Vec::new()));
        if let Some(stdout) = child.stdout.take() {
            tokio::spawn(collect(BufReader::new(stdout), lines.clone()));
        }
        if let Some(stderr) = child.stderr.take() {
            tokio::spawn(collect(BufReader::new(stderr), lines.clone()));
        }
        Self { child, lines }
    }

    /// The lines written so far that are JSON objects: the structured log.
    pub(crate) fn log(&self) -> Vec<Value> {
        self.lines().iter().filter_map(|line| serde_json::from_str(line).ok()).collect()
    }

    /// Every line written so far.
    pub(crate) fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Stops the process.
    pub(crate) async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

async fn collect<R: tokio::io::AsyncRead + Unpin>(
    reader: BufReader<R>,
    lines: Arc<Mutex<Vec<String>>>,
) {
    let mut reader = reader.lines();
    while let Ok(Some(line)) = reader.next_line().await {
        lines.lock().unwrap_or_else(PoisonError::into_inner).push(line);
    }
}
