//! Criterion's side of `cargo xtask bench`: which benchmarks a bench target holds, and
//! the median each one measured (`target/bench/criterion/<id>/new/estimates.json`).

use std::{collections::BTreeMap, fs, path::Path, process::Command};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::measurements::Measurement;

/// The benchmark ids of one bench target matching `filter` (all when `None`), as
/// criterion lists them (`cargo bench ... -- --list` prints `<id>: benchmark` for each).
pub(super) fn criterion_ids(
    mut cargo: Command,
    package: &str,
    target: &str,
    filter: Option<&str>,
) -> Result<Vec<String>> {
    cargo.args(["bench", "-q", "-p", package, "--bench", target, "--", "--list"]);
    cargo.args(filter);
    let output = cargo.output().with_context(|| {
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

pub(super) fn listed_ids(listing: &str) -> Vec<String> {
    listing
        .lines()
        .filter_map(|line| line.strip_suffix(": benchmark"))
        .map(str::to_owned)
        .collect()
}

/// Reads criterion's latest estimates for each id.
pub(super) fn read_criterion(
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
        let measurement = Measurement::Time { median_ns, elements, peak_rss_bytes: None };
        found.push((id.clone(), measurement));
    }
    Ok(found)
}

/// The variable that tells the `cold_start` bench where to write each function's peak
/// resident memory (criterion records only durations).
pub(super) const PEAK_RSS_FILE: &str = "PSR_PEAK_RSS_FILE";

/// Puts the peak memory that `file` holds (benchmark id to bytes, written by the
/// `cold_start` bench) beside the times of the same ids; nothing when there is no file.
pub(super) fn add_peak_rss(
    found: &mut [(String, Measurement)],
    file: &Path,
) -> Result<()> {
    let peaks = match fs::read_to_string(file) {
        Ok(text) => serde_json::from_str::<BTreeMap<String, u64>>(&text)
            .with_context(|| format!("{} is not a map of bytes", file.display()))?,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => {
            return Err(err)
                .with_context(|| format!("could not read {}", file.display()));
        }
    };
    for (id, measurement) in found {
        if let (Some(bytes), Measurement::Time { peak_rss_bytes, .. }) =
            (peaks.get(id.as_str()), measurement)
        {
            *peak_rss_bytes = Some(*bytes);
        }
    }
    Ok(())
}

fn read_json(path: &Path) -> Result<Value> {
    let text = fs::read_to_string(path)
        .with_context(|| format!("could not read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
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
                Measurement::Time {
                    median_ns: 6800.0,
                    elements: Some(8),
                    peak_rss_bytes: None
                }
            )]
        );
        assert!(
            format!("{:#}", missing.unwrap_err())
                .contains("no criterion result for `group/other`")
        );
        Ok(())
    }
}
