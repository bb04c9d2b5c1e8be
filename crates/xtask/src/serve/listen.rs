//! The server's listening side: one thread per request, the run service's requests
//! handed to it, every other request answered from the site's files; and the command
//! line of `cargo xtask serve`.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::Arc,
    thread,
};

use anyhow::{Context, Result, anyhow, bail};
use tiny_http::{Request, Server};

use super::{answer, respond, respond_with_token, run};
use crate::project::Project;
use run::RunService;

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
    let server = listen(port)?;
    let addr = local_addr(&server)?;
    answer_all(server, site, None);
    Ok(addr)
}

/// Serves the project's site as [`spawn`] does, with the run service; returns the address
/// and the service (whose token the served pages carry).
pub(crate) fn spawn_with_runs(
    project: &Project,
    port: u16,
) -> Result<(SocketAddr, Arc<RunService>)> {
    let server = listen(port)?;
    let addr = local_addr(&server)?;
    let service =
        Arc::new(RunService::new(project.root.clone(), &project.target, addr.port())?);
    answer_all(server, project.site_dir(), Some(service.clone()));
    Ok((addr, service))
}

fn listen(port: u16) -> Result<Server> {
    Server::http(("127.0.0.1", port))
        .map_err(|err| anyhow!("could not listen on 127.0.0.1:{port}: {err}"))
}

fn local_addr(server: &Server) -> Result<SocketAddr> {
    server.server_addr().to_ip().context("the server listens on no IP address")
}

fn answer_all(server: Server, site: PathBuf, runs: Option<Arc<RunService>>) {
    thread::spawn(move || {
        for request in server.incoming_requests() {
            let site = site.clone();
            let runs = runs.clone();
            thread::spawn(move || answer_one(&site, runs.as_deref(), request));
        }
    });
}

fn answer_one(site: &Path, runs: Option<&RunService>, request: Request) {
    let path = request.url().split(['?', '#']).next().unwrap_or_default().to_owned();
    let Some(runs) = runs else {
        let response = respond(site, request.method(), request.url());
        // tiny_http sends no body to HEAD; a client that hangs up early is its own
        // business.
        let _ = request.respond(response);
        return;
    };
    if path == run::RUN_PATH || path == run::SAVE_PATH {
        return runs.handle(request);
    }
    let host = run::header(&request, "Host");
    // The pages carry the token: a page fetched under another name (DNS rebinding) must
    // not get it.
    let response = if runs.is_own_host(host.as_deref()) {
        respond_with_token(site, request.method(), request.url(), Some(runs.token()))
    } else {
        answer(403, "text/plain; charset=utf-8", b"not this server's host\n".to_vec())
    };
    let _ = request.respond(response);
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
