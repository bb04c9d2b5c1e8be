//! The `workshop` step: every starter compiles and fails its tests; after the
//! preparation, every command the session runs works with the network cut; the progress
//! script's node tests pass.

use std::process::Command;

use anyhow::{Context as _, Result, bail};
use cargo_metadata::TargetKind;

use super::{Ctx, browser::browser_test_files};
use crate::{cargo_json, util::run, util::section, workshop};

impl Ctx<'_> {
    /// The workshop's starters must compile, and each exercise's tests must fail on them
    /// until an attendee does the work; a starter that passes would be an exercise
    /// with nothing to do.
    pub(super) fn workshop(&self) -> Result<()> {
        let project = self.project;
        project.require_crate("crates/workshop", "the workshop step")?;
        let starters = cargo_json::build(project.cargo().args([
            "test",
            "--package",
            "workshop",
            "--tests",
            "--no-run",
        ]))?;
        let exercises: Vec<_> = starters
            .iter()
            .filter(|artifact| artifact.target.is_kind(TargetKind::Test))
            .filter_map(|artifact| {
                Some((artifact.target.name.clone(), artifact.executable.clone()?))
            })
            .collect();
        if exercises.is_empty() {
            bail!(
                "the workshop crate has no exercise test files (crates/workshop/tests/*.rs)"
            );
        }
        let mut passing = Vec::new();
        for (name, executable) in &exercises {
            let output = Command::new(executable)
                .current_dir(project.root.join("crates/workshop"))
                .output()
                .with_context(|| format!("could not run {executable}"))?;
            let stdout = String::from_utf8_lossy(&output.stdout);
            let failed_as_intended =
                !output.status.success() && stdout.contains("test result: FAILED");
            println!(
                "starter `{name}`: {}",
                if failed_as_intended { "fails as intended" } else { "DOES NOT FAIL" }
            );
            if !failed_as_intended {
                passing.push(name.as_str());
            }
        }
        // The workshop's promise: after `cargo xtask workshop --prepare`, nothing needs
        // the network. The book's own build is the `site` step's; here, the cargo
        // part, prepared and then run offline.
        let offline = section("workshop: prepared, then run offline", || {
            workshop::session_commands(project)?;
            workshop::check_offline(project)
        });
        let node_tests = browser_test_files(&project.root.join("crates/workshop/tests"))?;
        let node = if node_tests.is_empty() {
            Ok(())
        } else {
            run(Command::new("node")
                .arg("--test")
                .args(&node_tests)
                .current_dir(&project.root))
        };
        if !passing.is_empty() {
            bail!("workshop starters whose tests do not fail: {}", passing.join(", "));
        }
        offline.and(node)
    }
}
