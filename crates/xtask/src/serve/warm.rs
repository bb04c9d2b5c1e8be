//! The run service's builds made ahead (`cargo xtask workshop --prepare`): every runnable
//! snippet's build, made as the service makes it (a shadow copy of the workspace, the
//! service's own target folder), so that the first Run at the venue compiles nothing
//! and needs no network.

use std::{path::Path, process::Command};

use anyhow::{Context as _, Result};

use super::{run::run_service_target, shadow::Shadow};
use crate::{
    project::Project,
    snippets::{Run, book_snippets},
    util::run,
};

/// The distinct builds behind the book's runnable snippets, in order.
pub(crate) fn snippet_builds(root: &Path) -> Result<Vec<Vec<String>>> {
    let mut builds: Vec<Vec<String>> = Vec::new();
    for (_, snippet_run) in book_snippets(root)? {
        let args = snippet_run.build_args();
        if !builds.contains(&args) {
            builds.push(args);
        }
    }
    Ok(builds)
}

/// The build behind a workshop exercise's Run button.
pub(crate) fn exercise_build(module: &str) -> Vec<String> {
    Run::Exercise { module: module.to_owned() }.build_args()
}

/// Makes each of `builds` in a shadow copy of the project's workspace into the run
/// service's target folder; `cargo` gives the command to start (cargo itself, or cargo
/// inside a namespace without network).
pub(crate) fn build_as_the_service(
    project: &Project,
    builds: &[Vec<String>],
    cargo: &dyn Fn() -> Command,
) -> Result<()> {
    let target = run_service_target(&project.target);
    let dir = std::env::temp_dir().join(format!("psr-run-warm-{}", std::process::id()));
    let shadow = Shadow::create(&project.root, dir, None, &Shadow::record(&target))?;
    for args in builds {
        let mut command = cargo();
        command
            .args(args)
            .current_dir(&shadow.dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_TERM_COLOR", "never");
        run(&mut command)
            .with_context(|| format!("the run service's `cargo {}`", args.join(" ")))?;
    }
    Ok(())
}
