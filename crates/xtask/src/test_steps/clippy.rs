//! The `clippy` step: the workspace on the host, the playground on the target it is made for.

use anyhow::{Result, bail};

use super::{Ctx, WASM_TARGET};
use crate::util::run;

impl Ctx<'_> {
    pub(super) fn clippy(&self) -> Result<()> {
        let project = self.project;
        // The playground is checked for the target it is made for; on the host it would only check
        // the parts that are not `cfg(target_arch = "wasm32")`.
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
        let wasm = project.require_crate("playground", "the wasm32 clippy of the playground").and_then(|()| {
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
        match (host, wasm) {
            (Ok(()), Ok(())) => Ok(()),
            (Err(err), Ok(())) | (Ok(()), Err(err)) => Err(err),
            (Err(host), Err(wasm)) => bail!("{host:#}\n{wasm:#}"),
        }
    }
}
