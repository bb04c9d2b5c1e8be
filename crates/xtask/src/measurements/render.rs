//! The Markdown of the measurements table: the comparison with the Python reference
//! first, then the cold start modelled at two memory sizes, this project's timings, the
//! sizes, and where each was measured.

use super::{Entry, Measurement, compare, memory};

/// The Markdown the chapter includes.
pub(crate) fn render(entries: &[Entry]) -> String {
    let mut out = String::from(
        "<!-- Written by `cargo xtask bench` from measurements.json; edit neither by hand. -->\n\n",
    );
    out.push_str(&compare::table(entries));
    out.push_str(&memory::table(entries));
    let times: Vec<_> = entries
        .iter()
        .filter(|entry| !compare::is_python(entry))
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
            if let Measurement::Time { median_ns, elements, .. } = entry.measurement {
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

pub(crate) fn per_second(rate: f64) -> String {
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

pub(crate) fn significant(value: f64) -> String {
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.decimals$}")
}
