//! `cargo xtask test`: every check the project has, as named steps, each timed, then a
//! summary.
//!
//! A failing step does not stop the others, so one run shows everything that is wrong. A
//! step whose system tool is missing (Chromium without root, node, python3) is skipped
//! with the command that installs it, except under `CI=true`, where it fails.

mod browser;
mod clippy;
mod deny;
mod fuzz;
mod integration;
mod step;
mod template;
mod unit;
mod workshop;

use std::{process::Command, time::Instant};

use anyhow::{Result, bail};
use cargo_metadata::Artifact;

pub(crate) use self::step::{Step, print_list, select};
use crate::{
    book_commands, instructions, project::Project, site, tools::MissingSystemTool,
    util::run,
};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The fuzz crate's manifest: a workspace of its own, which `fmt` and `clippy` check too.
const FUZZ_MANIFEST: &str = "crates/fuzz/Cargo.toml";
/// The crates that must keep building for the browser.
const WASM_CRATES: &[&str] = &["product-domain", "product-events", "product-handlers"];

enum Outcome {
    Passed,
    Skipped(String),
    Failed,
}

impl Outcome {
    fn word(&self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Skipped(_) => "SKIPPED",
            Outcome::Failed => "FAILED",
        }
    }
}

/// Runs the steps and prints a summary; fails if any step failed.
pub(crate) fn run_steps(project: &Project, steps: &[Step]) -> Result<()> {
    let mut ctx = Ctx { project, test_artifacts: None, site: None };
    let mut results = Vec::new();
    let started = Instant::now();
    for (index, &step) in steps.iter().enumerate() {
        println!("\n==> [{}/{}] {step}: {}", index + 1, steps.len(), step.about());
        let step_started = Instant::now();
        let outcome = match ctx.run(step) {
            Ok(()) => Outcome::Passed,
            Err(err) => match err.downcast_ref::<MissingSystemTool>() {
                Some(missing) if !project.tools.ci() => {
                    Outcome::Skipped(missing.message.clone())
                }
                _ => {
                    eprintln!("error: {err:#}");
                    Outcome::Failed
                }
            },
        };
        let seconds = step_started.elapsed().as_secs_f64();
        println!("<== {step}: {} in {seconds:.1}s", outcome.word());
        if let Outcome::Skipped(why) = &outcome {
            println!("    {why} (with CI=true this is a failure)");
        }
        results.push((step, outcome, seconds));
    }

    println!("\nsummary ({:.1}s):", started.elapsed().as_secs_f64());
    for (step, outcome, seconds) in &results {
        let why = if let Outcome::Skipped(why) = outcome {
            format!("  {why}")
        } else {
            String::new()
        };
        println!("  {:<12} {:<8} {seconds:>7.1}s{why}", step.name(), outcome.word());
    }
    let named = |word: &'static str| {
        results.iter().filter(move |(_, outcome, _)| outcome.word() == word)
    };
    println!(
        "steps: {} passed, {} failed, {} skipped",
        named("passed").count(),
        named("FAILED").count(),
        named("SKIPPED").count()
    );
    let failed: Vec<_> = named("FAILED").map(|(step, _, _)| step.name()).collect();
    if !failed.is_empty() {
        bail!(
            "{} of {} steps failed: {}",
            failed.len(),
            results.len(),
            failed.join(", ")
        );
    }
    // The book quotes the suites' figures only from a run in which every step passed.
    if named("passed").count() == Step::ALL.len() {
        crate::figures::render(project)?;
    }
    Ok(())
}

struct Ctx<'a> {
    project: &'a Project,
    /// The host test binaries, built once for both `unit` and `integration`.
    test_artifacts: Option<Vec<Artifact>>,
    /// Whether `site` ran in this invocation and passed, so `browser` tests what was
    /// just built.
    site: Option<bool>,
}

impl Ctx<'_> {
    fn run(&mut self, step: Step) -> Result<()> {
        let project = self.project;
        match step {
            Step::Fmt => {
                let workspace = run(project.cargo().args(["fmt", "--all", "--check"]));
                let fuzz = run(project.cargo().args([
                    "fmt",
                    "--all",
                    "--check",
                    "--manifest-path",
                    FUZZ_MANIFEST,
                ]));
                workspace.and(fuzz)
            }
            Step::Clippy => self.clippy(),
            Step::Wasm => {
                for krate in WASM_CRATES {
                    project.require_crate(&format!("crates/{krate}"), "the wasm step")?;
                }
                project.tools.wasm_target()?;
                let mut cmd = project.cargo();
                cmd.args(["build", "--target", WASM_TARGET]);
                for krate in WASM_CRATES {
                    cmd.args(["--package", krate]);
                }
                run(&mut cmd)
            }
            Step::Unit => self.unit(),
            Step::Instructions => instructions::check(project),
            Step::Fuzz => self.fuzz(),
            Step::Workshop => self.workshop(),
            Step::Integration => self.integration(),
            Step::Template => self.template(),
            Step::WasmTest => self.wasm_test(),
            Step::Site => {
                let built = site::build(project);
                self.site = Some(built.is_ok());
                built
            }
            Step::Browser => self.browser(),
            Step::Typos => {
                let typos = project.tools.typos()?;
                run(Command::new(typos)
                    .arg("--config")
                    .arg(project.root.join("typos.toml"))
                    .current_dir(&project.root))
            }
            Step::Actionlint => {
                let actionlint = project.tools.actionlint()?;
                let workflows = browser::files_with_extensions(
                    &project.root.join(".github/workflows"),
                    &["yml", "yaml"],
                )?;
                if workflows.is_empty() {
                    bail!("no workflow files in .github/workflows/");
                }
                run(Command::new(actionlint).args(&workflows).current_dir(&project.root))
            }
            Step::Deny => self.deny(),
            Step::Commands => book_commands::check(&project.root, &project.target),
        }
    }
}

#[cfg(test)]
mod tests;
