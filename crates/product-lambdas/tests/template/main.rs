//! The SAM template, checked offline: `cargo xtask test template` lints it with cfn-lint,
//! translates it with aws-sam-translator (the library SAM itself uses) and runs this
//! suite on the CloudFormation it generates, named by `PSR_TRANSLATED_TEMPLATE`.
//!
//! The suite asserts what moto server cannot: the event source mapping's safety settings,
//! least privilege, each function's environment against what its binary reads, and the
//! routes.

mod check;

use product_aws::testing::TableDefinition;
use product_lambdas::settings;
use serde_json::{Value, json};

use self::check::{Variables, problems, resources};

/// The translated template; the suite fails, rather than skips, without it.
fn translated() -> Value {
    let path = std::env::var("PSR_TRANSLATED_TEMPLATE").unwrap_or_default();
    assert!(
        !path.is_empty(),
        "PSR_TRANSLATED_TEMPLATE names no file: run `cargo xtask test template`, which translates the template first"
    );
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {path}: {error}"));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{path} is not JSON: {error}"))
}

/// The variables each binary reads, found by running the binaries' own settings code.
fn variables() -> Variables {
    settings::BINARIES
        .into_iter()
        .map(|binary| {
            (binary, settings::variables_read(binary).expect("one of the binaries"))
        })
        .collect()
}

#[test]
fn the_template_passes_every_check() {
    assert_eq!(problems(&translated(), &variables()), Vec::<String>::new());
}

#[test]
fn a_mapping_without_report_batch_item_failures_fails_the_check() {
    let mut template = translated();
    let (id, _) = resources(&template, "AWS::Lambda::EventSourceMapping")[0];
    let id = id.to_owned();
    template["Resources"][&id]["Properties"]["FunctionResponseTypes"] = json!([]);
    let found = problems(&template, &variables());
    assert!(
        found.iter().any(|problem| problem.contains("ReportBatchItemFailures")),
        "{found:?}"
    );
}

#[test]
fn a_mapping_that_neither_bisects_nor_bounds_its_retries_fails_the_check() {
    let mut template = translated();
    let (id, _) = resources(&template, "AWS::Lambda::EventSourceMapping")[0];
    let id = id.to_owned();
    let properties =
        template["Resources"][&id]["Properties"].as_object_mut().expect("properties");
    for setting in [
        "BisectBatchOnFunctionError",
        "MaximumRetryAttempts",
        "MaximumRecordAgeInSeconds",
        "DestinationConfig",
    ] {
        properties.remove(setting);
    }
    let found = problems(&template, &variables());
    assert_eq!(found.len(), 4, "{found:?}");
}

#[test]
fn a_wildcard_action_or_resource_fails_the_check() {
    for (field, value) in [("Action", "dynamodb:*"), ("Action", "*"), ("Resource", "*")] {
        let mut template = translated();
        let (id, _) = resources(&template, "AWS::IAM::Role")[0];
        let id = id.to_owned();
        template["Resources"][&id]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
            [0][field] = json!(value);
        let found = problems(&template, &variables());
        assert!(
            found.iter().any(|problem| problem.contains("wildcard")),
            "{field} {value}: {found:?}"
        );
    }
}

#[test]
fn a_function_missing_a_variable_its_binary_reads_fails_the_check() {
    let mut template = translated();
    let variables_of = |template: &Value, binary: &str| {
        resources(template, "AWS::Lambda::Function")
            .into_iter()
            .find(|(_, function)| {
                function["Metadata"]["BuildProperties"]["Binary"] == binary
            })
            .map(|(id, _)| id.to_owned())
            .expect("a function runs the binary")
    };
    let id = variables_of(&template, "process-stream");
    template["Resources"][&id]["Properties"]["Environment"]["Variables"]
        .as_object_mut()
        .expect("variables")
        .remove("EVENT_SOURCE");
    let found = problems(&template, &variables());
    assert_eq!(
        found,
        [format!(
            "{id}: process-stream reads EVENT_SOURCE, which the template does not set"
        )]
    );
}

#[test]
fn a_stream_function_that_times_out_within_its_deadline_margin_fails_the_check() {
    let mut template = translated();
    let (id, _) = resources(&template, "AWS::Lambda::Function")
        .into_iter()
        .find(|(_, function)| {
            function["Metadata"]["BuildProperties"]["Binary"] == "process-stream"
        })
        .expect("the stream function");
    let id = id.to_owned();
    template["Resources"][&id]["Properties"]["Timeout"] = json!(5);
    assert_eq!(
        problems(&template, &variables()),
        [format!("{id}: a Timeout of 5 s is not longer than the 18 s it needs")]
    );
}

#[test]
fn a_variable_no_binary_reads_fails_the_check() {
    let mut template = translated();
    let (id, _) = resources(&template, "AWS::Lambda::Function")[0];
    let id = id.to_owned();
    template["Resources"][&id]["Properties"]["Environment"]["Variables"]["DEBUG"] =
        json!("1");
    let found = problems(&template, &variables());
    assert!(found.iter().any(|problem| problem.contains("DEBUG")), "{found:?}");
}

#[test]
fn each_route_invokes_the_binary_that_serves_it() {
    let template = translated();
    let (_, api) = resources(&template, "AWS::ApiGateway::RestApi")[0];
    let paths = &api["Properties"]["Body"]["paths"];
    let routes = [
        ("/api/product/{product_id}", "put", "create-product"),
        ("/api/product/{product_id}", "get", "get-product"),
        ("/api/product/{product_id}", "delete", "delete-product"),
        ("/api/products", "get", "list-products"),
    ];
    let mut served = 0;
    for (path, method, binary) in routes {
        let uri =
            paths[path][method]["x-amazon-apigateway-integration"]["uri"]["Fn::Sub"]
                .to_string();
        let function = resources(&template, "AWS::Lambda::Function")
            .into_iter()
            .find(|(id, _)| uri.contains(&format!("${{{id}.Arn}}")))
            .unwrap_or_else(|| {
                panic!("{method} {path} invokes no function of the stack: {uri}")
            });
        assert_eq!(
            function.1["Metadata"]["BuildProperties"]["Binary"], binary,
            "{method} {path}"
        );
        served += 1;
    }
    let methods: usize = paths
        .as_object()
        .map(|paths| paths.values().filter_map(Value::as_object).map(|m| m.len()).sum())
        .unwrap_or(0);
    assert_eq!(
        (served, methods),
        (4, 4),
        "the API has exactly the four routes of the contract"
    );
}

#[test]
fn every_name_carries_the_stage() {
    let template = translated();
    let named = [
        ("AWS::DynamoDB::Table", "TableName"),
        ("AWS::Events::EventBus", "Name"),
        ("AWS::SQS::Queue", "QueueName"),
        ("AWS::Lambda::Function", "FunctionName"),
        ("AWS::Logs::LogGroup", "LogGroupName"),
        ("AWS::ApiGateway::RestApi", "Name"),
    ];
    for (kind, property) in named {
        for (id, resource) in resources(&template, kind) {
            let name =
                resource["Properties"][property]["Fn::Sub"].as_str().unwrap_or_default();
            assert!(
                name.contains("${Stage}"),
                "{id}: its {property} does not carry the stage: {name:?}"
            );
        }
    }
}

#[test]
fn the_deployed_table_is_the_one_the_tests_create() {
    let template = translated();
    let (_, table) = resources(&template, "AWS::DynamoDB::Table")[0];
    let deployed = TableDefinition::from_properties(&table["Properties"])
        .expect("the table's definition");
    assert_eq!(deployed, TableDefinition::from_template().expect("the template's table"));
}
