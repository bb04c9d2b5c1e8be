//! `cargo xtask bench`: runs the benchmarks and writes the numbers the book quotes.
//!
//! The results of every run are merged into `src/part3/measurements.json` (one entry per
//! benchmark or file, with the day and the machine it was measured on), and
//! `src/part3/measurements.md` is written from it; the chapter on cold starts includes
//! that file. Nobody edits either by hand: the `site` step fails when the Markdown is not
//! what the JSON renders to.
//!
//! Speed comes from criterion's estimates (the median in
//! `target/bench/criterion/<id>/new/estimates.json`), sizes from the files themselves.
//! Nothing here is timed by the test command; timings on a shared CI machine would be
//! noise.

use std::{fs, path::Path, process::Command};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::{
    measurements::{
        BundleSizes, DATA, Entry, FileSize, Measurement, SIZE_REPORT, TABLE, gzip_len,
        merge, parse_entries, render, to_json,
    },
    project::Project,
    util::{run, section},
};

/// The benchmarks build into a target folder of their own, so that their long optimised
/// build neither waits for nor blocks the development builds in `target/`. Criterion
/// writes its results under it too.
const BENCH_TARGET: &str = "target/bench";

/// The criterion benchmarks run by default: package, bench target.
const BENCHES: &[(&str, &str)] =
    &[("product-handlers", "handlers"), ("product-events", "batching")];
/// The Lambda binaries whose release size is reported.
const LAMBDAS: &[&str] = &[
    "create-product",
    "get-product",
    "list-products",
    "delete-product",
    "process-stream",
];

/// What `cargo xtask bench` was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Options {
    /// Also build the release Lambda binaries (LTO, so slow) and time their cold start.
    pub(crate) lambdas: bool,
    /// Run nothing: read the results already on disk and rewrite the report.
    pub(crate) no_run: bool,
}

pub(crate) fn bench(project: &Project, options: Options) -> Result<()> {
    let root = &project.root;
    let machine = machine()?;
    let day = today()?;
    let mut fresh = Vec::new();
    let mut benches: Vec<(&str, &str)> = BENCHES.to_vec();
    if options.lambdas {
        benches.push(("product-lambdas", "cold_start"));
    }
    for (package, target) in benches {
        let command = format!("cargo bench -p {package} --bench {target}");
        if !options.no_run {
            section(&command, || {
                run(bench_cargo(project)
                    .args(["bench", "-p", package, "--bench", target]))
            })?;
        }
        let ids = criterion_ids(project, package, target)?;
        for (id, measurement) in
            read_criterion(&root.join(BENCH_TARGET).join("criterion"), &ids)?
        {
            fresh.push(Entry {
                id,
                measurement,
                command: command.clone(),
                day: day.clone(),
                machine: machine.clone(),
            });
        }
    }
    if options.lambdas {
        for name in LAMBDAS {
            let binary = root.join(BENCH_TARGET).join("release").join(name);
            let command = "cargo xtask bench --lambdas".to_owned();
            fresh.push(Entry {
                id: format!("{name} (release binary)"),
                measurement: binary_size(&binary)?,
                command,
                day: day.clone(),
                machine: machine.clone(),
            });
        }
    }
    let mut entries = match fs::read_to_string(root.join(DATA)) {
        Ok(text) => parse_entries(&text)?,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(err) => return Err(err).with_context(|| format!("could not read {DATA}")),
    };
    merge(&mut entries, fresh);
    write(root, &entries)?;
    if !options.no_run {
        // The site build checks the table written just above, and writes the bundle's
        // size report.
        crate::site::build(project)?;
    }
    merge(
        &mut entries,
        bundle_sizes(&project.site_dir().join("pkg").join(SIZE_REPORT), &day, &machine)?,
    );
    merge(&mut entries, crate::page_ready::entries(&project.figures_dir(), &machine)?);
    write(root, &entries)?;
    println!("wrote {DATA} and {TABLE} ({} entries)", entries.len());
    Ok(())
}

fn write(root: &Path, entries: &[Entry]) -> Result<()> {
    fs::write(root.join(DATA), to_json(entries)?)
        .with_context(|| format!("could not write {DATA}"))?;
    fs::write(root.join(TABLE), render(entries))
        .with_context(|| format!("could not write {TABLE}"))
}

/// The benchmark ids of one bench target, as criterion lists them (`cargo bench ... --
/// --list` prints `<id>: benchmark` for each).
fn criterion_ids(project: &Project, package: &str, target: &str) -> Result<Vec<String>> {
    let output = bench_cargo(project)
        .args(["bench", "-q", "-p", package, "--bench", target, "--", "--list"])
        .output()
        .with_context(|| {
            format!("could not list the benchmarks of {package}/{target}")
        })?;
    if !output.status.success() {
        bail!(
            "listing the benchmarks of {package}/{target} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(listed_ids(&String::from_utf8_lossy(&output.stdout)))
}

fn bench_cargo(project: &Project) -> Command {
    let mut cmd = project.cargo();
    cmd.env("CARGO_TARGET_DIR", project.root.join(BENCH_TARGET));
    cmd
}

pub(crate) fn listed_ids(listing: &str) -> Vec<String> {
    listing
        .lines()
        .filter_map(|line| line.strip_suffix(": benchmark"))
        .map(str::to_owned)
        .collect()
}

/// Reads criterion's latest estimates for each id.
pub(crate) fn read_criterion(
    dir: &Path,
    ids: &[String],
) -> Result<Vec<(String, Measurement)>> {
    let mut found = Vec::new();
    for id in ids {
        let new = dir.join(id).join("new");
        let estimates = read_json(&new.join("estimates.json")).with_context(|| {
            format!("no criterion result for `{id}`; run its benchmark first")
        })?;
        let median_ns = estimates
            .pointer("/median/point_estimate")
            .and_then(Value::as_f64)
            .with_context(|| format!("{} has no median", new.display()))?;
        let elements =
            read_json(&new.join("benchmark.json")).ok().and_then(|benchmark| {
                benchmark.pointer("/throughput/Elements").and_then(Value::as_u64)
            });
        found.push((id.clone(), Measurement::Time { median_ns, elements }));
    }
    Ok(found)
}

fn read_json(path: &Path) -> Result<Value> {
    let text = fs::read_to_string(path)
        .with_context(|| format!("could not read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
}

fn binary_size(binary: &Path) -> Result<Measurement> {
    let bytes = fs::read(binary)
        .with_context(|| format!("could not read {}", binary.display()))?;
    let stripped_path =
        std::env::temp_dir().join(format!("psr-stripped-{}", std::process::id()));
    fs::write(&stripped_path, &bytes)?;
    let stripped = Command::new("strip")
        .arg(&stripped_path)
        .status()
        .ok()
        .filter(|status| status.success())
        .and_then(|_| fs::read(&stripped_path).ok());
    let _ = fs::remove_file(&stripped_path);
    let gzip = gzip_len(stripped.as_deref().unwrap_or(&bytes))?;
    Ok(Measurement::Size {
        bytes: bytes.len() as u64,
        stripped: stripped.map(|stripped| stripped.len() as u64),
        gzip: Some(gzip),
        before_wasm_opt: None,
    })
}

/// The page's bundle, from the size report `cargo xtask build` writes.
fn bundle_sizes(size_json: &Path, day: &str, machine: &str) -> Result<Vec<Entry>> {
    let text = fs::read_to_string(size_json)
        .context("the site's size report is missing; run `cargo xtask build`")?;
    let sizes: BundleSizes = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a size report", size_json.display()))?;
    let entry = |file: FileSize| Entry {
        id: file.file,
        measurement: Measurement::Size {
            bytes: file.bytes,
            stripped: None,
            gzip: Some(file.gzip_bytes),
            before_wasm_opt: file.bytes_before_wasm_opt,
        },
        command: "cargo xtask build".to_owned(),
        day: day.to_owned(),
        machine: machine.to_owned(),
    };
    Ok(vec![entry(sizes.wasm), entry(sizes.js)])
}

fn today() -> Result<String> {
    let output = Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%d")
        .output()
        .context("could not run `date`")?;
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// `2 × Intel Xeon ..., rustc 1.95.0`: enough to tell two machines apart.
fn machine() -> Result<String> {
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
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .context("could not run `rustc --version`")?;
    let rustc = String::from_utf8_lossy(&rustc.stdout);
    let rustc = rustc.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    Ok(format!("{cores} × {cpu}, {rustc}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_are_read_from_criterions_listing() {
        let listing = "create body validation/valid: benchmark\nplan PutEvents for 100 events: benchmark\n\n";
        assert_eq!(
            listed_ids(listing),
            ["create body validation/valid", "plan PutEvents for 100 events"]
        );
    }

    #[test]
    fn criterion_results_give_the_median_and_the_rate() -> Result<()> {
        let dir =
            std::env::temp_dir().join(format!("psr-criterion-{}", std::process::id()));
        let new = dir.join("group/mix/new");
        fs::create_dir_all(&new)?;
        fs::write(
            new.join("estimates.json"),
            r#"{"mean":{"point_estimate":9.0},"median":{"point_estimate":6800.0}}"#,
        )?;
        fs::write(new.join("benchmark.json"), r#"{"throughput":{"Elements":8}}"#)?;
        let read = read_criterion(&dir, &["group/mix".to_owned()]);
        let missing = read_criterion(&dir, &["group/other".to_owned()]);
        fs::remove_dir_all(&dir)?;
        assert_eq!(
            read?,
            vec![(
                "group/mix".to_owned(),
                Measurement::Time { median_ns: 6800.0, elements: Some(8) }
            )]
        );
        assert!(
            format!("{:#}", missing.unwrap_err())
                .contains("no criterion result for `group/other`")
        );
        Ok(())
    }
}
