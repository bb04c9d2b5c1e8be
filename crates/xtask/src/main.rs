//! `cargo xtask`: the one entry point that builds the site, serves it while you write,
//! and runs every test.
//!
//! A developer and CI run exactly the same code: `.ci/run` only installs system packages
//! and then calls `cargo xtask test`. Tools are installed on first use into
//! `$PSR_TOOLS_DIR` (see `tools.rs`).

mod bench;
mod book_commands;
mod book_limits;
mod book_sources;
mod cargo_json;
mod csp;
mod figures;
mod fuzz;
mod measurements;
mod page_ready;
mod project;
mod serve;
mod site;
mod site_check;
mod stack;
mod test_steps;
mod tools;
mod util;
mod vendored;
mod workshop;

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use project::Project;

const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  build                 build the book and the playground into target/site/
  serve [--port PORT]   build, serve target/site/ on http://127.0.0.1:PORT (default 3000), rebuild on change
  test [STEP...]        run every test step, or only the named ones
  test --list           list the test steps
  fuzz [TARGET] [--time S]
                        run the fuzz targets of crates/fuzz (cargo-fuzz on a pinned nightly, both
                        installed when missing), or only TARGET, for S seconds each (default 60);
                        failing inputs go to target/fuzz/artifacts/TARGET/
  bench [--lambdas] [--no-run]
                        run the benchmarks (criterion, page bundle sizes) and write the book's table,
                        src/part3/measurements.md; --lambdas adds the release Lambda binaries (sizes,
                        cold start; a long LTO build); --no-run runs no benchmark and re-reads the results
                        on disk (listing the benchmarks builds them if they are out of date)
  deploy --stack NAME [--e2e | --delete]
                        build the arm64 Lambda binaries and deploy the SAM stack NAME (its Stage),
                        with --e2e then run the end-to-end suite against it, or with --delete remove
                        it; needs AWS credentials, installs the SAM CLI and cargo-lambda
  workshop --prepare    fetch and build everything the workshop's attendees run (crates, exercises,
                        the book, its tools), so that the session needs no network; says what it took
  help                  print this message

Environment:
  PSR_FIGURES_DIR       where `fuzz` writes fuzz.json (default: target/xtask/figures)
  PSR_TOOLS_DIR         where tools are installed, one folder per tool and version
                        (default: <repository>/target/tools)
  CI=true               a missing tool or browser is a failure, never a skip";

fn main() -> ExitCode {
    match try_main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn try_main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse_args(&args)? {
        Command::Help => println!("{USAGE}"),
        Command::Build => site::build(&Project::locate()?)?,
        Command::Serve { port } => serve::serve(&Project::locate()?, port)?,
        Command::TestList => test_steps::print_list(),
        Command::Test { steps } => test_steps::run_steps(&Project::locate()?, &steps)?,
        Command::Bench(options) => bench::bench(&Project::locate()?, options)?,
        Command::Fuzz(options) => fuzz::fuzz(&Project::locate()?, &options)?,
        Command::Deploy(options) => stack::deploy(&Project::locate()?, &options)?,
        Command::WorkshopPrepare => workshop::prepare(&Project::locate()?)?,
    }
    Ok(())
}

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Help,
    Build,
    Serve { port: u16 },
    TestList,
    Test { steps: Vec<test_steps::Step> },
    Bench(bench::Options),
    Fuzz(fuzz::Options),
    Deploy(stack::DeployOptions),
    WorkshopPrepare,
}

const DEFAULT_PORT: u16 = 3000;

fn parse_args(args: &[String]) -> Result<Command> {
    let Some((command, rest)) = args.split_first() else {
        return Ok(Command::Help);
    };
    match command.as_str() {
        "help" | "--help" | "-h" => Ok(Command::Help),
        "build" => {
            if let Some(extra) = rest.first() {
                bail!("`build` takes no arguments, got `{extra}`\n\n{USAGE}");
            }
            Ok(Command::Build)
        }
        "serve" => Ok(Command::Serve { port: parse_port(rest)? }),
        "test" => {
            if rest.iter().any(|arg| arg == "--list") {
                return Ok(Command::TestList);
            }
            if let Some(flag) = rest.iter().find(|arg| arg.starts_with('-')) {
                bail!("unknown option `{flag}` for `test`\n\n{USAGE}");
            }
            Ok(Command::Test { steps: test_steps::select(rest)? })
        }
        "bench" => {
            let mut options = bench::Options::default();
            for arg in rest {
                match arg.as_str() {
                    "--lambdas" => options.lambdas = true,
                    "--no-run" => options.no_run = true,
                    other => bail!("unknown option `{other}` for `bench`\n\n{USAGE}"),
                }
            }
            Ok(Command::Bench(options))
        }
        "fuzz" => Ok(Command::Fuzz(fuzz::Options::parse(rest)?)),
        "deploy" => parse_deploy(rest),
        "workshop" => match rest {
            [flag] if flag == "--prepare" => Ok(Command::WorkshopPrepare),
            _ => {
                bail!("`workshop` takes `--prepare`, got `{}`\n\n{USAGE}", rest.join(" "))
            }
        },
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

fn parse_deploy(args: &[String]) -> Result<Command> {
    let (mut stack, mut delete, mut e2e) = (None, false, false);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--delete" => delete = true,
            "--e2e" => e2e = true,
            "--stack" => stack = Some(args.next().context("`--stack` needs a name")?),
            other => bail!("unknown option `{other}` for `deploy`\n\n{USAGE}"),
        }
    }
    let stack =
        stack.context("`deploy` needs `--stack NAME`: the stack to deploy or delete")?;
    if delete && e2e {
        bail!("`--e2e` tests a deployed stack; it cannot go with `--delete`");
    }
    Ok(Command::Deploy(stack::DeployOptions {
        stack: stack::stack_name(stack)?,
        delete,
        e2e,
    }))
}

fn parse_port(args: &[String]) -> Result<u16> {
    let value = match args {
        [] => return Ok(DEFAULT_PORT),
        [flag, value] if flag == "--port" => Some(value.as_str()),
        [flag] => flag.strip_prefix("--port="),
        _ => None,
    };
    let Some(value) = value else {
        bail!("`serve` takes only `--port PORT`, got `{}`\n\n{USAGE}", args.join(" "));
    };
    value.parse().with_context(|| format!("`{value}` is not a port number (1 to 65535)"))
}

#[cfg(test)]
mod tests {
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
    fn bench_takes_its_two_flags_and_nothing_else() {
        assert_eq!(parse(&["bench"]).unwrap(), Command::Bench(bench::Options::default()));
        assert_eq!(
            parse(&["bench", "--no-run", "--lambdas"]).unwrap(),
            Command::Bench(bench::Options { lambdas: true, no_run: true })
        );
        assert!(parse(&["bench", "--quick"]).is_err());
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
        assert_eq!(parse(&["serve"]).unwrap(), Command::Serve { port: 3000 });
        assert_eq!(
            parse(&["serve", "--port", "8080"]).unwrap(),
            Command::Serve { port: 8080 }
        );
        assert_eq!(
            parse(&["serve", "--port=4000"]).unwrap(),
            Command::Serve { port: 4000 }
        );
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
        assert_eq!(
            parse(&["test"]).unwrap(),
            Command::Test { steps: Step::ALL.to_vec() }
        );
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
}
