//! The times the browser tests measure in a real browser (from navigation to a ready
//! widget, a snippet run from the page under the run service), as rows of the
//! measurements table. Each test file writes `timings/<name>.json` in the figures folder
//! (`playground/tests/browser/ready.test.mjs`, `run.test.mjs`); the rows keep the day
//! and the browser they were measured with.

use std::{fs, path::Path};

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::measurements::{Entry, Measurement};

/// Where the browser tests write their times, relative to the figures folder.
pub(crate) const DIR: &str = "timings";

/// What a browser test file writes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Timings {
    rows: Vec<Row>,
    browser: String,
    day: String,
}

/// One time; a row may carry more (the single times behind a median), which the table
/// leaves out.
#[derive(Debug, Deserialize)]
struct Row {
    /// What was timed, as the table names it.
    id: String,
    /// The time, a median when the id says so.
    ms: f64,
}

/// The rows of every file the browser tests last wrote, in the files' order; none when
/// they have not run on this machine.
pub(crate) fn entries(figures_dir: &Path, machine: &str) -> Result<Vec<Entry>> {
    let dir = figures_dir.join(DIR);
    let mut files: Vec<_> = match fs::read_dir(&dir) {
        Ok(listing) => listing
            .filter_map(|entry| Some(entry.ok()?.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect(),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => {
            return Err(err).with_context(|| format!("could not read {}", dir.display()));
        }
    };
    files.sort();
    let mut entries = Vec::new();
    for path in files {
        let text = fs::read_to_string(&path)
            .with_context(|| format!("could not read {}", path.display()))?;
        let timings: Timings = serde_json::from_str(&text).with_context(|| {
            format!("{} is not a browser test's timings", path.display())
        })?;
        entries.extend(timings.rows.into_iter().map(|row| Entry {
            id: row.id,
            measurement: Measurement::Time {
                median_ns: row.ms * 1e6,
                elements: None,
                peak_rss_bytes: None,
            },
            command: "cargo xtask test browser".to_owned(),
            day: timings.day.clone(),
            machine: format!("{machine}, {}", timings.browser),
        }));
    }
    Ok(entries)
}

#[cfg(test)]
mod tests;
