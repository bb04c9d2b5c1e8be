//! The side-by-side table: each figure of the Python reference beside this project's
//! figure of the same id, and the ratio of the two.
//!
//! The Python reference reports each figure under the id of the criterion benchmark it
//! stands beside, and `cargo xtask bench` stores it under that id after [`PYTHON`], so a
//! pair is found by its id and no list of names has to be kept in step with the benches.

use super::{
    Entry, Measurement,
    render::{duration, per_second, significant},
};

/// What comes before a criterion id in the id of the Python reference's figure.
pub(crate) const PYTHON: &str = "python/";

/// Whether the entry is the Python reference's.
pub(crate) fn is_python(entry: &Entry) -> bool {
    entry.id.starts_with(PYTHON)
}

/// The table, empty when the data holds no Python figure.
pub(crate) fn table(entries: &[Entry]) -> String {
    let mut pythons: Vec<&Entry> =
        entries.iter().filter(|entry| is_python(entry)).collect();
    // Work per element (bodies, events) first, then process starts.
    pythons.sort_by_key(|entry| {
        !matches!(entry.measurement, Measurement::Time { elements: Some(_), .. })
    });
    let mut rows = String::new();
    for python in pythons {
        let id = &python.id[PYTHON.len()..];
        let ours = entries.iter().find(|entry| entry.id == id);
        rows.push_str(&time_row(id, ours, python));
        rows.push_str(&memory_row(id, ours, python));
    }
    if rows.is_empty() {
        return rows;
    }
    format!(
        "| compared | this project | Python reference | ratio (Python ÷ this project) |\n\
         |---|---:|---:|---:|\n{rows}\n"
    )
}

/// Prints [`table`] under a title, when there is a Python figure.
pub(crate) fn print_side_by_side(entries: &[Entry]) {
    let compared = table(entries);
    if !compared.is_empty() {
        println!("\nthis project beside the Python reference:\n\n{compared}");
    }
}

/// The time of one iteration, or of one element (body, event) with the rate beside it
/// when the benchmark counts elements: a run of 100,000 events compares per event.
fn time_row(id: &str, ours: Option<&Entry>, python: &Entry) -> String {
    let Some(theirs) = per_element_ns(python) else {
        return String::new();
    };
    let ours_ns = ours.and_then(per_element_ns);
    let elements = match python.measurement {
        Measurement::Time { elements: Some(n), .. } => Some(n),
        _ => None,
    };
    let cell = |ns: f64| match elements {
        Some(_) => format!("{} each, {}/s", duration(ns), per_second(1e9 / ns)),
        None => duration(ns),
    };
    let label =
        if elements.is_some() { format!("{id}, per element") } else { id.to_owned() };
    row(
        &label,
        ours_ns.map(cell),
        cell(theirs),
        ours_ns.map(|ns| theirs / ns),
        ours,
        python,
    )
}

/// The peak resident memory of a process start, when the Python side measured it.
fn memory_row(id: &str, ours: Option<&Entry>, python: &Entry) -> String {
    let Some(theirs) = peak_rss(python) else {
        return String::new();
    };
    let ours_bytes = ours.and_then(peak_rss);
    let ratio = ours_bytes.map(|bytes| theirs as f64 / bytes as f64);
    let label = format!("{id}, peak memory (RSS)");
    row(&label, ours_bytes.map(mib), mib(theirs), ratio, ours, python)
}

fn row(
    label: &str,
    ours: Option<String>,
    theirs: String,
    ratio: Option<f64>,
    ours_entry: Option<&Entry>,
    python: &Entry,
) -> String {
    let ours = ours.unwrap_or_else(|| "not measured".to_owned());
    let mut ratio =
        ratio.map_or_else(String::new, |ratio| format!("{}×", significant(ratio)));
    // A ratio is only worth as much as its two sides were measured alike.
    if let Some(entry) =
        ours_entry.filter(|entry| !ratio.is_empty() && entry.day != python.day)
    {
        ratio.push_str(&format!(" (this project's side from {})", entry.day));
    }
    format!("| {label} | {ours} | {theirs} | {ratio} |\n")
}

fn per_element_ns(entry: &Entry) -> Option<f64> {
    match entry.measurement {
        Measurement::Time { median_ns, elements, .. } => {
            Some(median_ns / elements.unwrap_or(1).max(1) as f64)
        }
        Measurement::Size { .. } => None,
    }
}

fn peak_rss(entry: &Entry) -> Option<u64> {
    match entry.measurement {
        Measurement::Time { peak_rss_bytes, .. } => peak_rss_bytes,
        Measurement::Size { .. } => None,
    }
}

/// Memory in MiB, as `ps` and Lambda's `Max Memory Used` (in MB of 2^20 bytes) show it.
fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}
