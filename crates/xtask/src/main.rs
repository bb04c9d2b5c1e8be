//! `cargo xtask`: the one entry point that builds the site, serves it while you write,
//! and runs every test.
//!
//! A developer and CI run exactly the same code: `.ci/run` only installs system packages
//! and then calls `cargo xtask test`. Tools are installed on first use into
//! `$PSR_TOOLS_DIR` (see `tools.rs`).

mod bench;
mod book;
mod book_commands;
mod book_limits;
mod book_sources;
mod cargo_json;
mod csp;
mod figures;
mod fuzz;
mod instructions;
mod measurements;
mod project;
mod serve;
mod site;
mod site_check;
mod snippets;
mod stack;
mod test_steps;
mod timings;
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
  serve [--port PORT] [--no-run]
                        build, serve target/site/ on http://127.0.0.1:PORT (default 3000), rebuild on
                        change; the pages' Run buttons build and run snippets unless --no-run
  test [STEP...]        run every test step, or only the named ones
  test --list           list the test steps
  fuzz [TARGET] [--time S]
                        run the fuzz targets of crates/fuzz (cargo-fuzz on a pinned nightly, both
                        installed when missing), or only TARGET, for S seconds each (default 60);
                        failing inputs go to target/fuzz/artifacts/TARGET/
  bench [--lambdas] [--no-run] | bench --quick | bench --cold-start | bench --binaries
                        run the benchmarks (criterion, the Python reference on the same inputs, page
                        bundle sizes) and write the book's table, src/part3/measurements.md; --lambdas
                        adds the release Lambda binaries (build time, sizes, cold start); --no-run
                        runs no benchmark and re-reads the results on disk (listing the benchmarks
                        builds them if they are out of date); --quick measures only the figures of the
                         side-by-side ratios, briefly; --cold-start only the Lambda binaries' cold
                         start (wall and CPU time, peak memory) and sizes, with the Python reference
                         beside them; --binaries only builds the Lambda binaries from an empty target
                         folder and writes the build's time and their sizes
  instructions [--update]
                        count the instructions of the hot paths under callgrind and compare them
                        with src/part3/instructions.json; --update rewrites it and its table
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
        Command::Serve { port, run } => serve::serve(&Project::locate()?, port, run)?,
        Command::TestList => test_steps::print_list(),
        Command::Test { steps } => test_steps::run_steps(&Project::locate()?, &steps)?,
        Command::Bench(options) => bench::bench(&Project::locate()?, options)?,
        Command::Fuzz(options) => fuzz::fuzz(&Project::locate()?, &options)?,
        Command::Instructions { update: false } => {
            instructions::check(&Project::locate()?)?
        }
        Command::Instructions { update: true } => {
            instructions::update(&Project::locate()?)?
        }
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
    Serve { port: u16, run: bool },
    TestList,
    Test { steps: Vec<test_steps::Step> },
    Bench(bench::Options),
    Fuzz(fuzz::Options),
    Instructions { update: bool },
    Deploy(stack::DeployOptions),
    WorkshopPrepare,
}

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
        "serve" => {
            let (port, run) = serve::parse_args(rest)?;
            Ok(Command::Serve { port, run })
        }
        "test" => {
            if rest.iter().any(|arg| arg == "--list") {
                return Ok(Command::TestList);
            }
            if let Some(flag) = rest.iter().find(|arg| arg.starts_with('-')) {
                bail!("unknown option `{flag}` for `test`\n\n{USAGE}");
            }
            Ok(Command::Test { steps: test_steps::select(rest)? })
        }
        "bench" => Ok(Command::Bench(
            bench::Options::parse(rest)
                .map_err(|err| anyhow::anyhow!("{err}\n\n{USAGE}"))?,
        )),
        "fuzz" => Ok(Command::Fuzz(fuzz::Options::parse(rest)?)),
        "instructions" => match rest {
            [] => Ok(Command::Instructions { update: false }),
            [flag] if flag == "--update" => Ok(Command::Instructions { update: true }),
            _ => bail!("`instructions` takes only `--update`\n\n{USAGE}"),
        },
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

#[cfg(test)]
#[path = "main/tests.rs"]
mod tests;
