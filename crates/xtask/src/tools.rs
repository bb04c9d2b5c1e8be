//! The tools the build and the tests need, installed on first use and reused afterwards.
//!
//! Everything goes into `$PSR_TOOLS_DIR` (default `<repository>/target/tools`), one
//! folder per tool and version (`mdbook-linkcheck2-0.13.0/bin/mdbook-linkcheck2`,
//! `moto-5.2.5/bin/moto_server`), so a folder outside the clone can be shared by many
//! clones and a version bump installs next to the old one instead of over it. mdBook
//! itself is no tool here: xtask builds the book with its libraries (see `book.rs`). The npm packages (binaryen's `wasm-opt`,
//! `playwright-core`, `axe-core`) are the exception: `npm ci` installs
//! them into `playground/tests/browser/node_modules`, where the browser tests import them
//! from. The Python tools are installed from `crates/xtask/requirements/`, every package
//! pinned with its hashes.
//!
//! What we cannot install ourselves (Chromium without root, node, python3) is a
//! [`system::MissingSystemTool`]: a step that needs it is skipped on a developer's machine and fails under
//! `CI=true`.

mod fuzzer;
mod python;
mod system;

pub(crate) use system::MissingSystemTool;

use std::{
    env, fs,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, Result, bail};

use crate::util::{cargo, run, section};

/// The link checker for mdBook 0.5 (`mdbook-linkcheck` 0.7 only works with mdBook 0.4).
const MDBOOK_LINKCHECK2: &str = "0.13.0";
/// The spell checker (crate `typos-cli`).
const TYPOS: &str = "1.52.0";
/// The dependency checker (`cargo deny`: advisories, licenses, bans, sources).
const CARGO_DENY: &str = "0.20.2";

/// The folder of the browser tests and of the npm packages the build needs.
pub(crate) const BROWSER_TESTS_DIR: &str = "playground/tests/browser";
/// Finds or installs tools.
pub(crate) struct Tools {
    dir: PathBuf,
    root: PathBuf,
    ci: bool,
}

impl Tools {
    pub(crate) fn new(root: &Path, target: &Path, ci: bool) -> Self {
        let dir = tools_dir(root, target, env::var_os("PSR_TOOLS_DIR"));
        Self { dir, root: root.to_path_buf(), ci }
    }

    /// The folder the tools are installed into.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Running under `CI=true`.
    pub(crate) fn ci(&self) -> bool {
        self.ci
    }

    /// The folder holding `mdbook-linkcheck2`.
    pub(crate) fn mdbook_linkcheck2(&self) -> Result<PathBuf> {
        let bins = ["mdbook-linkcheck2"];
        self.cargo_install(
            "mdbook-linkcheck2",
            MDBOOK_LINKCHECK2,
            "mdbook-linkcheck2",
            &bins,
            Locked::Yes,
        )
    }

    /// The `typos` binary.
    pub(crate) fn typos(&self) -> Result<PathBuf> {
        Ok(self
            .cargo_install("typos-cli", TYPOS, "typos", &["typos"], Locked::Yes)?
            .join("typos"))
    }

    /// The `cargo-deny` binary.
    pub(crate) fn cargo_deny(&self) -> Result<PathBuf> {
        Ok(self
            .cargo_install(
                "cargo-deny",
                CARGO_DENY,
                "cargo-deny",
                &["cargo-deny"],
                Locked::Yes,
            )?
            .join("cargo-deny"))
    }

    /// `wasm-bindgen-test-runner`, which runs the playground's wasm tests in Chromium, of
    /// exactly the `wasm-bindgen` version in `Cargo.lock`: it refuses a module made by
    /// another version of the library. (The site build writes its bindings with the
    /// `wasm-bindgen-cli-support` library instead, compiled into xtask.)
    pub(crate) fn wasm_bindgen_test_runner(&self) -> Result<PathBuf> {
        let version = self.locked_wasm_bindgen()?;
        // Not `--locked`: the lock file published with the CLI pins a crate version that
        // the registry no longer serves, so a locked install fails.
        let dir = self.cargo_install(
            "wasm-bindgen-cli",
            &version,
            "wasm-bindgen",
            &["wasm-bindgen-test-runner"],
            Locked::No,
        )?;
        Ok(dir.join("wasm-bindgen-test-runner"))
    }

    fn cargo_install(
        &self,
        krate: &str,
        version: &str,
        folder: &str,
        bins: &[&str],
        locked: Locked,
    ) -> Result<PathBuf> {
        let prefix = self.dir.join(format!("{folder}-{version}"));
        let bin_dir = prefix.join("bin");
        let missing = || {
            bins.iter()
                .filter(|bin| !bin_dir.join(bin).is_file())
                .copied()
                .collect::<Vec<_>>()
        };
        if missing().is_empty() {
            println!("{krate} {version}: present in {}", bin_dir.display());
            return Ok(bin_dir);
        }
        section(&format!("install {krate} {version} into {}", prefix.display()), || {
            fs::create_dir_all(&self.dir)
                .with_context(|| format!("could not create {}", self.dir.display()))?;
            let mut cmd = Command::new(cargo());
            cmd.args(["install", krate, "--version", version, "--root"]).arg(&prefix);
            if locked == Locked::Yes {
                cmd.arg("--locked");
            }
            // Outside the workspace, so its `.cargo/config.toml` and lock file play no
            // part.
            run(cmd.current_dir(&self.dir))
        })?;
        let missing = missing();
        if !missing.is_empty() {
            bail!(
                "`cargo install {krate}` finished, but {} is missing from {}",
                missing.join(", "),
                bin_dir.display()
            );
        }
        Ok(bin_dir)
    }

    /// The `wasm-bindgen` version cargo resolved for the workspace (`cargo metadata`,
    /// which writes `Cargo.lock` first when it is missing or older than the
    /// playground).
    fn locked_wasm_bindgen(&self) -> Result<String> {
        let metadata = cargo_metadata::MetadataCommand::new()
            .cargo_path(cargo())
            .current_dir(&self.root)
            .exec()
            .context("`cargo metadata` failed")?;
        let versions = metadata
            .packages
            .iter()
            .filter(|package| package.name.as_str() == "wasm-bindgen")
            .map(|p| &p.version);
        single_version(versions.map(ToString::to_string).collect())
    }
}

/// The one version of `wasm-bindgen` in the workspace; the CLI can match only one.
fn single_version(versions: Vec<String>) -> Result<String> {
    match <[String; 1]>::try_from(versions) {
        Ok([version]) => Ok(version),
        Err(none) if none.is_empty() => {
            bail!(
                "cargo resolved no `wasm-bindgen` package: the playground crate must depend on it"
            )
        }
        Err(many) => {
            bail!(
                "cargo resolved several `wasm-bindgen` versions ({}); the CLI can match only one",
                many.join(", ")
            )
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Locked {
    Yes,
    No,
}

/// `$PSR_TOOLS_DIR` (relative to the repository when relative), else `<target>/tools`.
fn tools_dir(
    root: &Path,
    target: &Path,
    from_env: Option<std::ffi::OsString>,
) -> PathBuf {
    match from_env {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => target.join("tools"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wasm_bindgen_cli_must_match_exactly_one_resolved_version() {
        assert_eq!(single_version(vec!["0.2.130".to_owned()]).unwrap(), "0.2.130");
        let none = single_version(Vec::new()).unwrap_err().to_string();
        assert!(none.contains("no `wasm-bindgen` package"), "{none}");
        let many = single_version(vec!["0.2.130".to_owned(), "0.2.131".to_owned()])
            .unwrap_err()
            .to_string();
        assert!(
            many.contains("several `wasm-bindgen` versions (0.2.130, 0.2.131)"),
            "{many}"
        );
    }

    #[test]
    fn tools_are_installed_under_psr_tools_dir_or_else_the_target_folder() {
        let (root, target) = (Path::new("/repo"), Path::new("/repo/target"));
        assert_eq!(tools_dir(root, target, None), Path::new("/repo/target/tools"));
        assert_eq!(
            tools_dir(root, target, Some("".into())),
            Path::new("/repo/target/tools")
        );
        assert_eq!(
            tools_dir(root, target, Some("/cache/tools".into())),
            Path::new("/cache/tools")
        );
        assert_eq!(
            tools_dir(root, target, Some("tools".into())),
            Path::new("/repo/tools")
        );
    }
}
