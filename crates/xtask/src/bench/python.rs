//! The Python reference's side of `cargo xtask bench`: runs
//! `crates/xtask/python-reference/bench.py` with the talk's stack (a hash-pinned virtual
//! environment in the tools folder) on the inputs this project's benches read, and turns
//! the JSON it prints into entries of the measurements data.

use std::{
    collections::BTreeMap,
    path::Path,
    process::{Command, Stdio},
};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::{
    measurements::{Entry, Measurement, PYTHON},
    project::Project,
    util::display,
};

/// The entry script, relative to the repository.
const SCRIPT: &str = "crates/xtask/python-reference/bench.py";
/// The inputs both sides read, relative to the repository.
const INPUTS: &str = "crates/product-handlers/benches/side-by-side.json";

/// What the script prints.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    /// `3.11.7`.
    python: String,
    /// Each measured package's installed version.
    packages: BTreeMap<String, String>,
    measurements: Vec<Figure>,
}

/// One figure, under the criterion id it stands beside.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Figure {
    id: String,
    median_ns: f64,
    #[serde(default)]
    elements: Option<u64>,
    #[serde(default)]
    peak_rss_bytes: Option<u64>,
}

/// Runs the reference (installing its environment first if needed) and returns its
/// figures as entries measured by `command`, on `day`, on the machine `cpu`.
pub(super) fn run(
    project: &Project,
    scratch: &Path,
    quick: bool,
    cold_start_only: bool,
    place: (&str, &str),
    command: &str,
) -> Result<Vec<Entry>> {
    let python = project.tools.python_reference()?;
    let mut cmd = Command::new(python);
    cmd.arg(project.root.join(SCRIPT)).arg("--inputs").arg(project.root.join(INPUTS));
    if quick {
        cmd.arg("--quick");
    }
    // A ratio compares two figures of one run: when only the Lambda binaries are
    // measured, the Python side measures only their counterpart.
    if cold_start_only {
        cmd.arg("--cold-start-only");
    }
    // Compiled modules go to the bench folder, never beside the sources.
    cmd.env("PYTHONPYCACHEPREFIX", scratch.join("python-cache"));
    println!("$ {}", display(&cmd));
    let output = cmd
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("could not start `{}`", display(&cmd)))?;
    if !output.status.success() {
        bail!("`{}` failed ({})", display(&cmd), output.status);
    }
    entries(&String::from_utf8_lossy(&output.stdout), place, command)
}

/// The report's figures as entries, each id after [`PYTHON`], the machine naming
/// Python and the packages measured.
fn entries(report: &str, (day, cpu): (&str, &str), command: &str) -> Result<Vec<Entry>> {
    let report: Report = serde_json::from_str(report).context(
        "the Python reference did not print its report (JSON) on standard output",
    )?;
    if report.measurements.is_empty() {
        bail!("the Python reference reported no figure");
    }
    let packages: Vec<String> = report
        .packages
        .iter()
        .map(|(name, version)| format!("{name} {version}"))
        .collect();
    let machine = format!("{cpu}, Python {} ({})", report.python, packages.join(", "));
    report
        .measurements
        .into_iter()
        .map(|figure| {
            let usable = figure.median_ns.is_finite() && figure.median_ns > 0.0;
            if !usable || figure.elements == Some(0) || figure.id.is_empty() {
                bail!("the Python reference's figure {figure:?} is not a measurement");
            }
            Ok(Entry {
                id: format!("{PYTHON}{}", figure.id),
                measurement: Measurement::Time {
                    median_ns: figure.median_ns,
                    elements: figure.elements,
                    peak_rss_bytes: figure.peak_rss_bytes,
                },
                command: command.to_owned(),
                day: day.to_owned(),
                machine: machine.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACE: (&str, &str) = ("2026-12-01", "2 × CPU");

    #[test]
    fn each_figure_becomes_an_entry_beside_the_criterion_id_it_names() -> Result<()> {
        let report = r#"{
            "python": "3.11.7",
            "packages": {"pydantic": "2.14.4", "boto3": "1.44.8"},
            "measurements": [
                {"id": "create body validation/reference mix of 8", "median_ns": 80000.5, "elements": 8},
                {"id": "cold start/create-product", "median_ns": 7e8, "peak_rss_bytes": 83886080}
            ]
        }"#;
        let entries = entries(report, PLACE, "cargo xtask bench --quick")?;
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].id, "python/create body validation/reference mix of 8");
        assert_eq!(
            entries[0].measurement,
            Measurement::Time {
                median_ns: 80000.5,
                elements: Some(8),
                peak_rss_bytes: None
            }
        );
        assert_eq!(
            entries[1].measurement,
            Measurement::Time {
                median_ns: 7e8,
                elements: None,
                peak_rss_bytes: Some(83_886_080)
            }
        );
        assert_eq!(
            entries[1].machine,
            "2 × CPU, Python 3.11.7 (boto3 1.44.8, pydantic 2.14.4)"
        );
        assert_eq!(entries[1].day, "2026-12-01");
        assert_eq!(entries[1].command, "cargo xtask bench --quick");
        Ok(())
    }

    #[test]
    fn a_report_that_is_not_one_or_holds_no_usable_figure_is_refused() {
        let refused = |report: &str| {
            format!("{:#}", entries(report, PLACE, "cargo xtask bench").unwrap_err())
        };
        let head = r#""python": "3.11.7", "packages": {}"#;
        assert!(
            refused("python reference: 8 bodies").contains("did not print its report")
        );
        assert!(
            refused(&format!(r#"{{{head}, "measurements": []}}"#)).contains("no figure")
        );
        for figure in [
            r#"{"id": "mix", "median_ns": 0}"#,
            r#"{"id": "mix", "median_ns": -3.5}"#,
            r#"{"id": "mix", "median_ns": 10, "elements": 0}"#,
            r#"{"id": "", "median_ns": 10}"#,
        ] {
            let message = refused(&format!(r#"{{{head}, "measurements": [{figure}]}}"#));
            assert!(message.contains("is not a measurement"), "{figure}: {message}");
        }
        // A renamed field is an error, not a figure silently left without its unit.
        let renamed = r#"{"id": "mix", "median_ns": 10, "count": 8}"#;
        assert!(
            refused(&format!(r#"{{{head}, "measurements": [{renamed}]}}"#))
                .contains("did not print its report")
        );
    }
}
