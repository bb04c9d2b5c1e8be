//! The service's stack: where its SAM template lives, and `cargo xtask deploy`, which
//! builds the arm64 binaries with the SAM CLI and cargo-lambda, deploys (or deletes) one
//! stack per branch, and can run the end-to-end suite against the stack it deployed.

use std::{env, path::Path, process::Command};

use anyhow::{Context as _, Result, bail};
use serde_json::Value;

use crate::{
    project::Project,
    util::{display, path_with, run},
};

/// The SAM template of the whole service.
pub(crate) const TEMPLATE: &str = "crates/product-lambdas/template.yaml";
/// The script that translates the template offline with aws-sam-translator.
pub(crate) const TRANSLATE: &str = "crates/product-lambdas/infra/translate.py";
/// What the functions run on: `provided.al2023` on arm64.
pub(crate) const LAMBDA_TARGET: &str = "aarch64-unknown-linux-gnu";

/// What `cargo xtask deploy` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeployOptions {
    /// The stack's name, which is also its `Stage` (part of every resource name).
    pub(crate) stack: String,
    /// Remove the stack instead of deploying it.
    pub(crate) delete: bool,
    /// After deploying, run the end-to-end suite against the stack.
    pub(crate) e2e: bool,
}

/// A stack name the template's `Stage` parameter accepts: 1 to 20 of `[a-z0-9-]`, not
/// starting with `-`.
pub(crate) fn stack_name(name: &str) -> Result<String> {
    let valid = (1..=20).contains(&name.len())
        && !name.starts_with('-')
        && name.bytes().all(|byte| {
            byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-'
        });
    if !valid {
        bail!(
            "`{name}` cannot name a stack: use 1 to 20 lower-case letters, digits or hyphens, not starting with a hyphen"
        );
    }
    Ok(name.to_owned())
}

/// Where the SDKs and the SAM CLI would find credentials, or `None` when nothing provides
/// any.
fn credentials_source(
    var: impl Fn(&str) -> Option<String>,
    home: Option<&Path>,
) -> Option<String> {
    let set = |name: &str| var(name).is_some_and(|value| !value.is_empty());
    let from_env = [
        "AWS_ACCESS_KEY_ID",
        "AWS_PROFILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ];
    if let Some(name) = from_env
        .into_iter()
        .chain(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"])
        .find(|name| set(name))
    {
        return Some(format!("the environment variable {name}"));
    }
    let files =
        home.map(|home| [home.join(".aws/credentials"), home.join(".aws/config")]);
    files
        .into_iter()
        .flatten()
        .find(|file| file.is_file())
        .map(|file| file.display().to_string())
}

/// The commands `deploy` runs, in order, from the workspace root.
fn plan(project: &Project, options: &DeployOptions) -> Vec<Command> {
    let stack = &options.stack;
    let sam = |args: &[&str]| {
        let mut cmd = Command::new("sam");
        cmd.args(args).current_dir(&project.root).env("SAM_CLI_TELEMETRY", "0");
        cmd
    };
    if options.delete {
        return vec![sam(&["delete", "--stack-name", stack, "--no-prompts"])];
    }
    let build_dir = project.target.join("sam").join(stack);
    let build_dir = build_dir.to_string_lossy();
    let built = format!("{build_dir}/template.yaml");
    let stage = format!("Stage={stack}");
    let mut commands = vec![
        // Rust through cargo-lambda is a SAM CLI beta feature, enabled by this flag.
        sam(&[
            "build",
            "--beta-features",
            "--template-file",
            TEMPLATE,
            "--build-dir",
            &build_dir,
        ]),
        sam(&[
            "deploy",
            "--template-file",
            &built,
            "--stack-name",
            stack,
            "--parameter-overrides",
            &stage,
            "--capabilities",
            "CAPABILITY_IAM",
            "--resolve-s3",
            "--no-confirm-changeset",
            "--no-fail-on-empty-changeset",
        ]),
    ];
    // With `--e2e` the outputs are read once, by the suite's set-up, and printed there.
    if !options.e2e {
        commands.push(sam(&[
            "list",
            "stack-outputs",
            "--stack-name",
            stack,
            "--output",
            "json",
        ]));
    }
    commands
}

/// `cargo xtask deploy [--delete] --stack NAME`.
pub(crate) fn deploy(project: &Project, options: &DeployOptions) -> Result<()> {
    let home = env::var_os("HOME").map(std::path::PathBuf::from);
    let Some(source) = credentials_source(|name| env::var(name).ok(), home.as_deref())
    else {
        bail!(
            "no AWS credentials: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run \
             `aws configure`; nothing was built or deployed"
        );
    };
    println!("AWS credentials from {source}");
    let path = path_with(&[project.tools.sam_cli()?, project.tools.cargo_lambda()?])?;
    if !options.delete {
        project.tools.rust_target(LAMBDA_TARGET)?;
    }
    let mut commands = plan(project, options);
    println!("will run, from {}:", project.root.display());
    for cmd in &commands {
        println!("  {}", display(cmd));
    }
    for cmd in &mut commands {
        run(cmd.env("PATH", &path))?;
    }
    if options.e2e {
        let outputs = sam_outputs(project, &options.stack, &path)?;
        println!("stack outputs: {outputs:#}");
        run(&mut e2e_suite(&outputs)?)?;
    }
    Ok(())
}

/// The stack's outputs, by key, as `sam list stack-outputs` gives them.
fn sam_outputs(project: &Project, stack: &str, path: &std::ffi::OsStr) -> Result<Value> {
    let output = Command::new("sam")
        .args(["list", "stack-outputs", "--stack-name", stack, "--output", "json"])
        .current_dir(&project.root)
        .env("SAM_CLI_TELEMETRY", "0")
        .env("PATH", path)
        .output()
        .context("could not run `sam list stack-outputs`")?;
    if !output.status.success() {
        bail!(
            "`sam list stack-outputs` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    serde_json::from_slice(&output.stdout)
        .context("`sam list stack-outputs` printed no JSON")
}

// ANCHOR: e2e_suite
/// The end-to-end suite against the deployed stack whose outputs are `outputs` (a list of
/// `{"OutputKey", "OutputValue"}`): the same tests `cargo xtask test` runs against moto
/// server.
fn e2e_suite(outputs: &Value) -> Result<Command> {
    let output = |key: &str| {
        outputs
            .as_array()
            .into_iter()
            .flatten()
            .find(|output| output["OutputKey"] == key)
            .and_then(|output| output["OutputValue"].as_str())
            .with_context(|| format!("the stack has no output {key}"))
    };
    let mut cmd = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(["test", "-p", "product-lambdas", "--test", "e2e"])
        .env("PSR_AWS_ENDPOINT", "aws")
        .env("PSR_E2E_TARGET", "aws")
        .env("PSR_E2E_API_URL", output("ApiUrl")?)
        .env("PSR_E2E_EVENT_BUS", output("EventBusName")?)
        .env("PSR_E2E_EVENT_SOURCE", output("EventSource")?);
    Ok(cmd)
}
// ANCHOR_END: e2e_suite

#[cfg(test)]
mod tests;
