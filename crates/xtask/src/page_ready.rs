//! The page's time from navigation to a ready widget, as the browser tests last measured
//! it (`timings/page-ready.json` in the figures folder, written by
//! `playground/tests/browser/ready.test.mjs`), as a row of the measurements table.

use std::{fs, path::Path};

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::measurements::{Entry, Measurement};

/// Where the browser test writes its figure, relative to the figures folder.
pub(crate) const FIGURE: &str = "timings/page-ready.json";

/// What the browser test writes.
#[derive(Debug, Deserialize)]
struct PageReady {
    page: String,
    loads: u64,
    median_ms: f64,
    browser: String,
    day: String,
}

/// The row of the last measured figure, with its own day; none when the browser tests
/// have not run on this machine.
pub(crate) fn entries(figures_dir: &Path, machine: &str) -> Result<Vec<Entry>> {
    let path = figures_dir.join(FIGURE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => {
            return Err(err)
                .with_context(|| format!("could not read {}", path.display()));
        }
    };
    let figure: PageReady = serde_json::from_str(&text)
        .with_context(|| format!("{} is not the page-ready figure", path.display()))?;
    Ok(vec![entry(figure, machine)])
}

fn entry(figure: PageReady, machine: &str) -> Entry {
    Entry {
        id: format!(
            "navigation to a ready widget ({}, 127.0.0.1, median of {} cold loads)",
            figure.page, figure.loads
        ),
        measurement: Measurement::Time {
            median_ns: figure.median_ms * 1e6,
            elements: None,
            peak_rss_bytes: None,
        },
        command: "cargo xtask test browser".to_owned(),
        day: figure.day,
        machine: format!("{machine}, {}", figure.browser),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_tests_figure_becomes_a_timed_row_with_its_own_day() -> Result<()> {
        let dir =
            std::env::temp_dir().join(format!("xtask-page-ready-{}", std::process::id()));
        assert!(entries(&dir, "2 × CPU")?.is_empty(), "no figure, no row");
        fs::create_dir_all(dir.join("timings"))?;
        fs::write(
            dir.join(FIGURE),
            r#"{"page": "playground.html", "loads": 7, "median_ms": 123.4,
                "samples_ms": [120, 123.4, 130], "browser": "headless Chromium 140", "day": "2026-12-01"}"#,
        )?;
        let rows = entries(&dir, "2 × CPU")?;
        fs::remove_dir_all(&dir)?;
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(
            row.id,
            "navigation to a ready widget (playground.html, 127.0.0.1, median of 7 cold loads)"
        );
        assert_eq!(
            row.measurement,
            Measurement::Time {
                median_ns: 123.4e6,
                elements: None,
                peak_rss_bytes: None
            }
        );
        assert_eq!(row.day, "2026-12-01");
        assert_eq!(row.machine, "2 × CPU, headless Chromium 140");
        Ok(())
    }
}
