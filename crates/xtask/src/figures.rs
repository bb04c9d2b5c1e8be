//! The figures of the hostile-input, fault and load suites, as the book quotes them.
//!
//! Each suite writes a JSON file into [`Project::figures_dir`] when `PSR_FIGURES_DIR` names it (the test
//! steps set it): a flat object of named counts, or, for fuzzing, `{"targets": {NAME:
//! {counts}}}`. After a run in which every step passed, `cargo xtask test` renders them
//! all into [`PAGE`], which the chapter "Hostile conditions" includes, so its numbers are
//! the suites' own, never typed by hand.

use std::{
    fs,
    path::{Path, PathBuf},
};

use anyhow::{Context, Result};
use serde_json::Value;

use crate::project::Project;

/// The rendered figures, relative to the repository root.
pub(crate) const PAGE: &str = "src/part3/hostile-figures.md";

/// Renders every figures file in [`dir`] into [`PAGE`]; does nothing when there is none.
pub(crate) fn render(project: &Project) -> Result<()> {
    let dir = project.figures_dir();
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(());
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    if files.is_empty() {
        return Ok(());
    }
    files.sort();
    let mut suites = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file)
            .with_context(|| format!("could not read {}", file.display()))?;
        let figures: Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", file.display()))?;
        suites.push((suite_name(file), figures));
    }
    let page = table(&suites);
    let path = project.root.join(PAGE);
    fs::write(&path, page)
        .with_context(|| format!("could not write {}", path.display()))?;
    println!("figures of {} suite(s) written to {PAGE}", suites.len());
    Ok(())
}

fn suite_name(file: &Path) -> String {
    file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The Markdown table of `suites`: one row per figure, the suite named on its first row.
fn table(suites: &[(String, Value)]) -> String {
    let mut out = String::from(
        "<!-- Written by `cargo xtask test` from the figures its suites wrote; do not edit. -->\n\n\
         | suite | figure | value |\n|---|---|---:|\n",
    );
    for (suite, figures) in suites {
        let mut rows = Vec::new();
        flatten("", figures, &mut rows);
        for (index, (name, value)) in rows.iter().enumerate() {
            let shown = if index == 0 { format!("`{suite}`") } else { String::new() };
            out.push_str(&format!(
                "| {shown} | {} | {value} |\n",
                name.replace('_', " ")
            ));
        }
    }
    out
}

/// The leaves of `value`, named by their path (`targets create_body executions`).
fn flatten(prefix: &str, value: &Value, rows: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                let key = if key == "targets" { String::new() } else { key.clone() };
                let name = [prefix, &key]
                    .iter()
                    .filter(|part| !part.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                flatten(&name, field, rows);
            }
        }
        Value::Number(number) => {
            rows.push((prefix.to_owned(), group_digits(&number.to_string())))
        }
        other => rows.push((prefix.to_owned(), other.to_string())),
    }
}

/// `61609` as `61,609`; decimals and numbers under 1,000 as they are.
fn group_digits(number: &str) -> String {
    if number.len() <= 3 || !number.bytes().all(|byte| byte.is_ascii_digit()) {
        return number.to_owned();
    }
    let digits: Vec<char> = number.chars().collect();
    let mut out = String::new();
    for (index, digit) in digits.iter().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn each_suite_becomes_rows_named_by_their_path_with_grouped_digits() {
        let suites = vec![
            ("faults".to_owned(), json!({"events": 61609, "events_lost": 0})),
            ("fuzz".to_owned(), json!({"targets": {"router": {"executions": 1234567}}})),
        ];
        let page = table(&suites);
        assert!(
            page.contains("| `faults` | events | 61,609 |\n|  | events lost | 0 |\n"),
            "{page}"
        );
        assert!(page.contains("| `fuzz` | router executions | 1,234,567 |"), "{page}");
    }
}
