//! A Lambda Runtime API emulator: the four endpoints a function's runtime calls, on
//! 127.0.0.1.
//!
//! A test queues an invocation with [`RuntimeApi::invoke`] and awaits the function's
//! answer. The function (a real binary, started with `AWS_LAMBDA_RUNTIME_API` pointing
//! here) long-polls `GET /invocation/next`, handles the event, and posts `/response` or
//! `/error`, exactly as in Lambda. HTTP/1.1 is spoken by hand: the runtime client sends
//! small requests with a `Content-Length` (or chunked bodies), and one request at a time
//! per connection.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;

const PREFIX: &str = "/2018-06-01/runtime";

/// What the function answered to one invocation.
#[derive(Debug)]
pub(crate) enum Answer {
    /// `POST /invocation/{id}/response`: the handler's result.
    Response(Value),
    /// `POST /invocation/{id}/error`: the handler failed.
    Error(Value),
}

struct Invocation {
    request_id: String,
    trace_id: String,
    payload: Vec<u8>,
}

#[derive(Default)]
struct State {
    queue: Mutex<VecDeque<Invocation>>,
    queued: Notify,
    waiting: Mutex<HashMap<String, oneshot::Sender<Answer>>>,
    init_errors: Mutex<Vec<Value>>,
}

/// The emulator, serving until dropped.
pub(crate) struct RuntimeApi {
    address: SocketAddr,
    state: Arc<State>,
    server: JoinHandle<()>,
}

impl RuntimeApi {
    /// Starts the emulator on a free port of 127.0.0.1.
    pub(crate) async fn start() -> Self {
        let listener =
            TcpListener::bind("127.0.0.1:0").await.expect("a free port on 127.0.0.1");
        let address = listener.local_addr().expect("the listener's address");
        let state = Arc::new(State::default());
        let shared = state.clone();
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve_connection(stream, shared.clone()));
            }
        });
        Self { address, state, server }
    }

    /// The value of `AWS_LAMBDA_RUNTIME_API`.
    pub(crate) fn address(&self) -> String {
        self.address.to_string()
    }

    /// Queues `payload` as an invocation and waits (at most 60 s) for the function's
    /// answer.
    pub(crate) async fn invoke(&self, payload: &Value) -> Answer {
        let request_id = uuid::Uuid::new_v4().to_string();
        let random = uuid::Uuid::new_v4().simple().to_string();
        let seconds =
            SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        let trace_id = format!(
            "Root=1-{seconds:08x}-{};Parent={};Sampled=1",
            &random[..24],
            &random[16..]
        );
        let (answer, answered) = oneshot::channel();
        lock(&self.state.waiting).insert(request_id.clone(), answer);
        let payload = serde_json::to_vec(payload).expect("a JSON payload");
        lock(&self.state.queue).push_back(Invocation { request_id, trace_id, payload });
        self.state.queued.notify_one();
        tokio::time::timeout(Duration::from_secs(60), answered)
            .await
            .expect("the function answers within 60 s")
            .expect("the emulator keeps the invocation until it is answered")
    }

    /// The bodies posted to `/init/error`.
    pub(crate) fn init_errors(&self) -> Vec<Value> {
        lock(&self.state.init_errors).clone()
    }
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One HTTP request as the runtime client sends it.
struct HttpRequest {
    method: String,
    path: String,
    body: Vec<u8>,
}

// ANCHOR: emulator_loop
/// Answers the requests of one connection, one after another, until the client closes it.
async fn serve_connection(stream: TcpStream, state: Arc<State>) {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    while let Some(request) = read_request(&mut read).await {
        let route = request.path.strip_prefix(PREFIX).unwrap_or_default();
        let segments: Vec<&str> = route.trim_start_matches('/').split('/').collect();
        let (status, headers, body) = match (request.method.as_str(), segments.as_slice())
        {
            ("GET", ["invocation", "next"]) => next_invocation(&state).await,
            ("POST", ["invocation", id, outcome @ ("response" | "error")]) => {
                let body = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
                let answer = if *outcome == "response" {
                    Answer::Response(body)
                } else {
                    Answer::Error(body)
                };
                match lock(&state.waiting).remove(*id) {
                    Some(waiter) => {
                        let _ = waiter.send(answer);
                        accepted()
                    }
                    None => {
                        (400, vec![], br#"{"errorType":"InvalidRequestID"}"#.to_vec())
                    }
                }
            }
            ("POST", ["init", "error"]) => {
                lock(&state.init_errors)
                    .push(serde_json::from_slice(&request.body).unwrap_or(Value::Null));
                accepted()
            }
            _ => (404, vec![], br#"{"errorType":"NotFound"}"#.to_vec()),
        };
        if write_response(&mut write, status, &headers, &body).await.is_err() {
            return;
        }
    }
}

/// Waits for the next queued invocation and hands it over with Lambda's headers.
async fn next_invocation(state: &State) -> (u16, Vec<(&'static str, String)>, Vec<u8>) {
    let invocation = loop {
        if let Some(invocation) = lock(&state.queue).pop_front() {
            break invocation;
        }
        state.queued.notified().await;
    };
    let deadline = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default()
        + Duration::from_secs(60);
    let headers = vec![
        ("Lambda-Runtime-Aws-Request-Id", invocation.request_id),
        ("Lambda-Runtime-Deadline-Ms", deadline.as_millis().to_string()),
        (
            "Lambda-Runtime-Invoked-Function-Arn",
            "arn:aws:lambda:us-east-1:123456789012:function:test".to_owned(),
        ),
        ("Lambda-Runtime-Trace-Id", invocation.trace_id),
        ("Content-Type", "application/json".to_owned()),
    ];
    (200, headers, invocation.payload)
}
// ANCHOR_END: emulator_loop

fn accepted() -> (u16, Vec<(&'static str, String)>, Vec<u8>) {
    (
        202,
        vec![("Content-Type", "application/json".to_owned())],
        br#"{"status":"OK"}"#.to_vec(),
    )
}

/// Reads one request; `None` when the connection closes or the request cannot be read.
async fn read_request<R: tokio::io::AsyncBufRead + Unpin>(
    read: &mut R,
) -> Option<HttpRequest> {
    let (request_line, head) = read_head(read).await?;
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let headers: HashMap<String, String> = head
        .into_iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value))
        .collect();
    let body = if headers
        .get("transfer-encoding")
        .is_some_and(|coding| coding.eq_ignore_ascii_case("chunked"))
    {
        read_chunked(read).await?
    } else {
        let length = headers
            .get("content-length")
            .and_then(|length| length.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        read.read_exact(&mut body).await.ok()?;
        body
    };
    Some(HttpRequest { method, path, body })
}

/// Reads a message's start line and its headers (names as sent); `None` when the
/// connection closes first or a header line has no colon.
pub(crate) async fn read_head<R: tokio::io::AsyncBufRead + Unpin>(
    read: &mut R,
) -> Option<(String, Vec<(String, String)>)> {
    let mut line = String::new();
    if read.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    let start_line = line.trim_end().to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        read.read_line(&mut line).await.ok()?;
        let header = line.trim_end();
        if header.is_empty() {
            return Some((start_line, headers));
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
}

/// Reads a body sent with `Transfer-Encoding: chunked`, up to and including its trailers.
pub(crate) async fn read_chunked<R: tokio::io::AsyncBufRead + Unpin>(
    read: &mut R,
) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        read.read_line(&mut line).await.ok()?;
        let size = usize::from_str_radix(line.trim().split(';').next()?, 16).ok()?;
        if size == 0 {
            // Trailers, if any, end with an empty line.
            loop {
                line.clear();
                read.read_line(&mut line).await.ok()?;
                if line.trim().is_empty() {
                    return Some(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size + 2, 0);
        read.read_exact(&mut body[start..]).await.ok()?;
        body.truncate(start + size);
    }
}

async fn write_response<W: tokio::io::AsyncWrite + Unpin>(
    write: &mut W,
    status: u16,
    headers: &[(&'static str, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        202 => "Accepted",
        400 => "Bad Request",
        _ => "Not Found",
    };
    let mut head =
        format!("HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    write.write_all(head.as_bytes()).await?;
    write.write_all(body).await?;
    write.flush().await
}
