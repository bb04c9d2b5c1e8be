//! The fuzzer: cargo-fuzz from crates.io, and the nightly toolchain it needs for
//! libFuzzer's instrumentation, both pinned.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, Result, bail};

use super::{Locked, Tools};
use crate::util::{path_with, run, section};

/// cargo-fuzz (crate `cargo-fuzz`).
const CARGO_FUZZ: &str = "0.13.2";
/// The nightly the fuzz targets are built with: a dated one, so a run next month builds
/// the same.
pub(crate) const NIGHTLY: &str = "nightly-2026-05-20";

/// `cargo fuzz` on the pinned nightly.
pub(crate) struct Fuzzer {
    cargo_fuzz: PathBuf,
    /// The folder of the nightly's `cargo` and `rustc`, put first on `PATH` for
    /// cargo-fuzz, which runs `cargo` from `PATH`.
    toolchain_bin: PathBuf,
}

impl Fuzzer {
    /// `cargo fuzz SUBCOMMAND` run from `root`, on the pinned nightly.
    pub(crate) fn command(&self, root: &Path, subcommand: &str) -> Result<Command> {
        let mut cmd = Command::new(&self.cargo_fuzz);
        cmd.args(["fuzz", subcommand])
            .current_dir(root)
            .env("PATH", path_with(std::slice::from_ref(&self.toolchain_bin))?)
            .env("RUSTUP_TOOLCHAIN", NIGHTLY)
            // Set by the stable cargo that runs the xtask; the nightly must pick its own.
            .env_remove("RUSTC")
            .env_remove("CARGO");
        Ok(cmd)
    }
}

impl Tools {
    /// cargo-fuzz and the pinned nightly, each installed when missing.
    pub(crate) fn fuzzer(&self) -> Result<Fuzzer> {
        let toolchain_bin = self.nightly()?;
        let bin = self.cargo_install(
            "cargo-fuzz",
            CARGO_FUZZ,
            "cargo-fuzz",
            &["cargo-fuzz"],
            Locked::Yes,
        )?;
        Ok(Fuzzer { cargo_fuzz: bin.join("cargo-fuzz"), toolchain_bin })
    }

    /// The `bin` folder of [`NIGHTLY`], installed with rustup's minimal profile when
    /// missing.
    fn nightly(&self) -> Result<PathBuf> {
        let which = || {
            Command::new("rustup")
                .args(["which", "cargo", "--toolchain", NIGHTLY])
                .current_dir(&self.root)
                .output()
        };
        let found = |out: &std::process::Output| {
            out.status.success().then(|| out.stdout.trim_ascii().to_vec())
        };
        let cargo = match which().ok().as_ref().and_then(found) {
            Some(cargo) => {
                println!("{NIGHTLY}: present");
                cargo
            }
            None => {
                section(&format!("install the {NIGHTLY} toolchain"), || {
                    let install =
                        ["toolchain", "install", NIGHTLY, "--profile", "minimal"];
                    run(Command::new("rustup").args(install).current_dir(&self.root))
                })?;
                let out = which().context("could not run `rustup which`")?;
                match found(&out) {
                    Some(cargo) => cargo,
                    None => bail!(
                        "{NIGHTLY} was installed, but `rustup which cargo` does not find its cargo"
                    ),
                }
            }
        };
        let cargo = PathBuf::from(
            String::from_utf8(cargo).context("the nightly's path is not UTF-8")?,
        );
        cargo
            .parent()
            .map(Path::to_path_buf)
            .context("`rustup which cargo` printed no folder")
    }
}
