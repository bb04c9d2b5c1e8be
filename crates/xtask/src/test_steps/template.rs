//! The `template` step: the SAM template linted, translated into the CloudFormation SAM
//! deploys and checked by the `template` test binary; then one Lambda binary cross-built
//! for arm64.

use std::{fs, path::Path, process::Command};

use anyhow::{Context as _, Result, bail};

use super::{Ctx, unit::run_binaries};
use crate::{
    cargo_json::{Suite, test_binaries},
    stack::{LAMBDA_TARGET, TEMPLATE, TRANSLATE},
    util::{path_with, run},
};

/// The binary the cross-build check builds: one is enough to show the toolchain works,
/// and the stream processor is the one that also compiles C (its allocator, mimalloc,
/// built by zig's C compiler for arm64).
const CROSS_BUILT: &str = "process-stream";

impl Ctx<'_> {
    pub(super) fn template(&mut self) -> Result<()> {
        let project = self.project;
        let venv = project.tools.template_checkers()?;
        let template = project.root.join(TEMPLATE);
        run(Command::new(venv.join("bin").join("cfn-lint")).arg(&template))?;

        fs::create_dir_all(project.scratch_dir())?;
        let translated = project.scratch_dir().join("template.json");
        let output = Command::new(venv.join("bin").join("python"))
            .arg(project.root.join(TRANSLATE))
            .arg(&template)
            .arg("ci")
            // The translator builds ARNs for a region; any will do offline.
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .output()
            .context("could not run the template's translation")?;
        if !output.status.success() {
            bail!(
                "the SAM translation failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        fs::write(&translated, &output.stdout)
            .with_context(|| format!("could not write {}", translated.display()))?;
        println!("translated {TEMPLATE} into {}", translated.display());

        let binaries = test_binaries(&self.test_artifacts()?, Suite::Template);
        if binaries.is_empty() {
            bail!(
                "no test target is named `template` (crates/product-lambdas/tests/template/main.rs)"
            );
        }
        let failures = run_binaries(&binaries, |binary| {
            let mut cmd = Command::new(&binary.executable);
            cmd.current_dir(&binary.package_dir)
                .env("PSR_TRANSLATED_TEMPLATE", &translated);
            cmd
        });
        if !failures.is_empty() {
            bail!("template test binaries failed: {}", failures.join(", "));
        }
        self.cross_build()
    }

    /// Builds one function with `cargo lambda build --arm64` in the test build's profile
    /// (a release build would take too long here) and checks that it is the aarch64
    /// executable Lambda runs.
    fn cross_build(&self) -> Result<()> {
        let project = self.project;
        project.tools.rust_target(LAMBDA_TARGET)?;
        let bin_dir = project.tools.cargo_lambda()?;
        run(project
            .cargo()
            .args([
                "lambda",
                "build",
                "--arm64",
                "--package",
                "product-lambdas",
                "--bin",
                CROSS_BUILT,
            ])
            .env("PATH", path_with(&[bin_dir])?))?;
        let bootstrap = project.target.join("lambda").join(CROSS_BUILT).join("bootstrap");
        check_aarch64_elf(&bootstrap)?;
        println!("{} is an aarch64 ELF executable", bootstrap.display());
        Ok(())
    }
}

/// Fails unless `path` is a 64-bit little-endian ELF executable for aarch64.
pub(crate) fn check_aarch64_elf(path: &Path) -> Result<()> {
    let bytes = fs::read(path)
        .with_context(|| format!("cargo lambda wrote no {}", path.display()))?;
    let header = bytes
        .get(..20)
        .with_context(|| format!("{} is too short to be an ELF file", path.display()))?;
    // e_ident: magic, class 2 (64-bit), data 1 (little-endian); e_machine at 18: 183
    // (EM_AARCH64).
    const EM_AARCH64: u16 = 183;
    let machine = u16::from_le_bytes([header[18], header[19]]);
    if &header[..4] != b"\x7fELF"
        || header[4] != 2
        || header[5] != 1
        || machine != EM_AARCH64
    {
        bail!(
            "{} is not a 64-bit aarch64 ELF executable (machine {machine})",
            path.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elf_header(machine: u16) -> Vec<u8> {
        let mut header = b"\x7fELF\x02\x01\x01".to_vec();
        header.resize(18, 0);
        header.extend(machine.to_le_bytes());
        header.resize(64, 0);
        header
    }

    #[test]
    fn an_aarch64_executable_passes_and_an_x86_64_one_does_not() {
        let dir = std::env::temp_dir().join(format!("xtask-elf-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let (arm, x86, text) = (dir.join("arm"), dir.join("x86"), dir.join("text"));
        fs::write(&arm, elf_header(183)).unwrap();
        fs::write(&x86, elf_header(62)).unwrap();
        fs::write(&text, "#!/bin/sh\n").unwrap();
        assert!(check_aarch64_elf(&arm).is_ok());
        assert!(check_aarch64_elf(&x86).unwrap_err().to_string().contains("machine 62"));
        assert!(check_aarch64_elf(&text).is_err());
        assert!(check_aarch64_elf(&dir.join("missing")).is_err());
        fs::remove_dir_all(&dir).unwrap();
    }
}
