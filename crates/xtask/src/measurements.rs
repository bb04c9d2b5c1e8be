//! The measurements the book quotes: `src/part3/measurements.json`, and the table
//! `src/part3/measurements.md` rendered from it, which the chapter on cold starts
//! includes.
//!
//! `cargo xtask bench` writes both; the `site` step checks that the table is what the
//! data renders to.

use std::{collections::BTreeMap, fs, io::Write as _, path::Path};

use anyhow::{Context, Result, bail};
use flate2::{Compression, write::GzEncoder};
use serde::{Deserialize, Serialize};

/// The data file, relative to the repository root.
pub(crate) const DATA: &str = "src/part3/measurements.json";
/// The rendered table, relative to the repository root.
pub(crate) const TABLE: &str = "src/part3/measurements.md";

/// The file in `pkg/` that says what the page downloads for the playground; the site
/// build writes it and `cargo xtask bench` copies it into the data.
pub(crate) const SIZE_REPORT: &str = "size.json";

/// What `pkg/size.json` holds.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct BundleSizes {
    pub(crate) wasm: FileSize,
    pub(crate) js: FileSize,
}

/// The sizes of one file of the page's bundle.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct FileSize {
    pub(crate) file: String,
    pub(crate) bytes: u64,
    pub(crate) gzip_bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) bytes_before_wasm_opt: Option<u64>,
}

/// One measured thing. In the data file its fields sit beside the entry's own; which kind
/// it is follows from them (`median_ns` or `bytes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum Measurement {
    /// A criterion benchmark: its median time, and the elements per iteration if it
    /// declared them.
    Time {
        median_ns: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        elements: Option<u64>,
    },
    /// A file: its size, after `strip` (binaries), gzip -9, and before `wasm-opt` (the
    /// page's module).
    Size {
        bytes: u64,
        #[serde(
            default,
            rename = "stripped_bytes",
            skip_serializing_if = "Option::is_none"
        )]
        stripped: Option<u64>,
        #[serde(default, rename = "gzip_bytes", skip_serializing_if = "Option::is_none")]
        gzip: Option<u64>,
        #[serde(
            default,
            rename = "bytes_before_wasm_opt",
            skip_serializing_if = "Option::is_none"
        )]
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

/// The `site` step's check: the table in the book is what the data renders to.
pub(crate) fn check_table(root: &Path) -> Result<()> {
    let data = fs::read_to_string(root.join(DATA))
        .with_context(|| format!("could not read {DATA}"))?;
    let table = fs::read_to_string(root.join(TABLE))
        .with_context(|| format!("could not read {TABLE}"))?;
    if render(&parse_entries(&data)?) != table {
        bail!(
            "{TABLE} is not what {DATA} renders to: it is written by `cargo xtask bench`, never by hand"
        );
    }
    Ok(())
}

/// The size after `gzip -9`, what a static host serves at best.
pub(crate) fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

/// Replaces the entries measured again and keeps the others, in a stable order.
pub(crate) fn merge(entries: &mut Vec<Entry>, fresh: Vec<Entry>) {
    let mut by_id: BTreeMap<String, Entry> =
        entries.drain(..).map(|entry| (entry.id.clone(), entry)).collect();
    for entry in fresh {
        by_id.insert(entry.id.clone(), entry);
    }
    let (mut times, mut sizes): (Vec<Entry>, Vec<Entry>) = by_id
        .into_values()
        .partition(|entry| matches!(entry.measurement, Measurement::Time { .. }));
    times.sort_by(|a, b| a.command.cmp(&b.command).then_with(|| a.id.cmp(&b.id)));
    sizes.sort_by(|a, b| a.command.cmp(&b.command).then_with(|| a.id.cmp(&b.id)));
    entries.extend(times);
    entries.extend(sizes);
}

pub(crate) fn parse_entries(text: &str) -> Result<Vec<Entry>> {
    let data: Data = serde_json::from_str(text)
        .with_context(|| format!("{DATA} is not a list of measurements"))?;
    Ok(data.entries)
}

pub(crate) fn to_json(entries: &[Entry]) -> Result<String> {
    let mut text = serde_json::to_string_pretty(&Data { entries: entries.to_vec() })?;
    text.push('\n');
    Ok(text)
}

/// The Markdown the chapter includes: one table of times, one of sizes, and where each
/// was measured.
pub(crate) fn render(entries: &[Entry]) -> String {
    let mut out = String::from(
        "<!-- Written by `cargo xtask bench` from measurements.json; edit neither by hand. -->\n\n",
    );
    let times: Vec<_> = entries
        .iter()
        .filter(|entry| matches!(entry.measurement, Measurement::Time { .. }))
        .collect();
    let sizes: Vec<_> = entries
        .iter()
        .filter(|entry| matches!(entry.measurement, Measurement::Size { .. }))
        .collect();
    if !times.is_empty() {
        out.push_str(
            "| benchmark | median | per second | command |\n|---|---:|---:|---|\n",
        );
        for entry in &times {
            if let Measurement::Time { median_ns, elements } = entry.measurement {
                let rate = elements
                    .map_or_else(String::new, |n| per_second(n as f64 * 1e9 / median_ns));
                out.push_str(&format!(
                    "| {} | {} | {rate} | `{}` |\n",
                    entry.id,
                    duration(median_ns),
                    entry.command
                ));
            }
        }
        out.push('\n');
    }
    if !sizes.is_empty() {
        out.push_str(
            "| file | size | stripped | gzip -9 | before `wasm-opt` | command |\n|---|---:|---:|---:|---:|---|\n",
        );
        for entry in &sizes {
            if let Measurement::Size { bytes, stripped, gzip, before_wasm_opt } =
                entry.measurement
            {
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
    let places: Vec<String> =
        places.iter().map(|(day, machine)| format!("{day} on {machine}")).collect();
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

/// Sizes in KiB up to 2 MiB (the page's files, as browsers' tools show them), in MB (10^6
/// bytes) above (the Lambda binaries, as AWS's package limits are stated).
pub(crate) fn size(bytes: u64) -> String {
    let bytes = bytes as f64;
    if bytes >= 2.0 * 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / 1e6)
    } else {
        format!("{:.1} KiB", bytes / 1024.0)
    }
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
    fn the_table_gives_readable_units_and_the_rate_of_throughput_benchmarks() {
        let table = render(&[time("mix", 6800.0, Some(8)), time("valid", 448.2, None)]);
        assert!(
            table.contains(
                "| mix | 6.80 µs | 1.18 million | `cargo bench -p a --bench b` |"
            ),
            "{table}"
        );
        assert!(
            table.contains("| valid | 448 ns |  | `cargo bench -p a --bench b` |"),
            "{table}"
        );
        assert!(
            table.ends_with("Measured 2026-11-28 on 2 × CPU, rustc 1.95.0.\n"),
            "{table}"
        );
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

    #[test]
    fn repetitive_content_is_measured_smaller_after_gzip() {
        let content = "product ".repeat(1000);
        let gzip = gzip_len(content.as_bytes()).unwrap();
        assert!(gzip < 200, "gzip of 8000 repetitive bytes took {gzip} bytes");
    }
}
