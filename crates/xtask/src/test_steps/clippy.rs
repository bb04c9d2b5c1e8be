//! The `clippy` step: the workspace on the host, the playground on the target it is made
//! for.

use anyhow::{Result, bail};

use super::{Ctx, FUZZ_MANIFEST, WASM_TARGET};
use crate::util::run;

impl Ctx<'_> {
    pub(super) fn clippy(&self) -> Result<()> {
        let project = self.project;
        // The playground is checked for the target it is made for; on the host it would
        // only check the parts that are not `cfg(target_arch = "wasm32")`.
        let host = run(project.cargo().args([
            "clippy",
            "--workspace",
            "--exclude",
            "playground",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]));
        let wasm = project
            .require_crate("playground", "the wasm32 clippy of the playground")
            .and_then(|()| {
                project.tools.wasm_target()?;
                run(project.cargo().args([
                    "clippy",
                    "--package",
                    "playground",
                    "--all-targets",
                    "--target",
                    WASM_TARGET,
                    "--",
                    "-D",
                    "warnings",
                ]))
            });
        // The fuzz crate is a workspace of its own; its code builds on stable, only its
        // instrumentation needs nightly.
        let fuzz = run(project
            .cargo()
            .args(["clippy", "--manifest-path", FUZZ_MANIFEST, "--all-targets"])
            .args([
                "--target-dir",
                &project.target.to_string_lossy(),
                "--",
                "-D",
                "warnings",
            ]));
        let failures: Vec<String> = [host, wasm, fuzz]
            .into_iter()
            .filter_map(Result::err)
            .map(|e| format!("{e:#}"))
            .collect();
        if !failures.is_empty() {
            bail!("{}", failures.join("\n"));
        }
        Ok(())
    }
}
