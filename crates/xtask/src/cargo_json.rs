//! Cargo's JSON messages, read with `cargo_metadata`: which files a build produced, and
//! which test binaries belong to which test step (`integration` and `e2e` targets need
//! the AWS-compatible endpoint; every other one runs offline).

use std::{
    io::BufReader,
    path::PathBuf,
    process::{Command, Stdio},
};

use anyhow::{Context, Result, bail};
use cargo_metadata::{Artifact, Message};

use crate::util::display;

/// Runs a cargo command with `--message-format=json-render-diagnostics` added, showing
/// the compiler's diagnostics as usual, and returns the artifacts it reported.
pub(crate) fn build(cmd: &mut Command) -> Result<Vec<Artifact>> {
    cmd.arg("--message-format=json-render-diagnostics").stdout(Stdio::piped());
    println!("$ {}", display(cmd));
    let mut child =
        cmd.spawn().with_context(|| format!("could not start `{}`", display(cmd)))?;
    let stdout = child.stdout.take().context("cargo's stdout was not captured")?;
    let mut artifacts = Vec::new();
    for message in Message::parse_stream(BufReader::new(stdout)) {
        if let Message::CompilerArtifact(artifact) = message? {
            artifacts.push(artifact);
        }
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
    /// `tests/template/`: needs the template translated first (the `template` step).
    Template,
}

impl Suite {
    pub(crate) fn of(target_name: &str) -> Self {
        match target_name {
            "integration" | "e2e" => Self::Integration,
            "template" => Self::Template,
            _ => Self::Unit,
        }
    }
}

/// A test harness to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TestBinary {
    pub(crate) target_name: String,
    pub(crate) executable: PathBuf,
    /// The folder of the package's `Cargo.toml`; tests run from there as `cargo test`
    /// would.
    pub(crate) package_dir: PathBuf,
}

impl TestBinary {
    /// `crate-folder/target` for the progress lines.
    pub(crate) fn label(&self) -> String {
        let package = self
            .package_dir
            .file_name()
            .map(|name| name.to_string_lossy())
            .unwrap_or_default();
        format!("{package}/{}", self.target_name)
    }
}

/// The test harnesses of one suite, in the order cargo built them.
pub(crate) fn test_binaries(artifacts: &[Artifact], suite: Suite) -> Vec<TestBinary> {
    artifacts
        .iter()
        .filter(|artifact| {
            artifact.profile.test && Suite::of(&artifact.target.name) == suite
        })
        .filter_map(|artifact| {
            Some(TestBinary {
                target_name: artifact.target.name.clone(),
                executable: artifact.executable.clone()?.into(),
                package_dir: artifact.manifest_path.parent()?.into(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(
        name: &str,
        kind: &str,
        test: bool,
        executable: Option<&str>,
    ) -> Artifact {
        let message = serde_json::json!({
            "reason": "compiler-artifact",
            "package_id": "path+file:///repo/crates/product-aws#0.1.0",
            "manifest_path": "/repo/crates/product-aws/Cargo.toml",
            "target": {"kind": [kind], "crate_types": [kind], "name": name, "src_path": "/x.rs",
                       "edition": "2024", "doctest": false, "test": true},
            "profile": {"opt_level": "0", "debuginfo": 0, "debug_assertions": true, "overflow_checks": true,
                        "test": test},
            "features": [],
            "filenames": ["/repo/target/debug/deps/file"],
            "executable": executable,
            "fresh": true
        });
        match serde_json::from_value(message).unwrap() {
            Message::CompilerArtifact(artifact) => artifact,
            other => panic!("not an artifact: {other:?}"),
        }
    }

    fn artifacts() -> Vec<Artifact> {
        vec![
            artifact("product_aws", "lib", true, Some("/t/product_aws-1")),
            artifact("product_aws", "lib", false, None),
            artifact("integration", "test", true, Some("/t/integration-2")),
            artifact("e2e", "test", true, Some("/t/e2e-3")),
            artifact("properties", "test", true, Some("/t/properties-4")),
            artifact("create-product", "bin", false, Some("/t/create-product")),
        ]
    }

    fn names(binaries: &[TestBinary]) -> Vec<&str> {
        binaries.iter().map(|binary| binary.target_name.as_str()).collect()
    }

    #[test]
    fn integration_and_e2e_targets_need_the_endpoint_and_every_other_test_target_does_not()
     {
        let artifacts = artifacts();
        assert_eq!(
            names(&test_binaries(&artifacts, Suite::Unit)),
            ["product_aws", "properties"]
        );
        assert_eq!(
            names(&test_binaries(&artifacts, Suite::Integration)),
            ["integration", "e2e"]
        );
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
        let stream = "{\"reason\":\"build-finished\",\"success\":true}\n   Compiling xtask v0.1.0\n";
        let messages: Vec<Message> =
            Message::parse_stream(stream.as_bytes()).collect::<Result<_, _>>().unwrap();
        assert!(
            messages
                .iter()
                .all(|message| !matches!(message, Message::CompilerArtifact(_))),
            "{messages:?}"
        );
    }
}
