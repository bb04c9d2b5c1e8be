//! The `unit` step: every host test binary but `integration` and `e2e`, each without
//! network, then the doc tests; and the test build it shares with the `integration` step.

use std::{process::Command, time::Instant};

use anyhow::{Result, bail};
use cargo_metadata::Artifact;

use super::Ctx;
use crate::{
    cargo_json::{self, Suite, TestBinary, test_binaries},
    util::run,
    workshop::network_namespace,
};

/// Run by `sh -c` inside the namespace, with the test binary as `$0`.
const LOOPBACK_UP: &str = "ip link set lo up || echo 'unit: could not bring the loopback up' >&2; exec \"$0\" \"$@\"";

impl Ctx<'_> {
    /// Builds every host test binary once (without running them) and keeps cargo's report
    /// of them.
    pub(super) fn test_artifacts(&mut self) -> Result<Vec<Artifact>> {
        if let Some(artifacts) = &self.test_artifacts {
            return Ok(artifacts.clone());
        }
        let artifacts = cargo_json::build(self.project.cargo().args([
            "test",
            "--workspace",
            "--exclude",
            "playground",
            // The workshop's tests pass against its solutions; its starters are checked
            // by `workshop`.
            "--features",
            "workshop/solutions",
            "--no-run",
        ]))?;
        self.test_artifacts = Some(artifacts.clone());
        Ok(artifacts)
    }

    pub(super) fn unit(&mut self) -> Result<()> {
        let binaries = test_binaries(&self.test_artifacts()?, Suite::Unit);
        if binaries.is_empty() {
            bail!("cargo built no unit test binaries");
        }
        let isolation = network_namespace();
        match &isolation {
            Ok(()) => {
                println!("unit tests run without network: each binary under `unshare -n`")
            }
            Err(why) => println!("unit tests run WITH network access: {why}"),
        }
        let failures = run_binaries(&binaries, |binary| {
            let mut cmd = if isolation.is_ok() {
                // The new namespace's only interface is a loopback of its own, down until
                // brought up here: a test may then talk to a server it started itself
                // (the run service's tests do), and still reaches nothing outside, not
                // even the host's own 127.0.0.1.
                let mut cmd = Command::new("unshare");
                cmd.args(["-n", "--", "sh", "-c", LOOPBACK_UP]).arg(&binary.executable);
                cmd
            } else {
                Command::new(&binary.executable)
            };
            cmd.current_dir(&binary.package_dir)
                .env("CARGO_MANIFEST_DIR", &binary.package_dir)
                .env("PSR_FIGURES_DIR", self.project.figures_dir());
            cmd
        });
        let docs = run(self.project.cargo().args([
            "test",
            "--workspace",
            "--exclude",
            "playground",
            "--doc",
        ]));
        if !failures.is_empty() {
            bail!("unit test binaries failed: {}", failures.join(", "));
        }
        docs
    }
}

/// Runs each binary, printing its name and time; returns the labels of those that failed.
pub(super) fn run_binaries(
    binaries: &[TestBinary],
    command: impl Fn(&TestBinary) -> Command,
) -> Vec<String> {
    let mut failures = Vec::new();
    for binary in binaries {
        let started = Instant::now();
        let label = binary.label();
        println!("--- {label}");
        let result = run(&mut command(binary));
        println!(
            "--- {label}: {} in {:.1}s",
            if result.is_ok() { "ok" } else { "FAILED" },
            started.elapsed().as_secs_f64()
        );
        if result.is_err() {
            failures.push(label);
        }
    }
    failures
}
