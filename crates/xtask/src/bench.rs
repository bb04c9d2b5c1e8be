//! `cargo xtask bench`: runs the benchmarks and writes the numbers the book quotes.
//!
//! The results of every run are merged into `src/part3/measurements.json` (one entry per benchmark or
//! file, with the day and the machine it was measured on), and `src/part3/measurements.md` is written
//! from it; the chapter on cold starts includes that file. Nobody edits either by hand: the `site` step
//! fails when the Markdown is not what the JSON renders to.
//!
//! Speed comes from criterion's estimates (the median in
//! `target/bench/criterion/<id>/new/estimates.json`), sizes from the files themselves. Nothing here is
//! timed by the test command; timings on a shared CI machine would be noise.

use std::{collections::BTreeMap, fs, io::Write, path::Path, process::Command};

use anyhow::{Context, Result, bail};
use flate2::{Compression, write::GzEncoder};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::util::{Project, run, section};

/// The data file, relative to the repository root.
pub(crate) const DATA: &str = "src/part3/measurements.json";
/// The rendered table, relative to the repository root.
pub(crate) const TABLE: &str = "src/part3/measurements.md";

/// The benchmarks build into a target folder of their own, so that their long optimised build neither
/// waits for nor blocks the development builds in `target/`. Criterion writes its results under it too.
const BENCH_TARGET: &str = "target/bench";

/// The criterion benchmarks run by default: package, bench target.
const BENCHES: &[(&str, &str)] = &[("product-handlers", "handlers"), ("product-events", "batching")];
/// The Lambda binaries whose release size is reported.
const LAMBDAS: &[&str] = &["create-product", "get-product", "list-products", "delete-product", "process-stream"];

/// What `cargo xtask bench` was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Options {
    /// Also build the release Lambda binaries (LTO, so slow) and time their cold start.
    pub(crate) lambdas: bool,
    /// Run nothing: read the results already on disk and rewrite the report.
    pub(crate) no_run: bool,
}

/// One measured thing. In the data file its fields sit beside the entry's own; which kind it is
/// follows from them (`median_ns` or `bytes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum Measurement {
    /// A criterion benchmark: its median time, and the elements per iteration if it declared them.
    Time {
        median_ns: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        elements: Option<u64>,
    },
    /// A file: its size, after `strip` (binaries), gzip -9, and before `wasm-opt` (the page's module).
    Size {
        bytes: u64,
        #[serde(default, rename = "stripped_bytes", skip_serializing_if = "Option::is_none")]
        stripped: Option<u64>,
        #[serde(default, rename = "gzip_bytes", skip_serializing_if = "Option::is_none")]
        gzip: Option<u64>,
        #[serde(default, rename = "bytes_before_wasm_opt", skip_serializing_if = "Option::is_none")]
        before_wasm_opt: Option<u64>,
    },
}

/// The data file: every entry, times first, each group in a stable order.
#[derive(Debug, Serialize, Deserialize)]
struct Data {
    entries: Vec<Entry>,
}

/// A measurement with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// Criterion's full id (`create body validation/valid`) or the file's name.
    pub(crate) id: String,
    #[serde(flatten)]
    pub(crate) measurement: Measurement,
    /// The command that measures it again.
    pub(crate) command: String,
    /// `YYYY-MM-DD`.
    pub(crate) day: String,
    /// CPU, core count and compiler.
    pub(crate) machine: String,
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
            section(&command, || run(bench_cargo(project).args(["bench", "-p", package, "--bench", target])))?;
        }
        let ids = criterion_ids(project, package, target)?;
        for (id, measurement) in read_criterion(&root.join(BENCH_TARGET).join("criterion"), &ids)? {
            fresh.push(Entry { id, measurement, command: command.clone(), day: day.clone(), machine: machine.clone() });
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
        // The site build checks the table written just above, and writes the bundle's size report.
        crate::site::build(project)?;
    }
    merge(&mut entries, bundle_sizes(&project.site_dir().join("pkg/size.json"), &day, &machine)?);
    write(root, &entries)?;
    println!("wrote {DATA} and {TABLE} ({} entries)", entries.len());
    Ok(())
}

fn write(root: &Path, entries: &[Entry]) -> Result<()> {
    fs::write(root.join(DATA), to_json(entries)?).with_context(|| format!("could not write {DATA}"))?;
    fs::write(root.join(TABLE), render(entries)).with_context(|| format!("could not write {TABLE}"))
}

/// The `site` step's check: the table in the book is what the data renders to.
pub(crate) fn check_table(root: &Path) -> Result<()> {
    let data = fs::read_to_string(root.join(DATA)).with_context(|| format!("could not read {DATA}"))?;
    let table = fs::read_to_string(root.join(TABLE)).with_context(|| format!("could not read {TABLE}"))?;
    if render(&parse_entries(&data)?) != table {
        bail!("{TABLE} is not what {DATA} renders to: it is written by `cargo xtask bench`, never by hand");
    }
    Ok(())
}

/// The benchmark ids of one bench target, as criterion lists them (`cargo bench ... -- --list` prints
/// `<id>: benchmark` for each).
fn criterion_ids(project: &Project, package: &str, target: &str) -> Result<Vec<String>> {
    let output = bench_cargo(project)
        .args(["bench", "-q", "-p", package, "--bench", target, "--", "--list"])
        .output()
        .with_context(|| format!("could not list the benchmarks of {package}/{target}"))?;
    if !output.status.success() {
        bail!("listing the benchmarks of {package}/{target} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(listed_ids(&String::from_utf8_lossy(&output.stdout)))
}

fn bench_cargo(project: &Project) -> Command {
    let mut cmd = project.cargo();
    cmd.env("CARGO_TARGET_DIR", project.root.join(BENCH_TARGET));
    cmd
}

pub(crate) fn listed_ids(listing: &str) -> Vec<String> {
    listing.lines().filter_map(|line| line.strip_suffix(": benchmark")).map(str::to_owned).collect()
}

/// Reads criterion's latest estimates for each id.
pub(crate) fn read_criterion(dir: &Path, ids: &[String]) -> Result<Vec<(String, Measurement)>> {
    let mut found = Vec::new();
    for id in ids {
        let new = dir.join(id).join("new");
        let estimates = read_json(&new.join("estimates.json"))
            .with_context(|| format!("no criterion result for `{id}`; run its benchmark first"))?;
        let median_ns = estimates
            .pointer("/median/point_estimate")
            .and_then(Value::as_f64)
            .with_context(|| format!("{} has no median", new.display()))?;
        let elements = read_json(&new.join("benchmark.json"))
            .ok()
            .and_then(|benchmark| benchmark.pointer("/throughput/Elements").and_then(Value::as_u64));
        found.push((id.clone(), Measurement::Time { median_ns, elements }));
    }
    Ok(found)
}

fn read_json(path: &Path) -> Result<Value> {
    let text = fs::read_to_string(path).with_context(|| format!("could not read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
}

fn binary_size(binary: &Path) -> Result<Measurement> {
    let bytes = fs::read(binary).with_context(|| format!("could not read {}", binary.display()))?;
    let stripped_path = std::env::temp_dir().join(format!("psr-stripped-{}", std::process::id()));
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

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

/// The page's bundle, from the size report `cargo xtask build` writes.
fn bundle_sizes(size_json: &Path, day: &str, machine: &str) -> Result<Vec<Entry>> {
    let report = read_json(size_json).context("the site's size report is missing; run `cargo xtask build`")?;
    let mut entries = Vec::new();
    for key in ["wasm", "js"] {
        let file = report.get(key).with_context(|| format!("{} has no `{key}`", size_json.display()))?;
        let number = |name: &str| file.get(name).and_then(Value::as_u64);
        entries.push(Entry {
            id: file.get("file").and_then(Value::as_str).unwrap_or(key).to_owned(),
            measurement: Measurement::Size {
                bytes: number("bytes").with_context(|| format!("`{key}` has no size"))?,
                stripped: None,
                gzip: number("gzip_bytes"),
                before_wasm_opt: number("bytes_before_wasm_opt"),
            },
            command: "cargo xtask build".to_owned(),
            day: day.to_owned(),
            machine: machine.to_owned(),
        });
    }
    Ok(entries)
}

/// Replaces the entries measured again and keeps the others, in a stable order.
pub(crate) fn merge(entries: &mut Vec<Entry>, fresh: Vec<Entry>) {
    let mut by_id: BTreeMap<String, Entry> = entries.drain(..).map(|entry| (entry.id.clone(), entry)).collect();
    for entry in fresh {
        by_id.insert(entry.id.clone(), entry);
    }
    let (mut times, mut sizes): (Vec<Entry>, Vec<Entry>) =
        by_id.into_values().partition(|entry| matches!(entry.measurement, Measurement::Time { .. }));
    times.sort_by(|a, b| a.command.cmp(&b.command).then_with(|| a.id.cmp(&b.id)));
    sizes.sort_by(|a, b| a.command.cmp(&b.command).then_with(|| a.id.cmp(&b.id)));
    entries.extend(times);
    entries.extend(sizes);
}

pub(crate) fn parse_entries(text: &str) -> Result<Vec<Entry>> {
    let data: Data = serde_json::from_str(text).with_context(|| format!("{DATA} is not a list of measurements"))?;
    Ok(data.entries)
}

pub(crate) fn to_json(entries: &[Entry]) -> Result<String> {
    let mut text = serde_json::to_string_pretty(&Data { entries: entries.to_vec() })?;
    text.push('\n');
    Ok(text)
}

/// The Markdown the chapter includes: one table of times, one of sizes, and where each was measured.
pub(crate) fn render(entries: &[Entry]) -> String {
    let mut out =
        String::from("<!-- Written by `cargo xtask bench` from measurements.json; edit neither by hand. -->\n\n");
    let times: Vec<_> = entries.iter().filter(|entry| matches!(entry.measurement, Measurement::Time { .. })).collect();
    let sizes: Vec<_> = entries.iter().filter(|entry| matches!(entry.measurement, Measurement::Size { .. })).collect();
    if !times.is_empty() {
        out.push_str("| benchmark | median | per second | command |\n|---|---:|---:|---|\n");
        for entry in &times {
            if let Measurement::Time { median_ns, elements } = entry.measurement {
                let rate = elements.map_or_else(String::new, |n| per_second(n as f64 * 1e9 / median_ns));
                out.push_str(&format!("| {} | {} | {rate} | `{}` |\n", entry.id, duration(median_ns), entry.command));
            }
        }
        out.push('\n');
    }
    if !sizes.is_empty() {
        out.push_str(
            "| file | size | stripped | gzip -9 | before `wasm-opt` | command |\n|---|---:|---:|---:|---:|---|\n",
        );
        for entry in &sizes {
            if let Measurement::Size { bytes, stripped, gzip, before_wasm_opt } = entry.measurement {
                let optional = |value: Option<u64>| value.map_or_else(String::new, size);
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | `{}` |\n",
                    entry.id,
                    size(bytes),
                    optional(stripped),
                    optional(gzip),
                    optional(before_wasm_opt),
                    entry.command
                ));
            }
        }
        out.push('\n');
    }
    let mut places: Vec<(String, String)> =
        entries.iter().map(|entry| (entry.day.clone(), entry.machine.clone())).collect();
    places.sort();
    places.dedup();
    let places: Vec<String> = places.iter().map(|(day, machine)| format!("{day} on {machine}")).collect();
    out.push_str(&format!("Measured {}.\n", places.join("; ")));
    out
}

/// Three significant digits in the largest unit that keeps the number at 1 or more.
pub(crate) fn duration(ns: f64) -> String {
    let (value, unit) = match ns {
        ns if ns >= 1e9 => (ns / 1e9, "s"),
        ns if ns >= 1e6 => (ns / 1e6, "ms"),
        ns if ns >= 1e3 => (ns / 1e3, "µs"),
        ns => (ns, "ns"),
    };
    format!("{} {unit}", significant(value))
}

fn per_second(rate: f64) -> String {
    match rate {
        rate if rate >= 1e6 => format!("{} million", significant(rate / 1e6)),
        rate if rate >= 1e3 => format!("{} thousand", significant(rate / 1e3)),
        rate => significant(rate),
    }
}

/// Sizes in KiB up to 2 MiB (the page's files, as browsers' tools show them), in MB (10^6 bytes) above
/// (the Lambda binaries, as AWS's package limits are stated).
pub(crate) fn size(bytes: u64) -> String {
    let bytes = bytes as f64;
    if bytes >= 2.0 * 1024.0 * 1024.0 { format!("{:.1} MB", bytes / 1e6) } else { format!("{:.1} KiB", bytes / 1024.0) }
}

fn significant(value: f64) -> String {
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.decimals$}")
}

fn today() -> Result<String> {
    let output = Command::new("date").arg("-u").arg("+%Y-%m-%d").output().context("could not run `date`")?;
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
    let rustc = Command::new("rustc").arg("--version").output().context("could not run `rustc --version`")?;
    let rustc = String::from_utf8_lossy(&rustc.stdout);
    let rustc = rustc.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    Ok(format!("{cores} × {cpu}, {rustc}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(id: &str, median_ns: f64, elements: Option<u64>) -> Entry {
        Entry {
            id: id.into(),
            measurement: Measurement::Time { median_ns, elements },
            command: "cargo bench -p a --bench b".into(),
            day: "2026-11-28".into(),
            machine: "2 × CPU, rustc 1.95.0".into(),
        }
    }

    #[test]
    fn the_ids_are_read_from_criterions_listing() {
        let listing = "create body validation/valid: benchmark\nplan PutEvents for 100 events: benchmark\n\n";
        assert_eq!(listed_ids(listing), ["create body validation/valid", "plan PutEvents for 100 events"]);
    }

    #[test]
    fn criterion_results_give_the_median_and_the_rate() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("psr-criterion-{}", std::process::id()));
        let new = dir.join("group/mix/new");
        fs::create_dir_all(&new)?;
        fs::write(new.join("estimates.json"), r#"{"mean":{"point_estimate":9.0},"median":{"point_estimate":6800.0}}"#)?;
        fs::write(new.join("benchmark.json"), r#"{"throughput":{"Elements":8}}"#)?;
        let read = read_criterion(&dir, &["group/mix".to_owned()]);
        let missing = read_criterion(&dir, &["group/other".to_owned()]);
        fs::remove_dir_all(&dir)?;
        assert_eq!(read?, vec![("group/mix".to_owned(), Measurement::Time { median_ns: 6800.0, elements: Some(8) })]);
        assert!(format!("{:#}", missing.unwrap_err()).contains("no criterion result for `group/other`"));
        Ok(())
    }

    #[test]
    fn the_table_gives_readable_units_and_the_rate_of_throughput_benchmarks() {
        let table = render(&[time("mix", 6800.0, Some(8)), time("valid", 448.2, None)]);
        assert!(table.contains("| mix | 6.80 µs | 1.18 million | `cargo bench -p a --bench b` |"), "{table}");
        assert!(table.contains("| valid | 448 ns |  | `cargo bench -p a --bench b` |"), "{table}");
        assert!(table.ends_with("Measured 2026-11-28 on 2 × CPU, rustc 1.95.0.\n"), "{table}");
        assert_eq!(duration(7_800_000.0), "7.80 ms");
        assert_eq!(size(603_699), "589.5 KiB");
        assert_eq!(size(1_022_581), "998.6 KiB");
        assert_eq!(size(16_200_000), "16.2 MB");
    }

    #[test]
    fn a_new_run_replaces_its_own_entries_and_keeps_the_others() -> Result<()> {
        let mut entries = vec![time("a", 1.0, None), time("b", 2.0, None)];
        merge(&mut entries, vec![time("b", 3.0, None)]);
        assert_eq!(entries, vec![time("a", 1.0, None), time("b", 3.0, None)]);
        let again = parse_entries(&to_json(&entries)?)?;
        assert_eq!(again, entries);
        Ok(())
    }

    #[test]
    fn the_books_table_is_what_the_data_renders_to() -> Result<()> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        check_table(&root)
    }
}
