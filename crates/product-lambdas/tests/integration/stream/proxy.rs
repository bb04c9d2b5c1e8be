//! A recording HTTP/1.1 proxy on 127.0.0.1: forwards each request to one upstream
//! address, answers with the upstream's response, and keeps both, so a test can read what
//! a function sent (such as the entries of a PutEvents request) and what it was told
//! (such as the headers of an invocation).
//!
//! One exchange per connection: every answer says `Connection: close`. Bodies with a
//! `Content-Length` or chunked are read; the body is forwarded with a `Content-Length`.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::io::{AsyncBufRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::emulator::{read_chunked, read_head};

/// One HTTP message: the start line, the headers as sent, and the body.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    pub(crate) start_line: String,
    headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Message {
    /// The value of the header `name` (case-insensitive), if present.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(found, _)| found.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// A request and the upstream's response to it.
#[derive(Debug, Clone)]
pub(crate) struct Exchange {
    pub(crate) request: Message,
    pub(crate) response: Message,
}

/// The proxy, serving until dropped.
pub(crate) struct RecordingProxy {
    address: String,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
    server: JoinHandle<()>,
}

impl RecordingProxy {
    /// Starts a proxy to `upstream` (`host:port`) on a free port of 127.0.0.1.
    pub(crate) async fn start(upstream: impl Into<String>) -> Self {
        let upstream = upstream.into();
        let listener =
            TcpListener::bind("127.0.0.1:0").await.expect("a free port on 127.0.0.1");
        let address = listener.local_addr().expect("the listener's address").to_string();
        let exchanges = Arc::new(Mutex::new(Vec::new()));
        let shared = exchanges.clone();
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(relay(stream, upstream.clone(), shared.clone()));
            }
        });
        Self { address, exchanges, server }
    }

    /// The proxy's `host:port`.
    pub(crate) fn address(&self) -> &str {
        &self.address
    }

    /// The exchanges completed so far, in the order their responses came back.
    pub(crate) fn exchanges(&self) -> Vec<Exchange> {
        self.exchanges.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl Drop for RecordingProxy {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Relays the one request of a connection, or answers 502 when the upstream cannot be
/// reached.
async fn relay(
    stream: TcpStream,
    upstream: String,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
) {
    let (read, mut write) = stream.into_split();
    let Some(request) = read_message(&mut BufReader::new(read), false).await else {
        return;
    };
    let response = match forward(&upstream, &request).await {
        Some(response) => response,
        None => Message {
            start_line: "HTTP/1.1 502 Bad Gateway".to_owned(),
            headers: vec![],
            body: format!("the proxy could not reach {upstream}").into_bytes(),
        },
    };
    let written = write_message(&mut write, &response).await;
    exchanges
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Exchange { request, response });
    if written.is_ok() {
        let _ = write.shutdown().await;
    }
}

async fn forward(upstream: &str, request: &Message) -> Option<Message> {
    let stream = TcpStream::connect(upstream).await.ok()?;
    let (read, mut write) = stream.into_split();
    write_message(&mut write, request).await.ok()?;
    read_message(&mut BufReader::new(read), true).await
}

/// Reads one message. A body with neither length nor chunks is empty for a request and
/// runs to the end of the stream for a response.
async fn read_message<R: AsyncBufRead + Unpin>(
    read: &mut R,
    is_response: bool,
) -> Option<Message> {
    let (start_line, headers) = read_head(read).await?;
    let mut message = Message { start_line, headers, body: Vec::new() };
    if message
        .header("transfer-encoding")
        .is_some_and(|coding| coding.eq_ignore_ascii_case("chunked"))
    {
        message.body = read_chunked(read).await?;
    } else if let Some(length) = message.header("content-length") {
        message.body = vec![0; length.parse().ok()?];
        read.read_exact(&mut message.body).await.ok()?;
    } else if is_response {
        read.read_to_end(&mut message.body).await.ok()?;
    }
    Some(message)
}

/// Writes `message` with its body's length and `Connection: close`, in place of the
/// framing and connection headers it came with.
async fn write_message<W: AsyncWrite + Unpin>(
    write: &mut W,
    message: &Message,
) -> std::io::Result<()> {
    let mut head = format!("{}\r\n", message.start_line);
    for (name, value) in &message.headers {
        if !["content-length", "transfer-encoding", "connection", "keep-alive"]
            .iter()
            .any(|hop| name.eq_ignore_ascii_case(hop))
        {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        message.body.len()
    ));
    write.write_all(head.as_bytes()).await?;
    write.write_all(&message.body).await?;
    write.flush().await
}
