//! The command line: what each command and option parses to.

use super::*;
use test_steps::Step;

fn parse(args: &[&str]) -> Result<Command> {
    parse_args(&args.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>())
}

#[test]
fn deploy_needs_a_valid_stack_name_and_takes_delete() {
    let deploy = |stack: &str, delete, e2e| {
        Command::Deploy(stack::DeployOptions { stack: stack.into(), delete, e2e })
    };
    assert_eq!(
        parse(&["deploy", "--stack", "pr-3"]).unwrap(),
        deploy("pr-3", false, false)
    );
    assert_eq!(
        parse(&["deploy", "--delete", "--stack", "pr-3"]).unwrap(),
        deploy("pr-3", true, false)
    );
    assert_eq!(
        parse(&["deploy", "--stack", "pr-3", "--e2e"]).unwrap(),
        deploy("pr-3", false, true)
    );
    assert!(parse(&["deploy", "--stack", "pr-3", "--e2e", "--delete"]).is_err());
    assert!(parse(&["deploy"]).unwrap_err().to_string().contains("--stack NAME"));
    assert!(parse(&["deploy", "--stack"]).is_err());
    assert!(parse(&["deploy", "--stack", "PR_3"]).is_err());
    assert!(parse(&["deploy", "--stack", "pr-3", "--yes"]).is_err());
}

#[test]
fn bench_takes_its_flags_and_nothing_else() {
    assert_eq!(parse(&["bench"]).unwrap(), Command::Bench(bench::Options::default()));
    assert_eq!(
        parse(&["bench", "--no-run", "--lambdas"]).unwrap(),
        Command::Bench(bench::Options {
            lambdas: true,
            no_run: true,
            ..Default::default()
        })
    );
    let err = parse(&["bench", "--fast"]).unwrap_err().to_string();
    assert!(err.contains("unknown option `--fast` for `bench`"), "{err}");
    assert!(err.contains("Usage: cargo xtask"), "{err}");
}

#[test]
fn workshop_needs_the_prepare_flag() {
    assert_eq!(parse(&["workshop", "--prepare"]).unwrap(), Command::WorkshopPrepare);
    assert!(
        parse(&["workshop"])
            .unwrap_err()
            .to_string()
            .contains("`workshop` takes `--prepare`")
    );
    assert!(parse(&["workshop", "--prepare", "--offline"]).is_err());
}

#[test]
fn no_arguments_print_the_usage() {
    assert_eq!(parse(&[]).unwrap(), Command::Help);
}

#[test]
fn serve_listens_on_port_3000_unless_told_otherwise() {
    assert_eq!(parse(&["serve"]).unwrap(), Command::Serve { port: 3000, run: true });
    assert_eq!(
        parse(&["serve", "--port", "8080"]).unwrap(),
        Command::Serve { port: 8080, run: true }
    );
    assert_eq!(
        parse(&["serve", "--port=4000"]).unwrap(),
        Command::Serve { port: 4000, run: true }
    );
    let quiet = parse(&["serve", "--no-run", "--port", "8080"]).unwrap();
    assert_eq!(quiet, Command::Serve { port: 8080, run: false });
}

#[test]
fn a_port_that_is_not_a_number_is_rejected() {
    let err = parse(&["serve", "--port", "http"]).unwrap_err();
    assert!(err.to_string().contains("`http` is not a port number"), "{err}");
    assert!(parse(&["serve", "--port", "70000"]).is_err());
    assert!(parse(&["serve", "--port"]).is_err());
}

#[test]
fn test_without_steps_runs_every_step_in_order() {
    assert_eq!(parse(&["test"]).unwrap(), Command::Test { steps: Step::ALL.to_vec() });
}

#[test]
fn named_steps_run_in_the_canonical_order_once_each() {
    assert_eq!(
        parse(&["test", "typos", "fmt", "typos"]).unwrap(),
        Command::Test { steps: vec![Step::Fmt, Step::Typos] }
    );
}

#[test]
fn an_unknown_step_is_rejected_with_the_list_of_steps() {
    let err = parse(&["test", "bench-check"]).unwrap_err().to_string();
    assert!(err.contains("unknown test step `bench-check`"), "{err}");
    assert!(err.contains("integration"), "{err}");
}

#[test]
fn test_list_wins_over_step_names() {
    assert_eq!(parse(&["test", "fmt", "--list"]).unwrap(), Command::TestList);
}

#[test]
fn unknown_commands_and_options_are_rejected() {
    assert!(parse(&["deploy"]).is_err());
    assert!(parse(&["test", "--verbose"]).is_err());
    assert!(parse(&["build", "--release"]).is_err());
}

#[test]
fn instructions_compares_and_takes_update_to_rewrite_the_baseline() {
    assert_eq!(
        parse(&["instructions"]).unwrap(),
        Command::Instructions { update: false }
    );
    assert_eq!(
        parse(&["instructions", "--update"]).unwrap(),
        Command::Instructions { update: true }
    );
    assert!(parse(&["instructions", "--quick"]).is_err());
}
