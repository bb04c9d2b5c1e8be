//! The measurements the book quotes: `src/part3/measurements.json`, and the table
//! `src/part3/measurements.md` rendered from it, which the chapter on cold starts
//! includes.
//!
//! `cargo xtask bench` writes both; the `site` step checks that the table is what the
//! data renders to. The data's shape and its merging live here, the table's Markdown in
//! `render.rs`, the side-by-side comparison with the Python reference in `compare.rs`,
//! and the cold start modelled at two memory sizes in `memory.rs`.

mod compare;
mod memory;
mod render;

pub(crate) use compare::{PYTHON, print_side_by_side};
pub(crate) use render::render;

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
    /// A timing (criterion's, or the Python reference's): its median, the elements per
    /// iteration if it declared them, and for a process start the peak resident memory
    /// of the process when it was ready.
    Time {
        median_ns: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        elements: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        peak_rss_bytes: Option<u64>,
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
    /// Criterion's full id (`create body validation/valid`), the same id after
    /// [`PYTHON`] for the Python reference's figure that stands beside it, or the file's
    /// name.
    pub(crate) id: String,
    #[serde(flatten)]
    pub(crate) measurement: Measurement,
    /// The command that measures it again.
    pub(crate) command: String,
    /// `YYYY-MM-DD`.
    pub(crate) day: String,
    /// CPU, core count and compiler (or Python and its packages).
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

#[cfg(test)]
mod tests;
