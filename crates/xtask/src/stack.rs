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
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn project() -> Project {
        Project::at(PathBuf::from("/repo"), PathBuf::from("/repo/target"))
    }

    #[test]
    fn a_stack_name_is_what_the_templates_stage_parameter_accepts() {
        for good in ["main", "pr-12", "dev-alice", "a", "abcdefghij0123456789"] {
            assert_eq!(stack_name(good).unwrap(), good);
        }
        for bad in ["", "-x", "Main", "dev_alice", "abcdefghij0123456789x", "dev alice"] {
            assert!(stack_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn deploying_builds_then_deploys_the_stack_with_its_stage_then_prints_its_outputs() {
        let options = DeployOptions { stack: "pr-7".into(), delete: false, e2e: false };
        let shown: Vec<String> = plan(&project(), &options).iter().map(display).collect();
        assert_eq!(shown.len(), 3, "{shown:#?}");
        assert!(shown[0].contains("sam build --beta-features --template-file crates/product-lambdas/template.yaml"));
        assert!(
            shown[1].contains("--stack-name pr-7 --parameter-overrides Stage=pr-7"),
            "{}",
            shown[1]
        );
        assert!(shown[1].contains("/repo/target/sam/pr-7/template.yaml"), "{}", shown[1]);
        assert!(shown[2].contains("sam list stack-outputs --stack-name pr-7"));

        // With the suite to follow, the outputs are listed once, by the suite's set-up.
        let e2e = DeployOptions { e2e: true, ..options };
        let shown: Vec<String> = plan(&project(), &e2e).iter().map(display).collect();
        assert_eq!(shown.len(), 2, "{shown:#?}");
        assert!(
            shown.iter().all(|cmd| !cmd.contains("list stack-outputs")),
            "{shown:#?}"
        );
    }

    #[test]
    fn deleting_runs_only_sams_delete() {
        let options = DeployOptions { stack: "pr-7".into(), delete: true, e2e: false };
        let shown: Vec<String> = plan(&project(), &options).iter().map(display).collect();
        assert_eq!(
            shown,
            ["SAM_CLI_TELEMETRY=0 sam delete --stack-name pr-7 --no-prompts"]
        );
    }

    #[test]
    fn the_end_to_end_suite_runs_against_the_stacks_outputs() {
        let outputs = serde_json::json!([
            {"OutputKey": "ApiUrl", "OutputValue": "https://abc.execute-api.eu-west-1.amazonaws.com/prod"},
            {"OutputKey": "EventBusName", "OutputValue": "products-pr-7-events"},
            {"OutputKey": "EventSource", "OutputValue": "myorg.product.product_notification"},
        ]);
        let shown = display(&e2e_suite(&outputs).unwrap());
        assert!(shown.contains("PSR_E2E_TARGET=aws"), "{shown}");
        assert!(
            shown.contains(
                "PSR_E2E_API_URL=https://abc.execute-api.eu-west-1.amazonaws.com/prod"
            ),
            "{shown}"
        );
        assert!(shown.contains("PSR_E2E_EVENT_BUS=products-pr-7-events"), "{shown}");
        assert!(shown.ends_with("test -p product-lambdas --test e2e"), "{shown}");
        let missing = e2e_suite(&serde_json::json!([])).unwrap_err();
        assert_eq!(missing.to_string(), "the stack has no output ApiUrl");
    }

    #[test]
    fn credentials_come_from_the_environment_or_the_aws_folder_and_otherwise_deploy_refuses()
     {
        let none = |_: &str| None;
        assert_eq!(credentials_source(none, None), None);
        let profile = |name: &str| (name == "AWS_PROFILE").then(|| "dev".to_owned());
        assert_eq!(
            credentials_source(profile, None).as_deref(),
            Some("the environment variable AWS_PROFILE")
        );
        let empty = |name: &str| (name == "AWS_ACCESS_KEY_ID").then(String::new);
        assert_eq!(credentials_source(empty, None), None);
        let home = env::temp_dir().join(format!("xtask-home-{}", std::process::id()));
        std::fs::create_dir_all(home.join(".aws")).unwrap();
        assert_eq!(credentials_source(none, Some(&home)), None);
        std::fs::write(home.join(".aws/config"), "[default]\n").unwrap();
        assert!(credentials_source(none, Some(&home)).unwrap().ends_with(".aws/config"));
        std::fs::remove_dir_all(&home).unwrap();
    }
}
