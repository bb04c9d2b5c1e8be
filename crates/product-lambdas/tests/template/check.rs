//! The checks the translated template must pass, as a function from the template to its
//! problems.
//!
//! Each check reads the CloudFormation that SAM generates (not the SAM short forms),
//! because that is what CloudFormation deploys: a setting SAM drops or renames would be
//! caught here.

use std::collections::{BTreeMap, BTreeSet};

use product_aws::config::OPERATION_TIMEOUT;
use product_lambdas::stream::DEADLINE_MARGIN;
use serde_json::Value;

/// What the template must give each function, by binary name: the variables the binary
/// reads.
pub(crate) type Variables = BTreeMap<&'static str, BTreeSet<&'static str>>;

/// Every problem of the translated template `template`, empty when it passes.
pub(crate) fn problems(template: &Value, variables: &Variables) -> Vec<String> {
    let mut problems = Vec::new();
    stream_mapping(template, &mut problems);
    policies(template, &mut problems);
    function_variables(template, variables, &mut problems);
    function_timeouts(template, &mut problems);
    problems
}

/// The resources of type `kind`, by logical id.
pub(crate) fn resources<'a>(
    template: &'a Value,
    kind: &str,
) -> Vec<(&'a str, &'a Value)> {
    let Some(resources) = template["Resources"].as_object() else {
        return Vec::new();
    };
    resources
        .iter()
        .filter(|(_, resource)| resource["Type"] == kind)
        .map(|(id, r)| (id.as_str(), r))
        .collect()
}

// ANCHOR: stream_mapping
/// The stream's event source mapping reports partial failures, bisects, retries a bounded
/// number of times for a bounded age, and sends what it gives up on to a queue.
fn stream_mapping(template: &Value, problems: &mut Vec<String>) {
    let mappings = resources(template, "AWS::Lambda::EventSourceMapping");
    if mappings.len() != 1 {
        problems.push(format!(
            "expected one event source mapping (the table's stream), found {}",
            mappings.len()
        ));
    }
    for (id, mapping) in mappings {
        let properties = &mapping["Properties"];
        let reports =
            properties["FunctionResponseTypes"].as_array().is_some_and(|types| {
                types.iter().any(|kind| kind == "ReportBatchItemFailures")
            });
        if !reports {
            problems.push(format!(
                "{id}: FunctionResponseTypes lacks ReportBatchItemFailures, \
                 so Lambda ignores the partial batch response"
            ));
        }
        if properties["BisectBatchOnFunctionError"] != true {
            problems.push(format!("{id}: BisectBatchOnFunctionError is not true"));
        }
        match properties["MaximumRetryAttempts"].as_i64() {
            Some(0..=10) => {}
            other => problems.push(format!(
                "{id}: MaximumRetryAttempts must be between 0 and 10, not {other:?}"
            )),
        }
        match properties["MaximumRecordAgeInSeconds"].as_i64() {
            Some(60..=21_600) => {}
            other => problems.push(format!(
                "{id}: MaximumRecordAgeInSeconds must be 60 to 21600, not {other:?}"
            )),
        }
        let destination = &properties["DestinationConfig"]["OnFailure"]["Destination"];
        let to_queue = destination["Fn::GetAtt"]
            .as_array()
            .and_then(|target| target.first())
            .and_then(Value::as_str)
            .is_some_and(|target| {
                template["Resources"][target]["Type"] == "AWS::SQS::Queue"
            });
        if !to_queue {
            problems.push(format!(
                "{id}: no SQS queue of this stack as the on-failure destination"
            ));
        }
    }
}
// ANCHOR_END: stream_mapping

// ANCHOR: policies
/// No IAM policy of the stack allows every action of a service, or any action on every
/// resource.
fn policies(template: &Value, problems: &mut Vec<String>) {
    for (id, role) in resources(template, "AWS::IAM::Role") {
        if role["Properties"]["ManagedPolicyArns"]
            .as_array()
            .is_some_and(|arns| !arns.is_empty())
        {
            problems.push(format!(
                "{id}: a managed policy is attached; write the role's statements out"
            ));
        }
        let policies = role["Properties"]["Policies"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        for policy in policies {
            let statements = &policy["PolicyDocument"]["Statement"];
            for statement in statements
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or(std::slice::from_ref(statements))
            {
                for action in one_or_many(&statement["Action"]) {
                    if action.as_str().is_none_or(|action| action.contains('*')) {
                        problems.push(format!("{id}: the action {action} is a wildcard"));
                    }
                }
                for resource in one_or_many(&statement["Resource"]) {
                    if resource.as_str().is_some_and(|resource| resource.contains('*')) {
                        problems
                            .push(format!("{id}: the resource {resource} is a wildcard"));
                    }
                }
                if statement.get("NotAction").is_some()
                    || statement.get("NotResource").is_some()
                {
                    let why =
                        "NotAction and NotResource allow everything they do not name";
                    problems.push(format!("{id}: {why}"));
                }
            }
        }
    }
}
// ANCHOR_END: policies

/// A policy field that may be a single value or a list.
fn one_or_many(value: &Value) -> &[Value] {
    match value {
        Value::Array(values) => values,
        Value::Null => &[],
        single => std::slice::from_ref(single),
    }
}

/// Each function is one of the binaries, and its environment is exactly what that binary
/// reads.
fn function_variables(
    template: &Value,
    variables: &Variables,
    problems: &mut Vec<String>,
) {
    let mut seen = BTreeSet::new();
    for (id, function) in resources(template, "AWS::Lambda::Function") {
        let Some(binary) = function["Metadata"]["BuildProperties"]["Binary"].as_str()
        else {
            problems.push(format!(
                "{id}: no BuildProperties.Binary names the binary it runs"
            ));
            continue;
        };
        let Some(reads) = variables.get(binary) else {
            problems
                .push(format!("{id}: runs {binary}, which is not one of the binaries"));
            continue;
        };
        seen.insert(binary);
        let given: BTreeSet<&str> = function["Properties"]["Environment"]["Variables"]
            .as_object()
            .map(|variables| variables.keys().map(String::as_str).collect())
            .unwrap_or_default();
        for missing in reads.iter().filter(|name| !given.contains(*name)) {
            problems.push(format!(
                "{id}: {binary} reads {missing}, which the template does not set"
            ));
        }
        for extra in given.iter().filter(|name| !reads.contains(*name)) {
            problems.push(format!(
                "{id}: the template sets {extra}, which {binary} does not read"
            ));
        }
    }
    for binary in variables.keys().filter(|binary| !seen.contains(*binary)) {
        problems.push(format!("no function runs {binary}"));
    }
}

// ANCHOR: function_timeouts
/// Each function outlives the calls it makes: its timeout is longer than one SDK call may
/// take, and the stream processor's leaves at least as much time to work as it keeps in
/// reserve for its answer (`DEADLINE_MARGIN`), so that it stops sending before Lambda
/// stops it.
fn function_timeouts(template: &Value, problems: &mut Vec<String>) {
    for (id, function) in resources(template, "AWS::Lambda::Function") {
        let Some(seconds) = function["Properties"]["Timeout"].as_u64() else {
            problems
                .push(format!("{id}: no Timeout, so Lambda's default of 3 s applies"));
            continue;
        };
        let binary = function["Metadata"]["BuildProperties"]["Binary"]
            .as_str()
            .unwrap_or_default();
        let needed = if binary == "process-stream" {
            DEADLINE_MARGIN * 2
        } else {
            OPERATION_TIMEOUT
        };
        if seconds <= needed.as_secs() {
            problems.push(format!(
                "{id}: a Timeout of {seconds} s is not longer than the {} s it needs",
                needed.as_secs()
            ));
        }
    }
}
// ANCHOR_END: function_timeouts
