//! The browser tests' times become rows of the measurements table.

use super::*;

#[test]
fn each_browser_test_files_times_become_timed_rows_with_their_own_day() -> Result<()> {
    let dir = std::env::temp_dir().join(format!("xtask-timings-{}", std::process::id()));
    assert!(entries(&dir, "2 × CPU")?.is_empty(), "no figures, no rows");
    fs::create_dir_all(dir.join(DIR))?;
    fs::write(
        dir.join(DIR).join("page-ready.json"),
        r#"{"rows": [{"id": "navigation to a ready widget", "ms": 123.4, "samples_ms": [120, 123.4, 130]}],
            "browser": "headless Chromium 140", "day": "2026-12-01"}"#,
    )?;
    fs::write(
        dir.join(DIR).join("run-service.json"),
        r#"{"rows": [{"id": "an edited example, run", "ms": 1500}, {"id": "an edited exercise, run", "ms": 2000}],
            "browser": "headless Chromium 141", "day": "2026-12-02"}"#,
    )?;
    fs::write(dir.join(DIR).join("notes.txt"), "not a figure")?;
    let rows = entries(&dir, "2 × CPU")?;
    fs::write(dir.join(DIR).join("broken.json"), r#"{"rows": [{"id": "no time"}]}"#)?;
    let broken = entries(&dir, "2 × CPU");
    fs::remove_dir_all(&dir)?;

    let ids: Vec<&str> = rows.iter().map(|row| row.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "navigation to a ready widget",
            "an edited example, run",
            "an edited exercise, run"
        ]
    );
    assert_eq!(
        rows[0].measurement,
        Measurement::Time { median_ns: 123.4e6, elements: None, peak_rss_bytes: None }
    );
    assert_eq!(
        (rows[0].day.as_str(), rows[2].day.as_str()),
        ("2026-12-01", "2026-12-02")
    );
    assert_eq!(rows[0].machine, "2 × CPU, headless Chromium 140");
    assert_eq!(rows[2].machine, "2 × CPU, headless Chromium 141");
    assert!(broken.is_err(), "a file that is not timings is an error, not a missing row");
    Ok(())
}
