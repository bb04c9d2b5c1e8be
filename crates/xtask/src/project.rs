//! Where the repository and its outputs are, and the tools installed for it.

use std::{
    env,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Result, bail};

use crate::{tools::Tools, util::cargo};

/// The repository and the places the xtask writes to.
pub(crate) struct Project {
    /// The workspace root (the folder holding `book.toml`).
    pub(crate) root: PathBuf,
    /// Cargo's target directory: `$CARGO_TARGET_DIR` or `<root>/target`.
    pub(crate) target: PathBuf,
    /// The installed tools, installed on first use.
    pub(crate) tools: Tools,
}

impl Project {
    pub(crate) fn locate() -> Result<Self> {
        let root = project_root();
        if !root.join("Cargo.toml").is_file() {
            bail!("{} is not the workspace root: no Cargo.toml there", root.display());
        }
        let target = match env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => root.join(dir),
            None => root.join("target"),
        };
        Ok(Self::at(root, target))
    }

    /// The project at `root`, building into `target`.
    pub(crate) fn at(root: PathBuf, target: PathBuf) -> Self {
        let tools = Tools::new(&root, &target, is_ci());
        Self { root, target, tools }
    }

    /// Where the finished static site lives.
    pub(crate) fn site_dir(&self) -> PathBuf {
        self.target.join("site")
    }

    /// Scratch space of the xtask itself (logs, intermediate outputs).
    pub(crate) fn scratch_dir(&self) -> PathBuf {
        self.target.join("xtask")
    }

    /// Where tests write the figures they measure, one JSON object per file: the folder
    /// `PSR_FIGURES_DIR` names, or `target/xtask/figures`. The steps pass it to the suites
    /// as `PSR_FIGURES_DIR`, and the book's table is rendered from it.
    pub(crate) fn figures_dir(&self) -> PathBuf {
        std::env::var_os("PSR_FIGURES_DIR")
            .filter(|dir| !dir.is_empty())
            .map_or_else(|| self.scratch_dir().join("figures"), PathBuf::from)
    }

    /// A `cargo` command run from the workspace root.
    pub(crate) fn cargo(&self) -> Command {
        let mut cmd = Command::new(cargo());
        cmd.current_dir(&self.root);
        cmd
    }

    /// Fails with a clear message when a workspace member that a step needs does not
    /// exist yet.
    pub(crate) fn require_crate(&self, dir: &str, needed_by: &str) -> Result<()> {
        if !self.root.join(dir).join("Cargo.toml").is_file() {
            bail!(
                "{needed_by} needs the crate in `{dir}/`, but `{dir}/Cargo.toml` does not exist"
            );
        }
        Ok(())
    }
}

/// The workspace root, two levels above this crate's manifest (`crates/xtask`).
pub(crate) fn project_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.ancestors().nth(2).unwrap_or(manifest_dir).to_path_buf()
}

/// `CI=true` (GitHub Actions, `.ci/run`) turns every missing tool into a failure.
fn is_ci() -> bool {
    env::var("CI").is_ok_and(|value| value == "true" || value == "1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_root_holds_the_workspace_manifest_and_this_crate() {
        let root = project_root();
        assert!(root.join("Cargo.toml").is_file());
        assert!(root.join("crates/xtask/Cargo.toml").is_file());
    }
}
