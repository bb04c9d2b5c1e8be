//! `cargo xtask fuzz [TARGET] [--time S]` and the `fuzz` test step: the fuzz targets of
//! `crates/fuzz` run with cargo-fuzz (libFuzzer) on the pinned nightly, each for a set
//! time.
//!
//! Each run starts from the committed seeds (`crates/fuzz/corpus/TARGET`, replayed first,
//! so a seed that fails fails the run) and from what earlier runs found
//! (`target/fuzz/corpus/TARGET`, where new inputs go: the committed corpus never grows by
//! itself). A failing input is written to `target/fuzz/artifacts/TARGET/`. The executions
//! of each target are printed and written to `fuzz.json` in the figures folder.
//!
//! The targets are built without a sanitizer (`--sanitizer none`): the workspace forbids
//! `unsafe`, so AddressSanitizer would only watch the dependencies' unsafe code, at the
//! price of a slower build and about half the executions; debug assertions stay on
//! (`-a`), so an overflow panics.

use std::{
    collections::BTreeMap,
    fs,
    io::{BufRead as _, BufReader},
    process::Stdio,
    time::Instant,
};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::{
    project::Project,
    util::{display, run, section},
};

/// The fuzz targets, in the order they run.
pub(crate) const TARGETS: [&str; 5] =
    ["create_body", "router", "stream", "page_token", "planner"];
/// The fuzz crate, a workspace of its own.
const FUZZ_DIR: &str = "crates/fuzz";
/// How long `cargo xtask fuzz` runs each target unless told.
pub(crate) const DEFAULT_SECONDS: u64 = 60;
/// How long the `fuzz` test step runs each target: enough to replay the seeds and explore
/// a little.
pub(crate) const TEST_SECONDS: u64 = 20;

/// What `cargo xtask fuzz` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Options {
    /// One target, or all of them.
    pub(crate) target: Option<String>,
    /// Seconds of fuzzing per target.
    pub(crate) seconds: u64,
}

impl Options {
    /// Reads `[TARGET] [--time S]`.
    pub(crate) fn parse(args: &[String]) -> Result<Self> {
        let mut options = Self { target: None, seconds: DEFAULT_SECONDS };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--time" => {
                    let value =
                        args.next().context("`--time` needs a number of seconds")?;
                    options.seconds = value.parse().with_context(|| {
                        format!("`{value}` is not a number of seconds")
                    })?;
                }
                flag if flag.starts_with('-') => {
                    bail!("unknown option `{flag}` for `fuzz`")
                }
                name if TARGETS.contains(&name) && options.target.is_none() => {
                    options.target = Some(name.to_owned())
                }
                other => bail!(
                    "`{other}` is not a fuzz target; the targets are: {}",
                    TARGETS.join(", ")
                ),
            }
        }
        if options.seconds == 0 {
            bail!("`--time` must be at least 1 second");
        }
        Ok(options)
    }

    fn targets(&self) -> Vec<&str> {
        match &self.target {
            Some(target) => vec![target.as_str()],
            None => TARGETS.to_vec(),
        }
    }
}

/// What one target's run did, as `fuzz.json` records it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
struct Figures {
    executions: u64,
    seconds: f64,
    crashes: u64,
}

/// Builds the targets, runs each, prints and writes the figures; fails if any target
/// failed.
pub(crate) fn fuzz(project: &Project, options: &Options) -> Result<()> {
    let fuzzer = project.tools.fuzzer()?;
    let root = &project.root;
    let base = [
        "--fuzz-dir",
        FUZZ_DIR,
        "--sanitizer",
        "none",
        "--debug-assertions",
        "--target-dir",
    ];
    let target_dir = project.target.join("fuzz");
    section("build the fuzz targets", || {
        run(fuzzer.command(root, "build")?.args(base).arg(&target_dir))
    })?;

    let mut figures = BTreeMap::new();
    let mut failed = Vec::new();
    for target in options.targets() {
        let corpus = target_dir.join("corpus").join(target);
        let artifacts = target_dir.join("artifacts").join(target);
        for dir in [&corpus, &artifacts] {
            fs::create_dir_all(dir)
                .with_context(|| format!("could not create {}", dir.display()))?;
        }
        let mut cmd = fuzzer.command(root, "run")?;
        cmd.args(base)
            .arg(&target_dir)
            .arg(target)
            .arg(&corpus)
            .arg(root.join(FUZZ_DIR).join("corpus").join(target));
        cmd.arg("--").arg(format!("-max_total_time={}", options.seconds));
        cmd.arg(format!("-artifact_prefix={}/", artifacts.display()));
        // A single input that takes seconds is a finding too.
        cmd.args(["-timeout=10", "-print_final_stats=1"]);
        let found = section(&format!("fuzz {target} for {} s", options.seconds), || {
            run_target(&mut cmd)
        })?;
        println!(
            "{target}: {} executions in {:.1} s, {} crashes",
            found.executions, found.seconds, found.crashes
        );
        if found.crashes > 0 {
            failed.push(target);
        }
        figures.insert(target.to_owned(), found);
    }

    println!("\nfuzz targets:");
    for (target, found) in &figures {
        println!(
            "  {target:<12} {:>10} executions {:>7.1} s {:>3} crashes",
            found.executions, found.seconds, found.crashes
        );
    }
    write_figures(project, &figures)?;
    if !failed.is_empty() {
        bail!(
            "fuzz targets failed: {} (inputs in {})",
            failed.join(", "),
            target_dir.join("artifacts").display()
        );
    }
    Ok(())
}

/// Runs one target, echoing libFuzzer's output but its progress lines, and reads its
/// figures.
fn run_target(cmd: &mut std::process::Command) -> Result<Figures> {
    println!("$ {}", display(cmd));
    let started = Instant::now();
    let mut child = cmd
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start `{}`", display(cmd)))?;
    let mut output = Vec::new();
    let mut in_dictionary = false;
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines() {
            let line = line.context("could not read the fuzzer's output")?;
            // The dictionary libFuzzer recommends at the end is dozens of byte strings.
            in_dictionary |= line.contains("Recommended dictionary");
            if !in_dictionary && !is_progress(&line) {
                eprintln!("{line}");
            }
            in_dictionary &= !line.contains("End of recommended dictionary");
            output.push(line);
        }
    }
    let status = child.wait().context("the fuzzer did not finish")?;
    let seconds = (started.elapsed().as_secs_f64() * 10.0).round() / 10.0;
    Ok(Figures {
        executions: executions(&output).unwrap_or(0),
        seconds,
        crashes: u64::from(!status.success()),
    })
}

/// libFuzzer's lines about each new input and each second: hundreds a minute, and nothing
/// to act on.
fn is_progress(line: &str) -> bool {
    line.starts_with('#')
        && line
            .split_whitespace()
            .nth(1)
            .is_some_and(|word| ["NEW", "REDUCE", "pulse", "RELOAD"].contains(&word))
}

/// The executions libFuzzer reports at the end: `stat::number_of_executed_units`, or its
/// `Done N runs` line, or the count of its last status line when it stopped on a crash.
fn executions(output: &[String]) -> Option<u64> {
    let number = |text: &str| text.trim().parse().ok();
    let stat = output.iter().rev().find_map(|line| {
        line.strip_prefix("stat::number_of_executed_units:").and_then(number)
    });
    let done = || {
        output
            .iter()
            .rev()
            .find_map(|line| line.strip_prefix("Done ")?.split_once(" runs"))
            .and_then(|(n, _)| number(n))
    };
    let last = || {
        output.iter().rev().find_map(|line| {
            line.strip_prefix('#')?.split_whitespace().next().and_then(number)
        })
    };
    stat.or_else(done).or_else(last)
}

/// Writes `fuzz.json` into the figures folder ([`Project::figures_dir`]).
fn write_figures(project: &Project, figures: &BTreeMap<String, Figures>) -> Result<()> {
    let dir = project.figures_dir();
    fs::create_dir_all(&dir)
        .with_context(|| format!("could not create {}", dir.display()))?;
    let path = dir.join("fuzz.json");
    let json = serde_json::to_string_pretty(&serde_json::json!({ "targets": figures }))?;
    fs::write(&path, json + "\n")
        .with_context(|| format!("could not write {}", path.display()))?;
    println!("figures: {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests;
