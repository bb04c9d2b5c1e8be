//! The Lambda binaries the table weighs and the cold-start benchmark starts: the five
//! built as the deployment builds them (`cargo build --release`, no dev-dependencies, so
//! none of the tests' features reach them), from an empty target folder, timed.

use std::{
    path::{Path, PathBuf},
    time::Instant,
};

use anyhow::Result;

use super::sizes::binary_size;
use crate::{
    measurements::{Entry, Measurement},
    project::Project,
    util::{remove_all, run, section},
};

/// The target folder of that build, emptied before each: the time is a cold build's,
/// dependencies included.
const LAMBDA_TARGET: &str = "target/bench/lambda-release";

/// The binaries, as `[[bin]]` names them.
const LAMBDAS: &[&str] = &[
    "create-product",
    "get-product",
    "list-products",
    "delete-product",
    "process-stream",
];

/// Where the built binaries are: what the cold-start benchmark reads from
/// `PSR_LAMBDA_BIN_DIR`, and what the sizes are taken of.
pub(super) fn bin_dir(root: &Path) -> PathBuf {
    root.join(LAMBDA_TARGET).join("release")
}

/// Builds the five binaries with the release profile from an empty target folder, and
/// says how long it took. The load average is printed before and after: the machine may be
/// shared, and a time measured under load is an upper bound.
pub(super) fn build(
    project: &Project,
    day: &str,
    machine: &str,
    command: &str,
) -> Result<Entry> {
    let target = project.root.join(LAMBDA_TARGET);
    remove_all(&target)?;
    println!("load average before the build: {}", load_average());
    let started = Instant::now();
    section("the release build of the Lambda binaries", || {
        run(project
            .cargo()
            .args(["build", "--release", "-p", "product-lambdas", "--bins"])
            .env("CARGO_TARGET_DIR", &target))
    })?;
    let took = started.elapsed();
    println!("load average after the build: {}", load_average());
    Ok(Entry {
        id: "release build of the five Lambda binaries (cold, dependencies included)"
            .to_owned(),
        measurement: Measurement::Time {
            median_ns: took.as_nanos() as f64,
            elements: None,
            peak_rss_bytes: None,
        },
        command: command.to_owned(),
        day: day.to_owned(),
        machine: machine.to_owned(),
    })
}

/// Each binary's size as built, stripped and gzipped.
pub(super) fn sizes(
    root: &Path,
    day: &str,
    machine: &str,
    command: &str,
) -> Result<Vec<Entry>> {
    LAMBDAS
        .iter()
        .map(|name| {
            Ok(Entry {
                id: format!("{name} (release binary)"),
                measurement: binary_size(&bin_dir(root).join(name))?,
                command: command.to_owned(),
                day: day.to_owned(),
                machine: machine.to_owned(),
            })
        })
        .collect()
}

/// The 1, 5 and 15 minute load averages, as `/proc/loadavg` gives them.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}
