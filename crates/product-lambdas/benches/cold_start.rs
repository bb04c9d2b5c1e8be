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
//! A second group reports, for the same span, the CPU time the process used (user and
//! system, all its threads), which `cargo xtask bench` turns into a model of the cold start
//! at a Lambda memory size: Lambda gives CPU in proportion to memory, so CPU time, not
//! the wall time of an unthrottled machine, is what a memory setting stretches.
//!
//! The wall-time group also notes each function's peak resident memory at its first poll
//! (`VmHWM`, the largest of its starts), and writes it where `PSR_PEAK_RSS_FILE` points, a
//! JSON object from benchmark id to bytes, for `cargo xtask bench` to put beside the
//! time: criterion records only durations.
//!
//! Run with `cargo bench -p product-lambdas --bench cold_start` (release build). It starts
//! the binaries in `PSR_LAMBDA_BIN_DIR` when that is set: `cargo xtask bench --lambdas`
//! points it at the five built as the deployment builds them, without the
//! dev-dependencies' features that reach the bench's own build. The Python reference (`crates/xtask/python-reference`) measures the same spans for the
//! demo's create handler, under the same ids.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

/// What one start cost, up to the first request for work.
#[derive(Clone, Copy)]
struct Start {
    /// From just before the process was started.
    wall: Duration,
    /// On a CPU, summed over the process's threads.
    cpu: Duration,
    /// The process's peak resident memory, in bytes.
    peak_rss: u64,
}

/// The wall-time group's id, under which the peak memory is reported too.
const WALL_GROUP: &str = "cold start (process start to first poll)";
/// A folder of built Lambda binaries to start instead of the bench's own build.
const BIN_DIR: &str = "PSR_LAMBDA_BIN_DIR";
/// Where `cargo xtask bench` wants the peak memory of each function's starts.
const PEAK_RSS_FILE: &str = "PSR_PEAK_RSS_FILE";
/// The largest peak memory seen, by function.
static PEAK_RSS: Mutex<BTreeMap<&str, u64>> = Mutex::new(BTreeMap::new());

/// Starts `binary` against a runtime address that only records when it is first asked for
/// work.
fn time_to_first_poll(binary: &Path, extra_env: &[(&str, &str)]) -> Start {
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
    // Kept open until the process is measured: a closed connection makes the runtime
    // exit, and an exited process has no memory figures left to read.
    let mut connection = BufReader::new(stream);
    connection.read_line(&mut request_line).expect("the binary sends a request");
    let wall = started.elapsed();
    assert!(
        request_line.contains("/runtime/invocation/next"),
        "unexpected first request: {request_line}"
    );
    // Read while the child waits for its answer, so nothing after the poll is counted
    // (a kill and `wait4` would add the process's teardown).
    let cpu = cpu_time(child.id());
    let peak_rss = peak_rss(child.id());
    drop(connection);
    let _ = child.kill();
    let _ = child.wait();
    Start { wall, cpu, peak_rss }
}

/// The peak resident memory of the process `pid` so far (`VmHWM` in
/// `/proc/<pid>/status`, in kB), in bytes.
fn peak_rss(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status"))
        .expect("Linux reports the process's status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map(|kb| kb * 1024)
        .expect("the status has a VmHWM line in kB")
}

/// The time the process `pid` has spent on a CPU, user and system together: the first
/// field of each thread's `/proc/<pid>/task/<tid>/schedstat`, in nanoseconds (the tick
/// counts of `/proc/<pid>/stat` are 10 ms coarse, longer than a whole start). A thread
/// that has already ended is not counted; the runtime's threads live as long as the
/// process.
fn cpu_time(pid: u32) -> Duration {
    let tasks =
        fs::read_dir(format!("/proc/{pid}/task")).expect("Linux lists the threads");
    let nanos = tasks
        .filter_map(Result::ok)
        .filter_map(|task| fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|line| line.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Duration::from_nanos(nanos)
}

/// A function to start: its name, its binary, and the environment it needs beyond the
/// runtime's.
type Function = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

/// The functions whose start is measured.
const FUNCTIONS: [Function; 2] = [
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

/// Times each function's start in one group, with `measure` picking which cost of a start
/// the group reports (criterion sums whatever durations it is handed).
fn starts(c: &mut Criterion, group_name: &str, measure: fn(Start) -> Duration) {
    let mut group = c.benchmark_group(group_name);
    group.sample_size(30).measurement_time(Duration::from_secs(10));
    for (name, built, extra_env) in FUNCTIONS {
        let binary = match std::env::var_os(BIN_DIR) {
            Some(dir) => Path::new(&dir).join(name),
            None => built.into(),
        };
        let binary = binary.as_path();
        group.bench_function(name, |b| {
            b.iter_custom(|iterations| {
                (0..iterations)
                    .map(|_| {
                        let start = time_to_first_poll(binary, extra_env);
                        let mut peaks = PEAK_RSS.lock().expect("not poisoned");
                        let peak = peaks.entry(name).or_default();
                        *peak = (*peak).max(start.peak_rss);
                        measure(start)
                    })
                    .sum()
            })
        });
    }
    group.finish();
}

fn cold_start(c: &mut Criterion) {
    starts(c, WALL_GROUP, |start| start.wall);
    if let Some(file) = std::env::var_os(PEAK_RSS_FILE) {
        let peaks: BTreeMap<String, u64> = PEAK_RSS
            .lock()
            .expect("not poisoned")
            .iter()
            .map(|(name, bytes)| (format!("{WALL_GROUP}/{name}"), *bytes))
            .collect();
        let json =
            serde_json::to_string_pretty(&peaks).expect("a map of numbers is JSON");
        fs::write(&file, json).expect("the peak memory file can be written");
    }
}

fn cold_start_cpu(c: &mut Criterion) {
    starts(c, "cold start CPU time (process start to first poll)", |start| start.cpu);
}

criterion_group!(benches, cold_start, cold_start_cpu);
criterion_main!(benches);
