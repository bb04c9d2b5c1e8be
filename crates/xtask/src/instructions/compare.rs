//! A new count against the baseline: a workload may grow by [`TOLERANCE`] over its
//! baseline, no more; a workload on one side only fails too, so that the baseline always
//! names exactly what the harness runs.

use anyhow::{Result, bail};

use super::baseline::{Baseline, Count, DATA, TABLE, TOLERANCE, UPDATE, thousands};

/// How a workload's count compares with its baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Change {
    /// Within the tolerance either way.
    Within,
    /// Grown past the budget: the test fails.
    Grown,
    /// Shrunk by more than the tolerance: a new baseline would keep the gain.
    Shrunk,
    /// Counted, but not in the baseline: the test fails until the baseline names it.
    NotInBaseline,
    /// In the baseline, but the harness no longer runs it.
    NotCounted,
}

/// One row of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub(crate) workload: String,
    pub(crate) op: String,
    pub(crate) baseline: Option<f64>,
    pub(crate) now: Option<f64>,
    pub(crate) change: Change,
}

/// Every workload of the baseline and of the new count, compared.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comparison {
    pub(crate) rows: Vec<Row>,
}

/// Compares `counts` with `baseline`, workload by workload, in the counts' order and
/// then the baseline's workloads that were not counted.
pub(crate) fn compare(baseline: &Baseline, counts: &[Count]) -> Comparison {
    let find =
        |name: &str| baseline.workloads.iter().find(|count| count.workload == name);
    let mut rows: Vec<Row> = counts
        .iter()
        .map(|count| {
            let before = find(&count.workload).map(Count::per_op);
            let now = count.per_op();
            let change = match before {
                None => Change::NotInBaseline,
                Some(before) if now > before * (1.0 + TOLERANCE) => Change::Grown,
                Some(before) if now < before * (1.0 - TOLERANCE) => Change::Shrunk,
                Some(_) => Change::Within,
            };
            Row {
                workload: count.workload.clone(),
                op: count.op.clone(),
                baseline: before,
                now: Some(now),
                change,
            }
        })
        .collect();
    for old in &baseline.workloads {
        if !counts.iter().any(|count| count.workload == old.workload) {
            rows.push(Row {
                workload: old.workload.clone(),
                op: old.op.clone(),
                baseline: Some(old.per_op()),
                now: None,
                change: Change::NotCounted,
            });
        }
    }
    Comparison { rows }
}

impl Comparison {
    /// One line per workload: baseline, now and the change.
    pub(crate) fn report(&self) -> String {
        let mut out = String::from("instructions per operation, baseline -> now:\n");
        for row in &self.rows {
            let figure =
                |value: Option<f64>| value.map_or_else(|| "-".to_owned(), thousands);
            let change = match (row.baseline, row.now) {
                (Some(before), Some(now)) => {
                    format!("{:+.1}%", (now / before - 1.0) * 100.0)
                }
                _ => String::new(),
            };
            out.push_str(&format!(
                "  {:<24} {:>12} -> {:>12} per {:<8} {change}\n",
                row.workload,
                figure(row.baseline),
                figure(row.now),
                row.op
            ));
        }
        out
    }

    /// Prints a notice for each workload that shrank a lot, and fails naming every one
    /// that grew past its budget or is missing on either side. `now` is the machine,
    /// compiler and Valgrind of this count.
    pub(crate) fn verdict(&self, baseline: &Baseline, now: &str) -> Result<()> {
        let percent = |row: &Row| match (row.baseline, row.now) {
            (Some(before), Some(now)) => ((now / before - 1.0) * 100.0).abs(),
            _ => 0.0,
        };
        let mut failures = Vec::new();
        for row in &self.rows {
            let (before, now_figure) = (
                row.baseline.map(thousands).unwrap_or_default(),
                row.now.map(thousands).unwrap_or_default(),
            );
            match row.change {
                Change::Within => {}
                Change::Shrunk => println!(
                    "notice: `{}` shrank by {:.1}%: {before} instructions per {} in {DATA}, \
                     {now_figure} now; record the gain with `{UPDATE}`",
                    row.workload,
                    percent(row),
                    row.op
                ),
                Change::Grown => failures.push(format!(
                    "`{}` grew by {:.1}% over its baseline (the budget allows {:.0}%): \
                     {before} instructions per {} in {DATA}, {now_figure} now",
                    row.workload,
                    percent(row),
                    TOLERANCE * 100.0,
                    row.op
                )),
                Change::NotInBaseline => failures.push(format!(
                    "`{}` ({now_figure} instructions per {}) has no baseline in {DATA}",
                    row.workload, row.op
                )),
                Change::NotCounted => failures.push(format!(
                    "`{}` is in {DATA} but the harness no longer runs it",
                    row.workload
                )),
            }
        }
        if failures.is_empty() {
            return Ok(());
        }
        let compiler = if baseline.machine == now {
            String::new()
        } else {
            format!(
                "\nThe baseline was counted on {}; this count on {now}. A new compiler or \
                 Valgrind moves the counts, and so may a new CPU (glibc picks its string \
                 functions by CPU).",
                baseline.machine
            )
        };
        bail!(
            "{}{compiler}\nIf the change is intended, count again and record it with `{UPDATE}`, \
             then commit {DATA} and {TABLE}.",
            failures.join("\n")
        )
    }
}
