//! The cold start of each Lambda binary: from process start to its first request for
//! work.
//!
//! Lambda's init phase ends when the function first asks the Runtime API for an
//! invocation, so that is what is timed: the benchmark listens where
//! `AWS_LAMBDA_RUNTIME_API` points, starts the binary, and stops the clock when the `GET
//! .../invocation/next` arrives. Everything a real cold start does in the process is
//! inside (loading the configuration, building the SDK clients, setting up logging); what
//! Lambda does before the process starts (fetching the code, starting the sandbox) is
//! not.
//!
//! Run with `cargo bench -p product-lambdas --bench cold_start` (release build). It starts
//! the binaries in `PSR_LAMBDA_BIN_DIR` when that is set: `cargo xtask bench --lambdas`
//! points it at the five built as the deployment builds them, without the
//! dev-dependencies' features that reach the bench's own build. The Python reference (`crates/xtask/python-reference`) measures the same span for the
//! demo's create handler, under the same id.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

/// Starts `binary` against a runtime address that only records when it is first asked for
/// work.
fn time_to_first_poll(binary: &std::path::Path, extra_env: &[(&str, &str)]) -> Duration {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port is free");
    let address = listener.local_addr().expect("the listener has an address");
    let started = Instant::now();
    let mut child = Command::new(binary)
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", address.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "bench")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "bench")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "bench")
        .env("AWS_SECRET_ACCESS_KEY", "bench")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(extra_env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the Lambda binary starts");
    let (stream, _) = listener.accept().expect("the binary connects to the runtime API");
    let mut request_line = String::new();
    BufReader::new(stream)
        .read_line(&mut request_line)
        .expect("the binary sends a request");
    let elapsed = started.elapsed();
    assert!(
        request_line.contains("/runtime/invocation/next"),
        "unexpected first request: {request_line}"
    );
    let _ = child.kill();
    let _ = child.wait();
    elapsed
}

/// A function to start: its name, its binary, and the environment it needs beyond the
/// runtime's.
type Function = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

fn cold_start(c: &mut Criterion) {
    let mut group = c.benchmark_group("cold start (process start to first poll)");
    group.sample_size(30).measurement_time(Duration::from_secs(10));
    let functions: [Function; 2] = [
        (
            "create-product",
            env!("CARGO_BIN_EXE_create-product"),
            &[("TABLE_NAME", "products")],
        ),
        (
            "process-stream",
            env!("CARGO_BIN_EXE_process-stream"),
            &[
                ("EVENT_BUS_NAME", "bench-bus"),
                ("EVENT_SOURCE", "myorg.product.product_notification"),
                ("PUT_EVENTS_MAX_BYTES", "262144"),
            ],
        ),
    ];
    for (name, built, extra_env) in functions {
        let binary = match std::env::var_os("PSR_LAMBDA_BIN_DIR") {
            Some(dir) => std::path::Path::new(&dir).join(name),
            None => built.into(),
        };
        let binary = binary.as_path();
        group.bench_function(name, |b| {
            b.iter_custom(|iterations| {
                (0..iterations).map(|_| time_to_first_poll(binary, extra_env)).sum()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, cold_start);
criterion_main!(benches);
