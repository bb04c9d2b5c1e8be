//! The steps of `cargo xtask test`: their names, the order they run in, what each checks
//! (`cargo xtask test --list`), and which ones the command line names.

use std::fmt;

use anyhow::{Result, bail};

/// One step of `cargo xtask test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Fmt,
    Clippy,
    Wasm,
    Unit,
    Instructions,
    Fuzz,
    Workshop,
    Integration,
    Template,
    WasmTest,
    Site,
    Browser,
    Typos,
    Actionlint,
    Deny,
    Commands,
}

/// Every step in the order they run, with its name and what it checks (`cargo xtask test
/// --list`).
const STEPS: [(Step, &str, &str); 16] = [
    (Step::Fmt, "fmt", "cargo fmt --all --check"),
    (
        Step::Clippy,
        "clippy",
        "clippy with -D warnings: the workspace and crates/fuzz on the host, the playground on wasm32",
    ),
    (
        Step::Wasm,
        "wasm",
        "product-domain, product-events and product-handlers build for wasm32-unknown-unknown",
    ),
    (
        Step::Unit,
        "unit",
        "every test binary but `integration`, `e2e` and `template`, without network; then doc tests",
    ),
    (
        Step::Instructions,
        "instructions",
        "instruction counts of the hot paths (callgrind) within 10% of src/part3/instructions.json",
    ),
    (
        Step::Fuzz,
        "fuzz",
        "every fuzz target of crates/fuzz (cargo-fuzz, nightly): its committed corpus replayed, then 20 s of fuzzing",
    ),
    (
        Step::Workshop,
        "workshop",
        "every workshop starter compiles and fails its tests; the session's commands work offline; node tests",
    ),
    (
        Step::Integration,
        "integration",
        "`integration` and `e2e` test binaries against moto server on 127.0.0.1",
    ),
    (
        Step::Template,
        "template",
        "the SAM template: cfn-lint, the CloudFormation SAM generates checked, one function cross-built for arm64",
    ),
    (
        Step::WasmTest,
        "wasm-test",
        "the playground's wasm-bindgen tests in headless Chromium",
    ),
    (
        Step::Site,
        "site",
        "the site build (book, ADRs, wasm) with link, anchor and offline checks",
    ),
    (
        Step::Browser,
        "browser",
        "node --test playground/tests/browser/ against the served site",
    ),
    (Step::Typos, "typos", "spell check of the repository (typos.toml)"),
    (Step::Actionlint, "actionlint", "lint of .github/workflows/"),
    (
        Step::Deny,
        "deny",
        "cargo deny (deny.toml): licenses, bans, sources; advisories when $PSR_ADVISORY_DB holds the database",
    ),
    (
        Step::Commands,
        "commands",
        "every command the book quotes with its output, run again and compared",
    ),
];

impl Step {
    /// Every step, in the order they run.
    pub(crate) const ALL: [Step; 16] = {
        let mut all = [Step::Fmt; 16];
        let mut index = 0;
        while index < STEPS.len() {
            all[index] = STEPS[index].0;
            index += 1;
        }
        all
    };

    fn entry(self) -> (Step, &'static str, &'static str) {
        STEPS.into_iter().find(|(step, _, _)| *step == self).unwrap_or(STEPS[0])
    }

    pub(crate) fn name(self) -> &'static str {
        self.entry().1
    }

    pub(crate) fn about(self) -> &'static str {
        self.entry().2
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The steps named on the command line, in their canonical order; all of them when none
/// is named.
pub(crate) fn select(names: &[String]) -> Result<Vec<Step>> {
    for name in names {
        if !Step::ALL.iter().any(|step| step.name() == name) {
            let known: Vec<_> = Step::ALL.iter().map(|step| step.name()).collect();
            bail!("unknown test step `{name}`; the steps are: {}", known.join(", "));
        }
    }
    Ok(Step::ALL
        .into_iter()
        .filter(|step| names.is_empty() || names.iter().any(|name| name == step.name()))
        .collect())
}

/// `cargo xtask test --list`.
pub(crate) fn print_list() {
    for step in Step::ALL {
        println!("{:<12} {}", step.name(), step.about());
    }
}
