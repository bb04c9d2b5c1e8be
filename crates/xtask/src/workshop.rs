//! `cargo xtask workshop --prepare`: fetches and builds, while the network is there,
//! everything the workshop's pages ask an attendee to run, so that the session itself
//! needs no network (the run service of `cargo xtask serve` included: its builds are made
//! too); the `workshop` test step runs the same commands again with the network cut.

use std::{path::Path, process::Command, time::Instant};

use anyhow::{Context as _, Result, bail};
use walkdir::WalkDir;

use crate::{
    project::Project,
    serve::{run::run_service_target, warm},
    site,
    tools::BROWSER_TESTS_DIR,
    util::{cargo, is_root, probe, run, section},
};

/// The cargo commands the workshop's pages have an attendee run, each in a form that
/// succeeds on a fresh clone: the starters' tests are built, not run, since they fail
/// until the exercise is done.
pub(crate) const SESSION_COMMANDS: &[&[&str]] = &[
    // Module 0: the starters, their tests and the examples compile; every solution
    // passes.
    &["test", "-p", "workshop", "--no-run"],
    &["test", "-p", "workshop", "--features", "solutions"],
    // Modules 3 and 5: the example programs.
    &[
        "run",
        "-p",
        "workshop",
        "--features",
        "solutions",
        "--example",
        "standardized_event",
    ],
    &["run", "-p", "workshop", "--example", "put_events_plan"],
    // Modules 4 and 5 run unit tests of `product-events`.
    &["test", "-p", "product-events", "--lib"],
    // Module 5: the checks every change passes.
    &["fmt", "-p", "workshop", "--check"],
    &["clippy", "-p", "workshop", "--all-targets", "--", "-D", "warnings"],
];

/// Fetches every crate, builds and runs the session's commands, builds the book with its
/// playground (which installs the book's tools), and says what is ready and what it took.
pub(crate) fn prepare(project: &Project) -> Result<()> {
    let started = Instant::now();
    section("workshop: crates fetched and session commands built", || {
        session_commands(project)
    })?;
    let before = megabytes(&run_service_target(&project.target));
    section("workshop: the run service's builds of the book's snippets", || {
        let builds = warm::snippet_builds(&project.root)?;
        warm::build_as_the_service(project, &builds, &|| Command::new(cargo()))
    })?;
    section("workshop: the book, its playground and its tools", || site::build(project))?;
    let seconds = started.elapsed().as_secs_f64();
    println!("\nready for the workshop, offline, after {seconds:.0}s:");
    println!(
        "  the book:       `cargo xtask serve`, then http://127.0.0.1:3000 (built in {})",
        project.site_dir().display()
    );
    println!(
        "  the exercises:  `cargo test -p workshop --test <exercise>` (sku, capped_store, stream_events, flaky_provider)"
    );
    println!("  every command the workshop's pages quote:");
    for args in SESSION_COMMANDS {
        println!("    cargo {}", args.join(" "));
    }
    let npm = project.root.join(BROWSER_TESTS_DIR).join("node_modules");
    println!(
        "disk: {} in {} (every build of this clone)",
        megabytes(&project.target),
        project.target.display()
    );
    let service = run_service_target(&project.target);
    println!(
        "      of which {} in {} (the Run buttons' builds; {before} before this preparation)",
        megabytes(&service),
        service.display()
    );
    println!(
        "      {} in {} (npm: wasm-opt, and the browser tests' packages)",
        megabytes(&npm),
        npm.display()
    );
    println!(
        "      {} in {} (every tool installed there so far; the book's are mdBook, its two plugins and wasm-bindgen)",
        megabytes(project.tools.dir()),
        project.tools.dir().display()
    );
    Ok(())
}

/// The part of the preparation that needs cargo only: every crate fetched, every session
/// command run.
pub(crate) fn session_commands(project: &Project) -> Result<()> {
    run(project.cargo().arg("fetch"))?;
    for args in SESSION_COMMANDS {
        run(project.cargo().args(*args))?;
    }
    Ok(())
}

/// Runs the session's commands again with cargo told to stay offline and, where the
/// machine allows it, in a network namespace that has no network at all (`unshare -n`).
/// Under `CI=true` a machine without namespaces is a failure, since the claim would go
/// untested.
pub(crate) fn check_offline(project: &Project) -> Result<()> {
    let isolated = network_namespace();
    match (&isolated, project.tools.ci()) {
        (Ok(()), _) => println!(
            "the session's commands run again with the network cut (`unshare -n`)"
        ),
        (Err(why), true) => {
            bail!("the offline check needs a network namespace under CI=true: {why}")
        }
        (Err(why), false) => println!(
            "the session's commands run again with CARGO_NET_OFFLINE only: {why}"
        ),
    }
    // Without the namespace, CARGO_NET_OFFLINE alone keeps cargo off the network.
    let offline_cargo = || {
        let mut cmd = if isolated.is_ok() {
            let mut cmd = Command::new("unshare");
            cmd.args(["-n", "--"]).arg(cargo());
            cmd
        } else {
            Command::new(cargo())
        };
        cmd.current_dir(&project.root).env("CARGO_NET_OFFLINE", "true");
        cmd
    };
    for args in SESSION_COMMANDS {
        run(offline_cargo().args(*args)).context(
            "a session command needs the network after `cargo xtask workshop --prepare`",
        )?;
    }
    // One Run button's build, as the run service makes it: the first exercise's.
    warm::build_as_the_service(project, &[warm::exercise_build("sku")], &offline_cargo)
        .context(
            "the run service needs the network after `cargo xtask workshop --prepare`",
        )
}

/// Whether commands can run in a network namespace of their own (root and a working
/// `unshare`).
pub(crate) fn network_namespace() -> Result<(), String> {
    if !is_root() {
        return Err("`unshare -n` needs root".to_owned());
    }
    if !probe(Command::new("unshare").args(["-n", "--", "true"])) {
        return Err("`unshare -n true` failed here: no `unshare` (util-linux), or no permission to create a \
                    network namespace"
            .to_owned());
    }
    Ok(())
}

/// The size of a folder tree, in megabytes, as a person reads it.
fn megabytes(dir: &Path) -> String {
    let bytes: u64 = WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|entry| entry.metadata().ok())
        .filter(|meta| meta.is_file())
        .map(|meta| meta.len())
        .sum();
    format!("{} MB", bytes / 1_000_000)
}
