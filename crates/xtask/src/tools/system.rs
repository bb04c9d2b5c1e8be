//! The tools that come from the system rather than from a registry: Node.js and its npm
//! packages, the wasm32 target (rustup), and Chromium (apt, when we are root).

use std::{
    env, fmt, fs,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Result, bail};

use super::{BROWSER_TESTS_DIR, Tools};
use crate::util::{is_root, probe, run, section};

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

impl MissingSystemTool {
    /// The error a step fails (or, off CI, is skipped) with.
    pub(crate) fn error(message: String) -> anyhow::Error {
        Self { message }.into()
    }
}

/// The browser used by `wasm-bindgen-test` and by the page tests.
pub(crate) struct Browser {
    pub(crate) chromium: PathBuf,
    pub(crate) chromedriver: PathBuf,
}

impl Tools {
    /// binaryen's `wasm-opt` from npm. Debian's binaryen is too old: the modules it
    /// writes fail to load.
    pub(crate) fn wasm_opt(&self) -> Result<PathBuf> {
        let bin = self.npm_packages()?.join("node_modules").join(".bin").join("wasm-opt");
        if !bin.is_file() {
            bail!(
                "{} is missing: {BROWSER_TESTS_DIR}/package.json must depend on `binaryen`",
                bin.display()
            );
        }
        Ok(bin)
    }

    /// `playground/tests/browser` with its npm packages installed (`npm ci` when the lock
    /// file is newer).
    pub(crate) fn npm_packages(&self) -> Result<PathBuf> {
        let dir = self.root.join(BROWSER_TESTS_DIR);
        for file in ["package.json", "package-lock.json"] {
            if !dir.join(file).is_file() {
                bail!(
                    "{BROWSER_TESTS_DIR}/{file} does not exist: the npm packages (binaryen for wasm-opt, \
                     playwright-core and axe-core for the browser tests) are installed with `npm ci` from that folder"
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
            run(Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&dir))
        })?;
        Ok(dir)
    }

    /// Node.js and npm, which we do not install ourselves.
    pub(crate) fn node(&self) -> Result<()> {
        for program in ["node", "npm"] {
            if !probe(Command::new(program).arg("--version")) {
                return Err(MissingSystemTool::error(format!(
                    "`{program}` was not found on PATH; install Node.js 20 or newer \
                     (Debian: `apt-get install -y nodejs npm`)"
                )));
            }
        }
        Ok(())
    }

    /// The wasm32 standard library, added with rustup when it is missing.
    pub(crate) fn wasm_target(&self) -> Result<()> {
        self.rust_target("wasm32-unknown-unknown")
    }

    /// The standard library for `target`, added with rustup when it is missing.
    pub(crate) fn rust_target(&self, target: &str) -> Result<()> {
        let listed = Command::new("rustup")
            .args(["target", "list", "--installed"])
            .current_dir(&self.root)
            .output();
        let installed = match listed {
            Ok(out) if out.status.success() => {
                String::from_utf8_lossy(&out.stdout).lines().any(|line| line == target)
            }
            _ => bail!(
                "`rustup target list --installed` failed: install the {target} target for your toolchain"
            ),
        };
        if !installed {
            section(&format!("add the {target} target"), || {
                run(Command::new("rustup")
                    .args(["target", "add", target])
                    .current_dir(&self.root))
            })?;
        }
        Ok(())
    }

    /// Chromium and chromedriver from Debian (`$CHROMIUM` and `$CHROMEDRIVER` point
    /// elsewhere), installed with apt when we are root. Browsers downloaded by test
    /// tools do not run on these machines.
    pub(crate) fn browser(&self) -> Result<Browser> {
        let path = |var: &str, default: &str| {
            env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from)
        };
        let browser = Browser {
            chromium: path("CHROMIUM", "/usr/bin/chromium"),
            chromedriver: path("CHROMEDRIVER", "/usr/bin/chromedriver"),
        };
        let present = |browser: &Browser| {
            browser.chromium.is_file() && browser.chromedriver.is_file()
        };
        if present(&browser) {
            return Ok(browser);
        }
        let install =
            ["install", "-y", "--no-install-recommends", "chromium", "chromium-driver"];
        if !is_root() {
            return Err(MissingSystemTool::error(format!(
                "{} or {} is missing; install them with `sudo apt-get {}`",
                browser.chromium.display(),
                browser.chromedriver.display(),
                install.join(" ")
            )));
        }
        section("install chromium and chromium-driver with apt-get", || {
            let apt = |args: &[&str]| {
                let mut cmd = Command::new("apt-get");
                cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
                cmd
            };
            // A fresh machine has no package lists yet; update only when the first
            // attempt says so.
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
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(path).and_then(|meta| meta.modified()).ok()
}
