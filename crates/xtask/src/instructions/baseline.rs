//! The committed instruction counts, `src/part3/instructions.json`, which a new count is
//! compared with, and the table `src/part3/instructions.md` rendered from them; the `site`
//! step checks that the table is what the data renders to.

use std::{fs, path::Path};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

/// The baseline, relative to the repository root.
pub(crate) const DATA: &str = "src/part3/instructions.json";
/// The rendered table, relative to the repository root.
pub(crate) const TABLE: &str = "src/part3/instructions.md";
/// How much a workload may grow over its baseline before the test fails; a shrink as large
/// asks for a new baseline, so that the budget follows the gain.
pub(crate) const TOLERANCE: f64 = 0.10;
/// What rewrites the baseline.
pub(crate) const UPDATE: &str = "cargo xtask instructions --update";

/// The committed counts and where they were counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Baseline {
    /// `YYYY-MM-DD`.
    pub(crate) day: String,
    /// CPU, core count, compiler and Valgrind: a new compiler moves the counts.
    pub(crate) machine: String,
    /// Every workload, in the harness's order.
    pub(crate) workloads: Vec<Count>,
}

/// The instructions one workload executed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Count {
    /// Its name in the harness (`validate-reference-mix`).
    pub(crate) workload: String,
    /// What it does, for the table.
    pub(crate) about: String,
    /// What one operation is (`body`, `event`, `request`, `batch`).
    pub(crate) op: String,
    /// How many operations the count covers.
    pub(crate) ops: u64,
    /// The instructions callgrind counted over all of them.
    pub(crate) instructions: u64,
}

impl Count {
    /// Instructions per operation, the figure compared and shown.
    pub(crate) fn per_op(&self) -> f64 {
        self.instructions as f64 / self.ops.max(1) as f64
    }
}

impl Baseline {
    pub(crate) fn read(root: &Path) -> Result<Self> {
        let text = fs::read_to_string(root.join(DATA)).with_context(|| {
            format!("could not read {DATA}; count and write it with `{UPDATE}`")
        })?;
        serde_json::from_str(&text)
            .with_context(|| format!("{DATA} is not a baseline of instruction counts"))
    }

    pub(crate) fn write(&self, root: &Path) -> Result<()> {
        let mut json = serde_json::to_string_pretty(self)?;
        json.push('\n');
        fs::write(root.join(DATA), json)
            .with_context(|| format!("could not write {DATA}"))?;
        fs::write(root.join(TABLE), self.render())
            .with_context(|| format!("could not write {TABLE}"))
    }

    /// The Markdown the chapter includes.
    pub(crate) fn render(&self) -> String {
        let mut out = format!(
            "<!-- Written by `{UPDATE}` from instructions.json; edit neither by hand. -->\n\n\
             | workload | instructions per operation | operation | what is counted |\n\
             |---|---:|---|---|\n"
        );
        for count in &self.workloads {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                count.workload,
                thousands(count.per_op()),
                count.op,
                count.about
            ));
        }
        out.push_str(&format!(
            "\nCounted by callgrind on {}, {}. `cargo xtask test instructions` fails when a \
             workload grows by more than {:.0}%.\n",
            self.day,
            self.machine,
            TOLERANCE * 100.0
        ));
        out
    }
}

/// The `site` step's check: the table in the book is what the baseline renders to.
pub(crate) fn check_table(root: &Path) -> Result<()> {
    let baseline = Baseline::read(root)?;
    let table = fs::read_to_string(root.join(TABLE))
        .with_context(|| format!("could not read {TABLE}"))?;
    if baseline.render() != table {
        bail!(
            "{TABLE} is not what {DATA} renders to: it is written by `{UPDATE}`, never by hand"
        );
    }
    Ok(())
}

/// A whole number with thousands separators: `230,907`.
pub(crate) fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
