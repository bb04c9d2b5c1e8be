//! `cargo xtask bench`: runs the benchmarks and writes the numbers the book quotes.
//!
//! The results of every run are merged into `src/part3/measurements.json` (one entry per
//! benchmark or file, with the day and the machine it was measured on), and
//! `src/part3/measurements.md` is written from it; the chapter on cold starts includes
//! that file. Nobody edits either by hand: the `site` step fails when the Markdown is not
//! what the JSON renders to.
//!
//! Each run also runs the Python reference (`python.rs`) on the inputs the criterion
//! benches read, so the table's ratios compare figures of one run on one machine.
//! Speed comes from criterion's estimates (`criterion.rs`), sizes from the files
//! themselves (`sizes.rs`). Nothing here is timed by the test command; timings on a
//! shared CI machine would be noise.

mod criterion;
mod lambdas;
mod python;
mod sizes;

use std::{fs, path::Path, process::Command};

use anyhow::{Context, Result, bail};

use crate::{
    measurements::{DATA, Entry, TABLE, merge, parse_entries, render, to_json},
    project::Project,
    util::{run, section},
};

/// The benchmarks build into a target folder of their own, so that their long optimised
/// build neither waits for nor blocks the development builds in `target/`. Criterion
/// writes its results under it too.
const BENCH_TARGET: &str = "target/bench";
/// Where the `cold_start` bench writes its peak memory, in [`BENCH_TARGET`].
const PEAK_RSS: &str = "cold-start-peak-rss.json";

/// A criterion bench target, and which of its benchmarks to run (all when `None`; else a
/// regular expression, as criterion takes it).
struct Bench {
    package: &'static str,
    target: &'static str,
    filter: Option<&'static str>,
}

const fn all(package: &'static str, target: &'static str) -> Bench {
    Bench { package, target, filter: None }
}

/// The criterion benchmarks run by default.
const BENCHES: &[Bench] = &[
    all("product-handlers", "handlers"),
    all("product-handlers", "events"),
    all("product-events", "batching"),
];
/// What `--quick` runs of them: the benchmarks the Python reference stands beside.
const QUICK_BENCHES: &[Bench] = &[
    Bench {
        package: "product-handlers",
        target: "handlers",
        filter: Some("^create body validation/reference mix"),
    },
    all("product-handlers", "events"),
];
/// Criterion's times under `--quick` (seconds; its defaults are 3 and 5).
const QUICK_CRITERION: &[&str] = &["--warm-up-time", "1", "--measurement-time", "2"];
/// The commands that measure the Lambda binaries, as the table names them.
const LAMBDAS_COMMAND: &str = "cargo xtask bench --lambdas";
const BINARIES: &str = "cargo xtask bench --binaries";
const COLD_START: &str = "cargo xtask bench --cold-start";

/// What `cargo xtask bench` was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Options {
    /// Also build the Lambda binaries as the deployment does and time their cold start.
    pub(crate) lambdas: bool,
    /// Run nothing: read the results already on disk and rewrite the report.
    pub(crate) no_run: bool,
    /// Only the Lambda binaries: their cold release build, timed, and their sizes.
    pub(crate) binaries: bool,
    /// Only the figures the ratios need, measured briefly: the Python reference and the
    /// criterion benchmarks it stands beside; no site build, no sizes.
    pub(crate) quick: bool,
    /// Only the Lambda binaries (their cold start, wall and CPU time, and their sizes) and
    /// the Python reference beside them: the figures of the memory-size model, without
    /// the other benches' long release builds or a site build.
    pub(crate) cold_start: bool,
}

impl Options {
    /// The options from `cargo xtask bench`'s arguments.
    pub(crate) fn parse(args: &[String]) -> Result<Self> {
        let mut options = Self::default();
        for arg in args {
            match arg.as_str() {
                "--lambdas" => options.lambdas = true,
                "--no-run" => options.no_run = true,
                "--quick" => options.quick = true,
                "--cold-start" => options.cold_start = true,
                "--binaries" => options.binaries = true,
                other => bail!("unknown option `{other}` for `bench`"),
            }
        }
        if options.quick
            && (options.lambdas
                || options.no_run
                || options.cold_start
                || options.binaries)
        {
            bail!(
                "`--quick` measures a few figures briefly; it goes with no other option"
            );
        }
        if options.cold_start && (options.lambdas || options.no_run || options.binaries) {
            bail!(
                "`--cold-start` measures the Lambda binaries; it goes with no other option"
            );
        }
        if options.binaries && (options.lambdas || options.no_run) {
            bail!(
                "`--binaries` builds and weighs the Lambda binaries; it goes with no other option"
            );
        }
        Ok(options)
    }
}

pub(crate) fn bench(project: &Project, options: Options) -> Result<()> {
    let root = &project.root;
    let day = today()?;
    let machine = machine()?;
    if options.binaries {
        let mut fresh = vec![lambdas::build(project, &day, &machine, BINARIES)?];
        fresh.extend(lambdas::sizes(root, &day, &machine, BINARIES)?);
        let mut entries = read_entries(root)?;
        merge(&mut entries, fresh);
        write(root, &entries)?;
        println!("wrote {DATA} and {TABLE} ({} entries)", entries.len());
        return Ok(());
    }
    let mut fresh = Vec::new();
    let mut benches: Vec<&Bench> = match (options.quick, options.cold_start) {
        (true, _) => QUICK_BENCHES.iter().collect(),
        (_, true) => Vec::new(),
        _ => BENCHES.iter().collect(),
    };
    let lambdas = options.lambdas || options.cold_start;
    let lambdas_command = if options.cold_start { COLD_START } else { LAMBDAS_COMMAND };
    let cold_start = all("product-lambdas", "cold_start");
    if lambdas {
        benches.push(&cold_start);
        if !options.no_run {
            fresh.push(lambdas::build(project, &day, &machine, lambdas_command)?);
        }
    }
    for Bench { package, target, filter } in benches {
        let command = if options.quick {
            "cargo xtask bench --quick".to_owned()
        } else {
            format!("cargo bench -p {package} --bench {target}")
        };
        if !options.no_run {
            let mut cargo = bench_cargo(project);
            cargo.env(criterion::PEAK_RSS_FILE, root.join(BENCH_TARGET).join(PEAK_RSS));
            cargo.args(["bench", "-p", package, "--bench", target, "--"]).args(*filter);
            if lambdas {
                // The cold start is timed on the binaries built as deployed, not on the
                // bench's own build, which the dev-dependencies' features reach.
                cargo.env("PSR_LAMBDA_BIN_DIR", lambdas::bin_dir(root));
            }
            if options.quick {
                cargo.args(QUICK_CRITERION);
            }
            section(&format!("cargo bench -p {package} --bench {target}"), || {
                run(&mut cargo)
            })?;
        }
        let ids =
            criterion::criterion_ids(bench_cargo(project), package, target, *filter)?;
        let mut found =
            criterion::read_criterion(&root.join(BENCH_TARGET).join("criterion"), &ids)?;
        criterion::add_peak_rss(&mut found, &root.join(BENCH_TARGET).join(PEAK_RSS))?;
        for (id, measurement) in found {
            let (day, machine) = (day.clone(), machine.clone());
            fresh.push(Entry { id, measurement, command: command.clone(), day, machine });
        }
    }
    if !options.no_run {
        let command = match (options.quick, options.cold_start) {
            (true, _) => "cargo xtask bench --quick",
            (_, true) => COLD_START,
            _ => "cargo xtask bench",
        };
        fresh.extend(section("the Python reference", || {
            python::run(
                project,
                &root.join(BENCH_TARGET),
                options.quick,
                options.cold_start,
                (&day, &cpu()),
                command,
            )
        })?);
    }
    if options.quick && !options.no_run {
        // The deterministic figures beside the noisy ones: the same counts and the same
        // comparison with the committed baseline as `cargo xtask test instructions`.
        section("instruction counts", || crate::instructions::check(project))?;
    }
    if lambdas {
        fresh.extend(lambdas::sizes(root, &day, &machine, lambdas_command)?);
    }
    let mut entries = read_entries(root)?;
    merge(&mut entries, fresh);
    write(root, &entries)?;
    // The bundle's sizes come from a site build, which neither partial run makes; the
    // browser tests' times (the page ready, snippets run from it) are copied with them.
    if !options.quick && !options.cold_start {
        if !options.no_run {
            // The site build checks the table written just above, and writes the
            // bundle's size report.
            crate::site::build(project)?;
        }
        let size_report =
            project.site_dir().join("pkg").join(crate::measurements::SIZE_REPORT);
        merge(&mut entries, sizes::bundle_sizes(&size_report, &day, &machine)?);
        merge(&mut entries, crate::timings::entries(&project.figures_dir(), &machine)?);
        write(root, &entries)?;
    }
    println!("wrote {DATA} and {TABLE} ({} entries)", entries.len());
    // The ratios, where the reader of this run looks first; the table holds them too.
    crate::measurements::print_side_by_side(&entries);
    Ok(())
}

/// The entries of the data file, none if there is no file yet.
fn read_entries(root: &Path) -> Result<Vec<Entry>> {
    match fs::read_to_string(root.join(DATA)) {
        Ok(text) => parse_entries(&text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(err) => Err(err).with_context(|| format!("could not read {DATA}")),
    }
}

fn write(root: &Path, entries: &[Entry]) -> Result<()> {
    fs::write(root.join(DATA), to_json(entries)?)
        .with_context(|| format!("could not write {DATA}"))?;
    fs::write(root.join(TABLE), render(entries))
        .with_context(|| format!("could not write {TABLE}"))
}

fn bench_cargo(project: &Project) -> Command {
    let mut cmd = project.cargo();
    cmd.env("CARGO_TARGET_DIR", project.root.join(BENCH_TARGET));
    cmd
}

pub(crate) fn today() -> Result<String> {
    let output = Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%d")
        .output()
        .context("could not run `date`")?;
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// `2 × Intel Xeon ..., rustc 1.95.0`: enough to tell two machines apart.
pub(crate) fn machine() -> Result<String> {
    Ok(format!("{}, {}", cpu(), rustc()?))
}

/// `2 × Intel Xeon ...`.
fn cpu() -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|line| {
                line.strip_prefix("model name")
                    .and_then(|rest| rest.split_once(':'))
                    .map(|(_, name)| name.trim().to_owned())
            })
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    let cores = std::thread::available_parallelism().map(usize::from).unwrap_or(1);
    format!("{cores} × {cpu}")
}

/// `rustc 1.95.0`.
fn rustc() -> Result<String> {
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .context("could not run `rustc --version`")?;
    let rustc = String::from_utf8_lossy(&rustc.stdout);
    Ok(rustc.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests;
