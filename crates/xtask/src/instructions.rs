//! Instruction counts of the hot paths, the figures a test may gate on: Valgrind's
//! callgrind counts the instructions each workload of
//! `crates/product-handlers/benches/instructions.rs` executes, which is the same number
//! on every run of the same build, where a median time on a shared machine moves by half.
//!
//! `cargo xtask test instructions` counts and compares with the committed baseline,
//! `src/part3/instructions.json` ([`baseline`]), failing when a workload grew by more
//! than [`baseline::TOLERANCE`]; `cargo xtask instructions --update` counts and rewrites
//! the baseline and the table the chapter on cold starts includes.

mod baseline;
mod compare;

use std::{fs, path::Path, process::Command, time::Instant};

use anyhow::{Context, Result, bail};
use cargo_metadata::Artifact;

use self::baseline::thousands;
pub(crate) use self::baseline::{Baseline, Count, check_table};
use crate::{
    bench, cargo_json, project::Project, tools::MissingSystemTool, util::section,
};

/// The benches' own target folder, shared with the criterion benches of `cargo xtask
/// bench`, so that the optimised build neither waits for nor blocks `target/debug`.
const TARGET_DIR: &str = "target/bench";
/// The harness: package, bench target, and the profile (in the root `Cargo.toml`) it is
/// built with.
const PACKAGE: &str = "product-handlers";
const HARNESS: &str = "instructions";
const PROFILE: &str = "instructions";
/// The one function of the harness that callgrind counts; everything else (building
/// inputs, the process's start and end) is left out.
const COUNTED: &str = "*counted_rounds*";

/// The test step: counts every workload and fails when one grew past its budget.
pub(crate) fn check(project: &Project) -> Result<()> {
    let baseline = Baseline::read(&project.root)?;
    let counts = count(project)?;
    let comparison = compare::compare(&baseline, &counts);
    print!("{}", comparison.report());
    comparison.verdict(&baseline, &environment()?)
}

/// Counts every workload and writes the baseline and its table.
pub(crate) fn update(project: &Project) -> Result<()> {
    let counts = count(project)?;
    let baseline =
        Baseline { day: bench::today()?, machine: environment()?, workloads: counts };
    baseline.write(&project.root)?;
    println!("wrote {} and {}", baseline::DATA, baseline::TABLE);
    Ok(())
}

/// Builds the harness and counts the instructions of each of its workloads, in the
/// harness's order. `cargo xtask bench` can call this for its quick figures.
pub(crate) fn count(project: &Project) -> Result<Vec<Count>> {
    let valgrind = valgrind_version()?;
    println!("counting with {valgrind}");
    let harness = section("build the instruction-count harness", || build(project))?;
    let listing = Command::new(&harness)
        .arg("--list")
        .output()
        .with_context(|| format!("could not run {}", harness.display()))?;
    if !listing.status.success() {
        bail!("`{} --list` failed", harness.display());
    }
    let workloads = parse_listing(&String::from_utf8_lossy(&listing.stdout))?;
    let out_dir = project.scratch_dir().join("instructions");
    fs::create_dir_all(&out_dir)
        .with_context(|| format!("could not create {}", out_dir.display()))?;
    let mut counts = Vec::new();
    for listed in workloads {
        let started = Instant::now();
        let out = out_dir.join(format!("{}.callgrind.out", listed.workload));
        let instructions = callgrind(&harness, &listed.workload, &out)?;
        let count = Count { instructions, ..listed };
        println!(
            "{}: {} instructions / {} = {} per {} ({:.1}s; {})",
            count.workload,
            thousands(count.instructions as f64),
            thousands(count.ops as f64),
            thousands(count.per_op()),
            count.op,
            started.elapsed().as_secs_f64(),
            out.display()
        );
        counts.push(count);
    }
    Ok(counts)
}

/// The harness's executable, built with its profile in the benches' target folder.
fn build(project: &Project) -> Result<std::path::PathBuf> {
    let artifacts =
        cargo_json::build(
            project
                .cargo()
                .env("CARGO_TARGET_DIR", project.root.join(TARGET_DIR))
                .args(["build", "--profile", PROFILE, "-p", PACKAGE, "--bench", HARNESS]),
        )?;
    harness_executable(&artifacts).with_context(|| {
        format!("cargo built no executable for the bench target `{HARNESS}` of {PACKAGE}")
    })
}

fn harness_executable(artifacts: &[Artifact]) -> Option<std::path::PathBuf> {
    artifacts
        .iter()
        .filter(|artifact| artifact.target.name == HARNESS)
        .find_map(|artifact| artifact.executable.clone())
        .map(Into::into)
}

/// Runs one workload under callgrind, counting only [`COUNTED`], and returns the
/// instructions it executed.
fn callgrind(harness: &Path, workload: &str, out: &Path) -> Result<u64> {
    let mut cmd = Command::new("valgrind");
    cmd.args(["--tool=callgrind", "--collect-atstart=no"])
        .arg(format!("--toggle-collect={COUNTED}"))
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(harness)
        .arg(workload);
    let output = cmd.output().context("could not start valgrind")?;
    if !output.status.success() {
        bail!(
            "`{}` failed ({}):\n{}",
            crate::util::display(&cmd),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = fs::read_to_string(out)
        .with_context(|| format!("callgrind wrote no {}", out.display()))?;
    let instructions = parse_callgrind(&text)
        .with_context(|| format!("could not read {}", out.display()))?;
    if instructions == 0 {
        bail!(
            "callgrind counted no instruction of `{workload}` inside {COUNTED}: the \
             harness's counted function was renamed or inlined"
        );
    }
    Ok(instructions)
}

/// `valgrind-3.19.0`, or the missing tool and how to install it.
fn valgrind_version() -> Result<String> {
    let missing = || {
        MissingSystemTool::error(
            "`valgrind` was not found on PATH; install it (Debian: `apt-get install -y valgrind`)"
                .to_owned(),
        )
    };
    let output =
        Command::new("valgrind").arg("--version").output().map_err(|_| missing())?;
    if !output.status.success() {
        return Err(missing());
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The machine, the compiler and the Valgrind the counts come from: a new compiler or
/// Valgrind moves them, so the baseline says which ones it was counted with.
fn environment() -> Result<String> {
    Ok(format!("{}, {}", bench::machine()?, valgrind_version()?))
}

/// The harness's `--list`: one workload per line, `name rounds ops-per-round op about`
/// separated by tabs. The counts are still zero.
pub(crate) fn parse_listing(listing: &str) -> Result<Vec<Count>> {
    let workloads = listing
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [workload, rounds, per_round, op, about] = fields[..] else {
                bail!("the harness listed `{line}`, not five tab-separated fields");
            };
            let number = |field: &str| {
                field.parse::<u64>().with_context(|| {
                    format!("the harness listed `{line}`: `{field}` is not a count")
                })
            };
            Ok(Count {
                workload: workload.to_owned(),
                about: about.to_owned(),
                op: op.to_owned(),
                ops: number(rounds)? * number(per_round)?,
                instructions: 0,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if workloads.is_empty() {
        bail!("the harness listed no workload");
    }
    Ok(workloads)
}

/// The instructions (`Ir`) a callgrind output file counted in total: its `summary:` line,
/// or `totals:` where there is none, read at the position of `Ir` in its `events:` line.
pub(crate) fn parse_callgrind(text: &str) -> Result<u64> {
    let line = |key: &str| {
        text.lines().find_map(|line| line.strip_prefix(key)).map(str::split_whitespace)
    };
    let events = line("events:").context("callgrind's output has no `events:` line")?;
    let position = events
        .into_iter()
        .position(|event| event == "Ir")
        .context("callgrind did not count instructions (no `Ir` event)")?;
    let totals = line("summary:")
        .or_else(|| line("totals:"))
        .context("callgrind's output has no `summary:` or `totals:` line")?;
    let value = totals
        .into_iter()
        .nth(position)
        .context("callgrind's summary has no value for `Ir`")?;
    value.parse().with_context(|| format!("`{value}` is not an instruction count"))
}

#[cfg(test)]
mod tests;
