//! The server's listening side: hyper on a small runtime of its own, the run service's
//! requests handed to it, every other request answered from the site's files; and the
//! command line of `cargo xtask serve`.

use std::{
    convert::Infallible,
    net::{SocketAddr, TcpListener},
    path::PathBuf,
    sync::Arc,
    thread,
};

use anyhow::{Context, Result, bail};
use http::{
    HeaderValue, Request, Response,
    header::{CACHE_CONTROL, CONTENT_TYPE},
};
use http_body_util::{
    BodyExt as _, Full, Limited, StreamBody, combinators::UnsyncBoxBody,
};
use hyper::{
    body::{Bytes, Frame, Incoming},
    server::conn::http1,
    service::service_fn,
};
use hyper_util::rt::TokioIo;

use super::{answer, respond, respond_with_token, run};
use crate::project::Project;
use run::{Answer, RunService};

const DEFAULT_PORT: u16 = 3000;

/// The port and whether to run snippets, from `serve`'s arguments (`--port PORT`,
/// `--port=PORT`, `--no-run`).
pub(crate) fn parse_args(args: &[String]) -> Result<(u16, bool)> {
    let run = !args.iter().any(|arg| arg == "--no-run");
    let rest: Vec<&str> =
        args.iter().map(String::as_str).filter(|arg| *arg != "--no-run").collect();
    let value = match rest.as_slice() {
        [] => return Ok((DEFAULT_PORT, run)),
        ["--port", value] => Some(*value),
        [flag] => flag.strip_prefix("--port="),
        _ => None,
    };
    let Some(value) = value else {
        bail!(
            "`serve` takes only `--port PORT` and `--no-run`, got `{}` (see `cargo xtask help`)",
            args.join(" ")
        );
    };
    let port = value
        .parse()
        .with_context(|| format!("`{value}` is not a port number (1 to 65535)"))?;
    Ok((port, run))
}

/// Serves `site` on 127.0.0.1:`port` (0 for any free port) from background threads.
pub(crate) fn spawn(site: PathBuf, port: u16) -> Result<SocketAddr> {
    let listener = listen(port)?;
    let addr = listener.local_addr()?;
    answer_all(listener, site, None)?;
    Ok(addr)
}

/// Serves the project's site as [`spawn`] does, with the run service; returns the address
/// and the service (whose token the served pages carry).
pub(crate) fn spawn_with_runs(
    project: &Project,
    port: u16,
) -> Result<(SocketAddr, Arc<RunService>)> {
    let listener = listen(port)?;
    let addr = listener.local_addr()?;
    let service =
        Arc::new(RunService::new(project.root.clone(), &project.target, addr.port())?);
    answer_all(listener, project.site_dir(), Some(service.clone()))?;
    Ok((addr, service))
}

fn listen(port: u16) -> Result<TcpListener> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .with_context(|| format!("could not listen on 127.0.0.1:{port}"))?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// What the server sends: a whole file or answer, or a run's events as they come.
type Body = UnsyncBoxBody<Bytes, Infallible>;

/// Answers every connection on `listener` from a thread of its own: each connection is
/// a task, each request on it answered in turn. A browser opens several connections at
/// once and keeps them open; a task per connection serves them all however many come
/// together.
fn answer_all(
    listener: TcpListener,
    site: PathBuf,
    runs: Option<Arc<RunService>>,
) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("serve")
        .enable_io()
        .build()
        .context("could not start the server's runtime")?;
    thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
            loop {
                // A failed accept (too many open files, a reset) ends that connection, not
                // the server.
                let Ok((stream, _)) = listener.accept().await else { continue };
                let (site, runs) = (site.clone(), runs.clone());
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        answer_one(site.clone(), runs.clone(), request)
                    });
                    // A client that hangs up early is its own business.
                    let _ = http1::Builder::new()
                        .title_case_headers(true)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    Ok(())
}

async fn answer_one(
    site: PathBuf,
    runs: Option<Arc<RunService>>,
    request: Request<Incoming>,
) -> Result<Response<Body>, Infallible> {
    let (head, body) = request.into_parts();
    let target =
        head.uri.path_and_query().map_or("/", |target| target.as_str()).to_owned();
    let whole = |reply: super::Reply| {
        reply.map(|body| Full::new(Bytes::from(body)).boxed_unsync())
    };
    let Some(runs) = runs else {
        let reply = blocking(move || respond(&site, &head.method, &target)).await;
        return Ok(whole(reply.unwrap_or_else(|failed| failed)));
    };
    let path = head.uri.path();
    if path == run::RUN_PATH || path == run::SAVE_PATH {
        if let Some(refusal) = runs.refusal(&head) {
            return Ok(whole(refusal));
        }
        let Ok(body) = Limited::new(body, run::MAX_BODY).collect().await else {
            return Ok(whole(run::refuse(413, run::TOO_LARGE)));
        };
        let path = path.to_owned();
        let answer = {
            let runs = runs.clone();
            blocking(move || runs.answer(&path, &body.to_bytes())).await
        };
        return Ok(match answer {
            Ok(Answer::Reply(reply)) | Err(reply) => whole(reply),
            Ok(Answer::Run(asked)) => stream_run(runs, asked),
        });
    }
    // The pages carry the token: a page fetched under another name (DNS rebinding) must
    // not get it.
    let reply = if runs.is_own_host(run::header(&head.headers, "Host")) {
        blocking(move || {
            respond_with_token(&site, &head.method, &target, Some(runs.token()))
        })
        .await
        .unwrap_or_else(|failed| failed)
    } else {
        answer(403, "text/plain; charset=utf-8", b"not this server's host\n".to_vec())
    };
    Ok(whole(reply))
}

/// Runs `work` (files read, cargo started) off the tasks that answer connections; what
/// it returns, or a 500 answer if it panicked.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, super::Reply> {
    tokio::task::spawn_blocking(work).await.map_err(|_| {
        answer(500, "text/plain; charset=utf-8", b"the answer failed\n".to_vec())
    })
}

/// A run's events as newline-delimited JSON, each sent as soon as the run makes it
/// (chunked); the run stops when the page hangs up.
fn stream_run(runs: Arc<RunService>, asked: run::Asked) -> Response<Body> {
    let (sender, events) = tokio::sync::mpsc::channel::<Bytes>(64);
    tokio::task::spawn_blocking(move || {
        runs.stream(&asked, &mut |event| {
            sender.blocking_send(Bytes::from(format!("{event}\n"))).map_err(|_| {
                std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the page hung up")
            })
        });
    });
    let frames = futures_util::stream::unfold(events, |mut events| async move {
        let event = events.recv().await?;
        Some((Ok::<_, Infallible>(Frame::data(event)), events))
    });
    let mut response = Response::new(StreamBody::new(frames).boxed_unsync());
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The page with `<meta name="psr-run-token">` before `</head>`: a meta tag, not a
/// script, so the policy needs no new hash; `theme/run.js` reads it.
pub(super) fn with_token_meta(body: Vec<u8>, token: &str) -> Vec<u8> {
    let page = String::from_utf8_lossy(&body);
    match page.find("</head>") {
        Some(at) => {
            let meta = format!("<meta name=\"psr-run-token\" content=\"{token}\">\n");
            format!("{}{meta}{}", &page[..at], &page[at..]).into_bytes()
        }
        None => body,
    }
}
