//! Reading cargo's JSON messages: which files a build produced, and which test binaries belong to which
//! test step (`integration` and `e2e` targets need the AWS-compatible endpoint; every other one runs offline).

use std::{
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Command, Stdio},
};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::util::display;

/// One `compiler-artifact` message: a target that cargo built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Artifact {
    /// The target's name (`integration` for `tests/integration/main.rs`, the crate name for a lib).
    pub(crate) target_name: String,
    /// The target's kinds (`lib`, `cdylib`, `bin`, `test`, ...).
    pub(crate) kinds: Vec<String>,
    /// Built with the test harness (`cargo test`), as opposed to a plain build.
    pub(crate) is_test: bool,
    /// The runnable file, for binaries and test harnesses.
    pub(crate) executable: Option<PathBuf>,
    /// Every file produced (for a cdylib on wasm32: the `.wasm`).
    pub(crate) filenames: Vec<PathBuf>,
    /// The folder of the package's `Cargo.toml`; tests run from there as `cargo test` would.
    pub(crate) package_dir: PathBuf,
}

/// Reads one line of `--message-format=json`; anything that is not an artifact gives `None`.
pub(crate) fn parse_artifact(line: &str) -> Option<Artifact> {
    let message: Value = serde_json::from_str(line).ok()?;
    if message.get("reason")?.as_str()? != "compiler-artifact" {
        return None;
    }
    let target = message.get("target")?;
    let strings = |value: Option<&Value>| -> Vec<String> {
        let items = value.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        items.iter().filter_map(Value::as_str).map(str::to_owned).collect()
    };
    Some(Artifact {
        target_name: target.get("name")?.as_str()?.to_owned(),
        kinds: strings(target.get("kind")),
        is_test: message.get("profile")?.get("test")?.as_bool()?,
        executable: message.get("executable").and_then(Value::as_str).map(PathBuf::from),
        filenames: strings(message.get("filenames")).into_iter().map(PathBuf::from).collect(),
        package_dir: PathBuf::from(message.get("manifest_path")?.as_str()?).parent()?.to_path_buf(),
    })
}

/// Runs a cargo command with `--message-format=json-render-diagnostics` added, showing the compiler's
/// diagnostics as usual, and returns the artifacts it reported.
pub(crate) fn build(cmd: &mut Command) -> Result<Vec<Artifact>> {
    cmd.arg("--message-format=json-render-diagnostics").stdout(Stdio::piped());
    println!("$ {}", display(cmd));
    let mut child = cmd.spawn().with_context(|| format!("could not start `{}`", display(cmd)))?;
    let stdout = child.stdout.take().context("cargo's stdout was not captured")?;
    let mut artifacts = Vec::new();
    for line in BufReader::new(stdout).lines() {
        artifacts.extend(parse_artifact(&line?));
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("`{}` failed ({status})", display(cmd));
    }
    Ok(artifacts)
}

/// The two kinds of test binaries, by what they need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Suite {
    /// Needs nothing: runs without network.
    Unit,
    /// `tests/integration/` and `tests/e2e/`: need the AWS-compatible endpoint.
    Integration,
}

impl Suite {
    pub(crate) fn of(target_name: &str) -> Self {
        match target_name {
            "integration" | "e2e" => Self::Integration,
            _ => Self::Unit,
        }
    }
}

/// A test harness to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TestBinary {
    pub(crate) target_name: String,
    pub(crate) executable: PathBuf,
    pub(crate) package_dir: PathBuf,
}

impl TestBinary {
    /// `crate-folder/target` for the progress lines.
    pub(crate) fn label(&self) -> String {
        let package = self.package_dir.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
        format!("{package}/{}", self.target_name)
    }
}

/// The test harnesses of one suite, in the order cargo built them.
pub(crate) fn test_binaries(artifacts: &[Artifact], suite: Suite) -> Vec<TestBinary> {
    artifacts
        .iter()
        .filter(|artifact| artifact.is_test && Suite::of(&artifact.target_name) == suite)
        .filter_map(|artifact| {
            Some(TestBinary {
                target_name: artifact.target_name.clone(),
                executable: artifact.executable.clone()?,
                package_dir: artifact.package_dir.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact_line(name: &str, kind: &str, test: bool, executable: Option<&str>) -> String {
        serde_json::json!({
            "reason": "compiler-artifact",
            "package_id": "path+file:///repo/crates/product-aws#0.1.0",
            "manifest_path": "/repo/crates/product-aws/Cargo.toml",
            "target": {"kind": [kind], "crate_types": [kind], "name": name, "src_path": "/x.rs"},
            "profile": {"test": test},
            "filenames": ["/repo/target/debug/deps/file"],
            "executable": executable,
            "fresh": true
        })
        .to_string()
    }

    fn artifacts() -> Vec<Artifact> {
        [
            artifact_line("product_aws", "lib", true, Some("/t/product_aws-1")),
            artifact_line("product_aws", "lib", false, None),
            artifact_line("integration", "test", true, Some("/t/integration-2")),
            artifact_line("e2e", "test", true, Some("/t/e2e-3")),
            artifact_line("properties", "test", true, Some("/t/properties-4")),
            artifact_line("create-product", "bin", false, Some("/t/create-product")),
        ]
        .iter()
        .filter_map(|line| parse_artifact(line))
        .collect()
    }

    fn names(binaries: &[TestBinary]) -> Vec<&str> {
        binaries.iter().map(|binary| binary.target_name.as_str()).collect()
    }

    #[test]
    fn integration_and_e2e_targets_need_the_endpoint_and_every_other_test_target_does_not() {
        let artifacts = artifacts();
        assert_eq!(names(&test_binaries(&artifacts, Suite::Unit)), ["product_aws", "properties"]);
        assert_eq!(names(&test_binaries(&artifacts, Suite::Integration)), ["integration", "e2e"]);
    }

    #[test]
    fn plain_binaries_built_for_integration_tests_are_not_run_as_tests() {
        let unit = test_binaries(&artifacts(), Suite::Unit);
        assert!(unit.iter().all(|binary| binary.target_name != "create-product"));
    }

    #[test]
    fn a_test_binary_runs_from_its_package_folder() {
        let unit = test_binaries(&artifacts(), Suite::Unit);
        assert_eq!(unit[0].package_dir, PathBuf::from("/repo/crates/product-aws"));
        assert_eq!(unit[0].label(), "product-aws/product_aws");
    }

    #[test]
    fn messages_other_than_artifacts_are_ignored() {
        assert_eq!(parse_artifact(r#"{"reason":"build-finished","success":true}"#), None);
        assert_eq!(parse_artifact("   Compiling xtask v0.1.0"), None);
    }
}
