//! Tests of `stack.rs`: the stack name, the deploy plan, the end-to-end suite's
//! settings and where credentials come from.

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
    assert!(shown[0].contains(
        "sam build --beta-features --template-file crates/product-lambdas/template.yaml"
    ));
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
    assert!(shown.iter().all(|cmd| !cmd.contains("list stack-outputs")), "{shown:#?}");
}

#[test]
fn deleting_runs_only_sams_delete() {
    let options = DeployOptions { stack: "pr-7".into(), delete: true, e2e: false };
    let shown: Vec<String> = plan(&project(), &options).iter().map(display).collect();
    assert_eq!(shown, ["SAM_CLI_TELEMETRY=0 sam delete --stack-name pr-7 --no-prompts"]);
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
